/**
 * The worker side of tracked operations. Each tick claims due operations with a short lease
 * (lib/db/lease.ts: UPDATE … FOR UPDATE SKIP LOCKED on the database's clock), so two replicas never work the
 * same one and a crashed replica's operations are picked up when its lease expires. Per operation:
 *
 *   submit  — call the provider (create / upgrade / delete / node pool); accepted → timeline "accepted"
 *   poll    — getCluster until the target state, one timeline entry per observed provider status
 *
 * Transient refusals (unavailable, timeout, rate limited, conflict while busy) are retried with
 * exponential backoff and shown on the timeline — never given up silently. Permanent ones (invalid,
 * forbidden, unauthorized) fail the operation with the provider's own message. Every write is
 * conditional on still holding the lease and the operation still being active (an admin may cancel).
 */
import { audit } from "@/lib/audit";
import { kubeVersionMatches, kubeVersionText } from "@/lib/kube-version";
import { adapterForConnection, ConnectionNotFoundError } from "@/lib/connections";
import { config } from "@/lib/config";
import { getPrisma, Prisma } from "@/lib/db/client";
import { dbNow } from "@/lib/db/clock";
import type { Operation } from "@/lib/db/generated/client";
import { claimLeases, renewLease as renewDbLease, type LeaseColumns } from "@/lib/db/lease";
import { logger } from "@/lib/log";
import { isProviderError, type NodePoolChange, type OperationHandle, type ProviderAdapter, type ProviderCluster } from "@/lib/providers/types";
import { removeSnapshot, upsertSnapshot } from "./snapshot";
import { timelineOf } from "./summary";
import { ACTIVE_STATES, type TimelineEntry } from "./types";

type Entry = TimelineEntry & { repeat?: number };

interface StepResult {
  entries: Entry[];
  /** terminal outcome */
  done?: { state: "succeeded" | "failed"; error?: string | null };
  /** when to look again (ms from now) */
  delayMs?: number;
  error?: string | null;
  data?: Prisma.OperationUpdateManyMutationInput & { clusterId?: string | null };
  /** replace the last entry instead of appending (repeated retry of the same error) */
  replaceLast?: boolean;
  /** side effect on the inventory, run in the same transaction as the final write */
  snapshot?: { remove?: string; upsert?: ProviderCluster };
}

const at = () => new Date().toISOString();
const entry = (message: string, state?: string): Entry => ({ at: at(), message, ...(state ? { state } : {}) });
/** "1.35" matches "1.35.2" (providers that report patches of a minor target) */
export function versionReached(current: string | null | undefined, target: string): boolean {
  return kubeVersionMatches(current, target);
}

const TRANSIENT = new Set(["unavailable", "timeout", "rate_limited", "conflict", "bad_response"]);

function isAccepted(op: Operation): boolean {
  return timelineOf(op).some((e) => e.state === "accepted");
}

function params(op: Operation) {
  return (op.params ?? {}) as {
    scope?: string;
    input?: Record<string, unknown>;
    version?: string;
    poolId?: string;
    poolName?: string;
    change?: NodePoolChange;
  };
}

function backoffMs(n: number, retryAfterMs?: number): number {
  const cfg = config();
  const base = cfg.OPERATION_RETRY_BASE_SECONDS * 1000;
  const max = cfg.OPERATION_RETRY_MAX_SECONDS * 1000;
  const exp = Math.min(max, base * 2 ** Math.max(0, n - 1));
  const jittered = exp * (0.8 + Math.random() * 0.4);
  return Math.round(Math.min(max, Math.max(jittered, retryAfterMs ?? 0)));
}

const pollMs = () => Math.round(config().OPERATION_POLL_SECONDS * 1000);

/** a provider refusal worth retrying: shows on the timeline, backs off exponentially */
function retry(op: Operation, what: string, e: unknown): StepResult {
  const msg = e instanceof Error ? e.message : String(e);
  const kind = isProviderError(e) ? e.kind : "error";
  const last = timelineOf(op).at(-1) as Entry | undefined;
  const message = `${what} failed (${kind}): ${msg} — retrying`;
  const same = last?.state === "retry" && last.message.replace(/ \(attempt \d+\)$/, "") === message;
  const repeat = same ? (last!.repeat ?? 1) + 1 : 1;
  return {
    entries: [{ ...entry(repeat > 1 ? `${message} (attempt ${repeat})` : message, "retry"), repeat }],
    replaceLast: same,
    delayMs: backoffMs(repeat, isProviderError(e) ? e.retryAfterMs : undefined),
    error: msg,
  };
}

function fail(message: string): StepResult {
  return { entries: [entry(message, "failed")], done: { state: "failed", error: message } };
}

function succeed(message: string, extra: Partial<StepResult> = {}): StepResult {
  return { entries: [entry(message, "succeeded")], done: { state: "succeeded", error: null }, ...extra };
}

/** refusals: transient ones retry, permanent ones fail with the provider's own message */
function refusal(op: Operation, what: string, e: unknown, opts: { permanentConflict?: boolean } = {}): StepResult {
  if (e instanceof ConnectionNotFoundError) return fail("the connection was removed");
  if (isProviderError(e)) {
    if (TRANSIENT.has(e.kind) && !(e.kind === "conflict" && opts.permanentConflict)) return retry(op, what, e);
    return fail(`${what} refused by ${e.provider} (${e.kind}): ${e.message}`);
  }
  // anything else (network trouble, a bug): keep trying, visibly
  return retry(op, what, e);
}

// ---------------------------------------------------------------------------------------------
// submit

/** the provider accepted a request: poll its progress from now on */
function accepted(h: OperationHandle, message: string, extra: Partial<StepResult> = {}): StepResult {
  return {
    entries: [entry(message, "accepted")],
    delayMs: pollMs(),
    error: null,
    ...extra,
    data: { providerRequestId: h.providerRequestId ?? null, ...(extra.data ?? {}) },
  };
}

type Submit = (op: Operation, adapter: ProviderAdapter, p: ReturnType<typeof params>, scope: string, prior: number) => Promise<StepResult>;

const submitCreate: Submit = async (op, adapter, p, scope, prior) => {
  let h: OperationHandle | undefined;
  try {
    if (prior > 0) {
      // an earlier attempt may have reached the provider before failing or crashing: adopt it
      const found = (await adapter.listClusters(scope)).find((c) => c.name === op.targetName);
      if (found) h = { externalId: found.externalId, scope: found.scope, cluster: found };
    }
    h ??= await adapter.createCluster(scope, p.input ?? {}, { idempotencyKey: op.id });
  } catch (e) {
    return refusal(op, "Create", e, { permanentConflict: prior === 0 });
  }
  let cluster = h.cluster;
  if (!cluster) cluster = await adapter.getCluster(h.scope, h.externalId).catch(() => undefined);
  return accepted(h, `${adapter.kind} accepted the create request (cluster id ${h.externalId})`, {
    data: { externalId: h.externalId, params: { ...(op.params as object), scope: h.scope } as Prisma.InputJsonValue },
    snapshot: cluster ? { upsert: { ...cluster, externalId: h.externalId } } : undefined,
  });
};

const submitUpgrade: Submit = async (op, adapter, p, scope, prior) => {
  const target = kubeVersionText(p.version);
  if (!target) return fail(`The operation names no Kubernetes version to upgrade to ("${p.version ?? ""}")`);
  try {
    const live = await adapter.getCluster(scope, op.externalId!);
    if (versionReached(live.version, target) && live.status === "running") return succeed(`The cluster already runs Kubernetes ${target}; nothing to do`, { snapshot: { upsert: live } });
    if (prior > 0 && (live.status === "upgrading" || live.status === "updating")) {
      return accepted({ externalId: op.externalId!, scope }, `The provider is already upgrading the cluster (${live.providerStatus}); an earlier attempt was accepted`);
    }
    const h = await adapter.upgradeCluster(scope, op.externalId!, target);
    return accepted(h, `${adapter.kind} accepted the upgrade to ${target}`, h.cluster ? { snapshot: { upsert: h.cluster } } : {});
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return fail(`The cluster no longer exists at ${e.provider}: ${e.message}`);
    return refusal(op, "Upgrade", e);
  }
};

const submitDelete: Submit = async (op, adapter, _p, scope) => {
  try {
    const h = await adapter.deleteCluster(scope, op.externalId!);
    return accepted(h, h.note ?? `${adapter.kind} accepted the delete request`);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return succeed("The cluster is already gone at the provider", { snapshot: { remove: op.clusterId ?? undefined } });
    return refusal(op, "Delete", e);
  }
};

const submitNodePool: Submit = async (op, adapter, p, scope) => {
  try {
    let h: OperationHandle;
    if (op.kind === "nodepool_create") {
      if (!adapter.createNodePool) return fail("this provider cannot add node pools");
      h = await adapter.createNodePool(scope, op.externalId!, p.input ?? {});
    } else if (op.kind === "nodepool_scale") {
      if (!adapter.updateNodePool) return fail("this provider cannot scale node pools");
      h = await adapter.updateNodePool(scope, op.externalId!, p.poolId!, p.change ?? {});
    } else if (op.kind === "nodepool_upgrade") {
      if (!adapter.upgradeNodePool) return fail("this provider cannot upgrade node pools");
      h = await adapter.upgradeNodePool(scope, op.externalId!, p.poolId!, kubeVersionText(p.version) ?? String(p.version ?? ""));
    } else {
      if (!adapter.deleteNodePool) return fail("this provider cannot remove node pools");
      h = await adapter.deleteNodePool(scope, op.externalId!, p.poolId!);
    }
    return accepted(h, `${adapter.kind} accepted the node pool change`);
  } catch (e) {
    if (op.kind === "nodepool_delete" && isProviderError(e) && e.kind === "not_found") return succeed("The node pool is already gone");
    return refusal(op, "Node pool change", e);
  }
};

const SUBMIT: Record<string, Submit> = {
  create: submitCreate,
  upgrade: submitUpgrade,
  delete: submitDelete,
  nodepool_create: submitNodePool,
  nodepool_scale: submitNodePool,
  nodepool_delete: submitNodePool,
  nodepool_upgrade: submitNodePool,
};

/** one operation kind's provider call and its timeline entry */
async function submit(op: Operation, adapter: ProviderAdapter): Promise<StepResult> {
  const p = params(op);
  const prior = op.attempts;
  // count the attempt before calling: a crash during the call leaves a trace the next worker sees
  await getPrisma().operation.update({ where: { id: op.id }, data: { attempts: { increment: 1 } } });
  const run = Object.hasOwn(SUBMIT, op.kind) ? SUBMIT[op.kind] : undefined;
  if (!run) return fail(`unknown operation kind "${op.kind}"`);
  return run(op, adapter, p, p.scope ?? "", prior);
}

// ---------------------------------------------------------------------------------------------
// poll

const POOL_BUSY = /pend|provision|creat|updat|scal|build|delet|progress/i;

async function poll(op: Operation, adapter: ProviderAdapter): Promise<StepResult> {
  const p = params(op);
  const scope = p.scope ?? "";
  let c: ProviderCluster;
  try {
    c = await adapter.getCluster(scope, op.externalId!);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") {
      if (op.kind === "delete") return succeed(`The cluster is gone at ${e.provider}`, { snapshot: { remove: op.clusterId ?? undefined } });
      if (op.kind === "create") return retry(op, "Reading the new cluster", e);
      return fail(`The cluster no longer exists at ${e.provider}`);
    }
    return refusal(op, "Reading the cluster", e);
  }
  const entries: Entry[] = [];
  const observed = `Provider reports ${c.providerStatus || c.status} (${c.status}${c.version ? `, Kubernetes ${c.version}` : ""}${c.nodePools.length ? `, ${c.nodeCount} node${c.nodeCount === 1 ? "" : "s"}` : ""})`;
  const lastObserved = [...timelineOf(op)].reverse().find((e) => e.state === "observed");
  if (lastObserved?.message !== observed) entries.push(entry(observed, "observed"));
  const keep: StepResult = { entries, delayMs: pollMs(), error: null, snapshot: { upsert: c } };
  const done = (message: string): StepResult => ({ ...keep, entries: [...entries, entry(message, "succeeded")], done: { state: "succeeded", error: null } });
  const failed = (message: string): StepResult => ({ ...keep, entries: [...entries, entry(message, "failed")], done: { state: "failed", error: message } });
  switch (op.kind) {
    case "create":
      if (c.status === "running") return done(`${c.name} is running`);
      if (c.status === "failed") return failed(`The provider reports that creating ${c.name} failed (${c.providerStatus})`);
      return keep;
    case "upgrade":
      if (c.status === "running" && versionReached(c.version, p.version ?? "")) return done(`${c.name} runs Kubernetes ${c.version}`);
      if (c.status === "failed") return failed(`The provider reports that the upgrade failed (${c.providerStatus})`);
      return keep;
    case "delete":
      if (adapter.continueDelete && c.status !== "deleting") {
        try {
          const step = await adapter.continueDelete(scope, op.externalId!);
          if (step) return { ...keep, entries: [...entries, entry(step)] };
        } catch (e) {
          // the provider still refuses while earlier steps finish (e.g. node groups deleting): look again later
          if (isProviderError(e) && (e.kind === "conflict" || e.kind === "not_found")) return keep;
          const r = refusal(op, "Continuing the delete", e);
          return { ...r, entries: [...entries, ...r.entries] };
        }
      }
      return keep;
    case "nodepool_create": {
      const pool = c.nodePools.find((x) => x.name === p.poolName);
      if (pool && c.status === "running" && !POOL_BUSY.test(pool.status ?? "")) return done(`Node pool ${pool.name} is ready (${pool.nodeCount} nodes)`);
      return keep;
    }
    case "nodepool_scale": {
      const pool = c.nodePools.find((x) => x.externalId === p.poolId);
      if (!pool) return failed("The node pool no longer exists");
      const want = p.change?.nodeCount;
      if (c.status === "running" && !POOL_BUSY.test(pool.status ?? "") && (want === undefined || pool.nodeCount === want)) return done(`Node pool ${pool.name} has ${pool.nodeCount} nodes`);
      return keep;
    }
    case "nodepool_delete": {
      const pool = c.nodePools.find((x) => x.externalId === p.poolId);
      if (!pool && c.status !== "failed") return done(`Node pool ${p.poolName ?? p.poolId} is gone`);
      return keep;
    }
    case "nodepool_upgrade": {
      const pool = c.nodePools.find((x) => x.externalId === p.poolId);
      if (!pool) return failed("The node pool no longer exists");
      if (!POOL_BUSY.test(pool.status ?? "") && versionReached(pool.version, p.version ?? "")) return done(`Node pool ${pool.name} runs Kubernetes ${pool.version}`);
      if (/fail|degrad/i.test(pool.status ?? "")) return failed(`The provider reports node pool ${pool.name} as ${pool.status}`);
      return keep;
    }
    default:
      return fail(`unknown operation kind "${op.kind}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// claim, drive, write

/** the operation lease's columns (lib/db/lease.ts) */
const OPERATION_LEASE: LeaseColumns = { table: "Operation", owner: "leaseOwner", until: "leaseUntil", due: "nextAttemptAt" };

/** claims up to `limit` due operations for `workerId`; never returns one another worker holds (lease on the database's clock) */
export async function claimDue(workerId: string, limit = 8): Promise<Operation[]> {
  const rows = await claimLeases(OPERATION_LEASE, {
    workerId,
    leaseMs: Math.round(config().OPERATION_LEASE_SECONDS * 1000),
    limit,
    eligible: Prisma.sql`"state" IN ('pending', 'running') AND "nextAttemptAt" <= ${dbNow()}`,
    set: [Prisma.sql`"state" = CASE WHEN "state" = 'pending' THEN 'running' ELSE "state" END`, Prisma.sql`"startedAt" = COALESCE("startedAt", ${dbNow()})`, Prisma.sql`"updatedAt" = ${dbNow()}`],
  });
  if (!rows.length) return [];
  return getPrisma().operation.findMany({ where: { id: { in: rows.map((r) => r.id) }, leaseOwner: workerId } });
}

/**
 * Extends a held lease by `leaseMs` on the database's clock (as the claim sets it); false when the
 * lease is no longer this worker's.
 */
export function renewLease(id: string, workerId: string, leaseMs: number): Promise<boolean> {
  return renewDbLease(OPERATION_LEASE, id, workerId, leaseMs);
}

async function write(op: Operation, workerId: string, r: StepResult): Promise<boolean> {
  const prisma = getPrisma();
  const base = timelineOf(op) as Entry[];
  // each step records which worker ran it (operators follow an operation across replicas)
  const entries = r.entries.map((e) => ({ ...e, worker: workerId }));
  const timeline = r.replaceLast ? [...base.slice(0, -1), ...entries] : [...base, ...entries];
  const { clusterId: explicitClusterId, ...data } = r.data ?? {};
  try {
    return await prisma.$transaction(async (tx) => {
      let clusterId = explicitClusterId ?? op.clusterId;
      if (r.snapshot?.upsert) {
        const conn = await tx.connection.findUnique({ where: { id: op.connectionId }, select: { id: true, teamId: true, provider: true } });
        if (conn) clusterId = (await upsertSnapshot(conn, r.snapshot.upsert, tx)).id;
      }
      if (r.snapshot?.remove) {
        await removeSnapshot(r.snapshot.remove, tx);
        clusterId = null;
      }
      const res = await tx.operation.updateMany({
        where: { id: op.id, leaseOwner: workerId, state: { in: ACTIVE_STATES } },
        data: {
          ...data,
          clusterId,
          timeline: timeline as unknown as Prisma.InputJsonValue,
          ...(r.error !== undefined ? { error: r.error } : {}),
          ...(r.done
            ? { state: r.done.state, error: r.done.error ?? null, finishedAt: new Date() }
            : { nextAttemptAt: new Date(Date.now() + (r.delayMs ?? pollMs())) }),
          leaseOwner: null,
          leaseUntil: null,
        },
      });
      // cancelled meanwhile or the lease was lost: leave everything as it is
      if (res.count === 0) throw new LeaseLost();
      if (r.done) {
        await audit(
          {
            teamId: op.teamId,
            action: `operation.${r.done.state}`,
            targetType: "operation",
            targetId: op.id,
            result: r.done.state === "succeeded" ? "success" : "failure",
            details: { kind: op.kind, name: op.targetName, ...(r.done.error ? { error: r.done.error } : {}) },
          },
          tx,
        );
      }
      return true;
    });
  } catch (e) {
    if (e instanceof LeaseLost) return false;
    throw e;
  }
}

class LeaseLost extends Error {}

/** one step of one claimed operation: submit or poll, then a conditional write */
export async function driveOperation(op: Operation, workerId: string): Promise<void> {
  const prisma = getPrisma();
  const leaseMs = Math.round(config().OPERATION_LEASE_SECONDS * 1000);
  // keep the lease while a slow provider call runs
  const renew = setInterval(
    () => {
      void renewLease(op.id, workerId, leaseMs).catch(() => undefined);
    },
    Math.max(250, Math.floor(leaseMs / 3)),
  );
  renew.unref?.();
  try {
    let r: StepResult;
    try {
      const conn = await prisma.connection.findUnique({ where: { id: op.connectionId }, select: { id: true, teamId: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true } });
      if (!conn) r = fail("the connection was removed");
      else {
        const adapter = await adapterForConnection(conn, { requestId: `op-${op.id}` });
        r = isAccepted(op) ? await poll(op, adapter) : await submit(op, adapter);
      }
    } catch (e) {
      r = refusal(op, "Working on the operation", e);
    }
    if (r.done) logger.info({ operation: op.id, kind: op.kind, state: r.done.state, error: r.done.error, workerId }, `operation ${op.kind} ${op.targetName}: ${r.done.state}`);
    else if (r.entries.length) logger.info({ operation: op.id, kind: op.kind, step: r.entries.at(-1)?.state ?? null, workerId }, `operation ${op.kind} step: ${r.entries.at(-1)?.state ?? "progress"}`);
    // re-read the attempts counter (submit increments it) so the write does not lose it
    const fresh = await prisma.operation.findUnique({ where: { id: op.id } });
    if (!fresh) return;
    await write(fresh, workerId, r);
  } finally {
    clearInterval(renew);
  }
}

/** one worker tick: claim due operations and drive each one step (in parallel) */
export async function runOperationsTick(opts: { workerId: string; limit?: number }): Promise<number> {
  const ops = await claimDue(opts.workerId, opts.limit ?? 8);
  await Promise.all(
    ops.map((op) =>
      driveOperation(op, opts.workerId).catch((e) => {
        logger.error({ operation: op.id, err: (e as Error).message }, "operation step failed");
      }),
    ),
  );
  return ops.length;
}
