/**
 * The background inventory sync, coordinated through PostgreSQL so several replicas sharing one
 * database never sync the same connection at once:
 *
 * - claimDueConnections: takes a lease (lib/db/lease.ts: syncLeaseOwner / syncLeaseUntil) on
 *   connections whose nextSyncAt has come and whose lease is free or expired (a SIGKILLed replica's
 *   lease simply expires);
 * - each claimed connection is synced (lib/inventory/sync.ts), then released with its next time:
 *   SYNC_INTERVAL_SECONDS ± 20 % after a success, exponential backoff (by consecutiveFailures,
 *   capped at 30 minutes) after a failure.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { jitter, WORKER_ID, type Job } from "@/lib/worker";
import { config } from "@/lib/config";
import { getPrisma, Prisma } from "@/lib/db/client";
import { claimLeases, releaseLease, type LeaseColumns } from "@/lib/db/lease";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { setSyncAgeGauge, syncConnection, type SyncResult } from "./sync";

const MAX_BACKOFF_MS = 30 * 60 * 1000;
/**
 * Connections one replica syncs at once (each with at most PROVIDER_CONCURRENCY requests in flight).
 * SYNC_CONCURRENCY fixes the number. Else the tick's pool adapts between two bounds (syncPoolBounds):
 * it starts at 4 per CPU core (4 to 32) and grows, by a quarter of that per 250 ms window, up to 16
 * per core (16 to 64) while this process's event loop is at most three quarters busy, i.e. while the
 * syncs wait on the providers' round trips (remote providers: their list time is network and their
 * servers' work, not our CPU); it shrinks back when the loop is busy. A sync's client side (TLS,
 * JSON, the SDKs, the snapshot write) is CPU work in this process: far more CPU-bound syncs than
 * cores only stretch each one towards SYNC_TIMEOUT_SECONDS without finishing the tick sooner
 * (docs/operations.md has the figures), which is what the loop's utilisation tells apart.
 */
export function syncPoolBounds(): { min: number; max: number } {
  const fixed = config().SYNC_CONCURRENCY;
  if (fixed) return { min: fixed, max: fixed };
  const cores = os.availableParallelism();
  return { min: Math.min(32, Math.max(4, 4 * cores)), max: Math.min(64, Math.max(16, 16 * cores)) };
}

/** the pool's starting size (the whole pool when SYNC_CONCURRENCY is set): the default claim limit */
export function parallelSyncs(): number {
  return syncPoolBounds().min;
}

/**
 * below this event-loop utilisation the pool may grow; above BUSY it shrinks. At 0.5 a tick of 40
 * connections never grew past its floor of 8 with remote providers (the SDKs' parsing kept the loop
 * 55–65 % busy while most syncs waited on round trips), so five 11 s EKS syncs held five of the eight
 * places and the 35 short syncs queued through the other three (bench:inventory, docs/operations.md).
 */
const IDLE_ENOUGH = 0.75;
const BUSY = 0.95;
/** the shortest window the utilisation is judged over (shorter ones are noise) */
const POOL_WINDOW_MS = 250;

/**
 * The pool size after one window: a quarter of the floor more (one per core; to the bound) when the
 * loop had idle time and the pool was full, one less (to the floor) when it was busy, else unchanged.
 * Growth is a step, not a doubling: at a tick's start every sync waits on its first answers, and a
 * doubling pool reached 32 syncs within half a second, then the answers' parsing saturated the loop and
 * stretched the longest syncs from 11 to 20 s. Pure; the tick samples performance.eventLoopUtilization().
 */
export function nextPoolLimit(limit: number, utilization: number, running: number, bounds: { min: number; max: number }): number {
  if (utilization > BUSY) return Math.max(bounds.min, limit - 1);
  if (utilization < IDLE_ENOUGH && running >= limit) return Math.min(bounds.max, limit + Math.max(1, Math.round(bounds.min / 4)));
  return Math.min(bounds.max, Math.max(bounds.min, limit));
}

/** how long a claim holds: the whole sync (provider reads bounded by SYNC_TIMEOUT_SECONDS, then the write) must fit in it */
export function leaseMs(): number {
  const cfg = config();
  return (cfg.SYNC_TIMEOUT_SECONDS * 2 + 30) * 1000;
}

/** the sync lease's columns on Connection (lib/db/lease.ts) */
const SYNC_LEASE: LeaseColumns = { table: "Connection", owner: "syncLeaseOwner", until: "syncLeaseUntil", due: "nextSyncAt" };

export interface Claimed {
  id: string;
  provider: string;
  teamId: string;
}

/**
 * Claims up to `limit` due connections for `workerId` (or exactly `onlyId` when given and free,
 * ignoring nextSyncAt — "refresh now"). Two workers never get the same connection.
 */
export async function claimDueConnections(workerId: string, opts: { limit?: number; onlyId?: string; teamId?: string } = {}): Promise<Claimed[]> {
  return claimLeases<Claimed>(SYNC_LEASE, {
    workerId,
    leaseMs: leaseMs(),
    limit: opts.limit ?? parallelSyncs(),
    // "refresh now" takes exactly this connection whatever its nextSyncAt
    ...(opts.onlyId ? { eligible: Prisma.sql`id = ${opts.onlyId} AND (${opts.teamId ?? null}::text IS NULL OR "teamId" = ${opts.teamId ?? null})` } : {}),
    returning: Prisma.sql`id, provider, "teamId"`,
    order: CLAIM_ORDER,
  });
}

/**
 * Claim order: by due time less the connection's last sync duration, i.e. among connections due
 * together the longest expected sync starts first (longest-processing-time-first: a tick of many
 * connections ends about when its slowest connection's sync would end alone, instead of that sync
 * starting last behind a queue of short ones). A connection never synced counts as 0 ms. A long sync
 * moves ahead by at most its own duration (bounded by SYNC_TIMEOUT_SECONDS), so nothing starves.
 */
const CLAIM_ORDER = Prisma.sql`"nextSyncAt" - (COALESCE("lastSyncMs", 0) * interval '1 millisecond'), id`;

/** Gives the lease back and schedules the next sync (backoff after failures). Only the owner's lease is released. */
export async function releaseConnection(workerId: string, id: string, result: (Pick<SyncResult, "ok"> & Partial<Pick<SyncResult, "durationMs">>) | null): Promise<void> {
  const row = await getPrisma().connection.findUnique({ where: { id }, select: { consecutiveFailures: true } });
  if (!row) return;
  const intervalMs = config().SYNC_INTERVAL_SECONDS * 1000;
  const delay = result?.ok ? jitter(intervalMs) : backoffMs(row.consecutiveFailures, intervalMs);
  // the sync's duration orders the next claims (CLAIM_ORDER); a crashed sync (no result) keeps the last one
  const took = result?.durationMs;
  const set = took !== undefined && Number.isFinite(took) ? [Prisma.sql`"lastSyncMs" = ${Math.min(2_147_483_647, Math.max(0, Math.round(took)))}::int`] : [];
  await releaseLease(SYNC_LEASE, id, workerId, delay, set);
}

/** interval × 2^(failures-1), jittered, at most 30 minutes (and never shorter than the interval) */
export function backoffMs(failures: number, intervalMs: number): number {
  const exp = Math.min(Math.max(failures, 1) - 1, 10);
  return jitter(Math.min(MAX_BACKOFF_MS, Math.max(intervalMs, intervalMs * 2 ** exp)), 0.1);
}

async function syncClaimed(workerId: string, c: Claimed, requestId?: string): Promise<SyncResult> {
  let result: SyncResult | null = null;
  try {
    result = await syncConnection(c.id, { requestId });
    return result;
  } catch (e) {
    // deleted between the claim and the sync's own checks: nothing to report
    if ((await getPrisma().connection.count({ where: { id: c.id } }).catch(() => 1)) === 0) {
      logger.debug({ connectionId: c.id, err: (e as Error).message }, "connection deleted during its sync; sync ended");
      throw e;
    }
    logger.error({ connectionId: c.id, err: (e as Error).message }, "inventory sync crashed");
    throw e;
  } finally {
    await releaseConnection(workerId, c.id, result).catch((e: unknown) => logger.error({ connectionId: c.id, err: (e as Error).message }, "could not release the sync lease"));
  }
}

/**
 * One tick: a pool of syncs (syncPoolBounds: its size adapts to the event loop's utilisation);
 * whenever one finishes, or the pool may grow, the next due connections are claimed (no rounds
 * waiting for their slowest member), until none is due. Then stale states and the sync-age gauges
 * are refreshed.
 */
export async function runInventoryTick(workerId: string, signal?: AbortSignal): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  const running = new Set<Promise<void>>();
  const bounds = syncPoolBounds();
  let limit = bounds.min;
  let window = performance.eventLoopUtilization();
  let due = true;
  for (let step = 0; step < 100_000 && !signal?.aborted; step++) {
    const free = limit - running.size;
    if (due && free > 0) {
      const claimed = await claimDueConnections(workerId, { limit: free });
      // fewer than asked: nothing more is due now (others' leases are skipped, not waited for)
      if (claimed.length < free) due = false;
      for (const c of claimed) {
        const p: Promise<void> = syncClaimed(workerId, c)
          .then((r) => void results.push(r), () => undefined)
          .finally(() => running.delete(p));
        running.add(p);
      }
    }
    if (!running.size) break;
    // wait for a slot, or for a window after which the pool may grow (only while more may be due)
    let timer: NodeJS.Timeout | undefined;
    const grow = due && limit < bounds.max ? new Promise<void>((r) => (timer = setTimeout(r, POOL_WINDOW_MS))) : null;
    const finished = await Promise.race([...running].map((p) => p.then(() => true)).concat(grow ? [grow.then(() => false)] : []));
    clearTimeout(timer);
    // a finished sync frees a slot: look again for due connections
    if (finished) due = true;
    const u = performance.eventLoopUtilization(window);
    if (u.idle + u.active >= POOL_WINDOW_MS) {
      const next = nextPoolLimit(limit, u.utilization, running.size, bounds);
      if (next !== limit) logger.debug({ from: limit, to: next, utilization: Math.round(u.utilization * 100) / 100, running: running.size }, "sync pool resized");
      limit = next;
      window = performance.eventLoopUtilization();
    }
  }
  await Promise.allSettled([...running]);
  await markStaleConnections();
  await refreshSyncAgeGauges();
  return results;
}

/** fresh → stale when the last success is older than 3× the interval; "syncing" whose lease expired (crashed replica) too */
export async function markStaleConnections(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - 3 * config().SYNC_INTERVAL_SECONDS * 1000);
  const prisma = getPrisma();
  const a = await prisma.connection.updateMany({ where: { state: "fresh", lastSuccessAt: { lt: cutoff } }, data: { state: "stale" } });
  const b = await prisma.connection.updateMany({
    where: { state: "syncing", OR: [{ syncLeaseUntil: null }, { syncLeaseUntil: { lt: now } }] },
    data: { state: "stale" },
  });
  return a.count + b.count;
}

export async function refreshSyncAgeGauges(): Promise<void> {
  const rows = await getPrisma().connection.findMany({ select: { id: true, provider: true, lastSuccessAt: true } });
  const gauge = metrics().syncAge;
  gauge.reset();
  const now = Date.now();
  for (const r of rows) setSyncAgeGauge(r.id, r.provider, r.lastSuccessAt, now);
}

export class SyncBusyError extends Error {
  constructor() {
    super("a sync of this connection is already running");
    this.name = "SyncBusyError";
  }
}

/**
 * "Refresh now": claims this one connection (whatever its nextSyncAt) and syncs it, waiting for the
 * result. Throws SyncBusyError when another worker holds its lease, and answers null for an unknown
 * connection (or another team's when teamId is given).
 */
export async function syncConnectionNow(connectionId: string, opts: { teamId?: string; requestId?: string; workerId?: string } = {}): Promise<SyncResult | null> {
  const workerId = opts.workerId ?? WORKER_ID;
  const exists = await getPrisma().connection.findFirst({ where: { id: connectionId, ...(opts.teamId ? { teamId: opts.teamId } : {}) }, select: { id: true } });
  if (!exists) return null;
  const [claimed] = await claimDueConnections(workerId, { onlyId: connectionId, teamId: opts.teamId, limit: 1 });
  if (!claimed) throw new SyncBusyError();
  return syncClaimed(workerId, claimed, opts.requestId);
}

/**
 * Starts the first sync of a freshly created connection in the background (the connections code
 * calls this right after creating one); failures are recorded on the connection, never thrown.
 */
export function requestInitialSync(connectionId: string): void {
  void syncConnectionNow(connectionId).catch((e: unknown) => {
    // busy = the worker picked it up first, which is just as good
    if (!(e instanceof SyncBusyError)) logger.warn({ connectionId, err: (e as Error).message }, "first inventory sync failed to start");
  });
}

/** The worker job (lib/worker/jobs.ts): ticks every few seconds; the per-connection interval is in nextSyncAt. */
export function inventorySyncJob(): Job {
  const interval = Math.min(5_000, config().SYNC_INTERVAL_SECONDS * 1000);
  return { name: "inventory-sync", intervalMs: interval, run: (ctx) => runInventoryTick(ctx.workerId, ctx.signal).then(() => undefined) };
}
