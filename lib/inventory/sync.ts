/**
 * Inventory sync of one connection: read scopes, clusters (all scopes) and the version catalogue from
 * the provider in parallel (bounded by SYNC_TIMEOUT_SECONDS, at most PROVIDER_CONCURRENCY requests in
 * flight per connection), then
 * write ScopeSnapshot / VersionSnapshot / ClusterSnapshot rows in one transaction with batched
 * `INSERT … ON CONFLICT` statements.
 *
 * Disappearance is only ever concluded from a confirmed, complete listing: a failed, timed-out or
 * partial read writes nothing and keeps the last snapshots. A cluster missing from a complete listing
 * gets `goneAt`; it is deleted after GONE_GRACE_MS; a cluster that reappears has `goneAt` cleared.
 *
 * The caller holds the connection's sync lease (lib/inventory/job.ts); this module does not claim.
 */
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { adapterForConnection, recordConnectionHealth } from "@/lib/connections";
import { createGuardedFetch } from "@/lib/connections/outbound";
import { getPrisma, type TransactionClient } from "@/lib/db/client";
import { refreshAccountKey } from "@/lib/connections/account-key";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { providerDisplayName } from "@/lib/providers/registry";
import { isProviderError, ProviderError, type KubernetesVersion, type ProviderCluster, type Scope } from "@/lib/providers/types";
import { eolLookup, parseEol, versionSortKey } from "./versions";

/** gone rows stay visible (greyed out) this long before they are removed */
export const GONE_GRACE_MS = 10 * 60 * 1000;
/** rows per INSERT statement */
const CHUNK = 2000;
/**
 * The snapshot upsert's provider update time (in its ON CONFLICT branch): the listing's own, or, for a
 * listing without one (NKS's summary shape, docs/providers/nks.md §3.4), the known time while the
 * cluster lists with the same version, state and node count; unknown once one of them changed.
 */
const KEPT_UPDATED_AT = `COALESCE(EXCLUDED."providerUpdatedAt", CASE WHEN ("ClusterSnapshot".version, "ClusterSnapshot".status, "ClusterSnapshot"."nodeCount")
  IS NOT DISTINCT FROM (EXCLUDED.version, EXCLUDED.status, EXCLUDED."nodeCount") THEN "ClusterSnapshot"."providerUpdatedAt" END)`;

export interface SyncResult {
  connectionId: string;
  ok: boolean;
  clusters: number;
  scopes: number;
  versions: number;
  /** clusters newly marked gone by this sync */
  gone: number;
  /** gone clusters removed after the grace period */
  removed: number;
  durationMs: number;
  /** time the provider reads took */
  readMs: number;
  error?: string;
  errorKind?: string;
}

// ---------------------------------------------------------------- per-connection request cap

/**
 * PROVIDER_CONCURRENCY: at most this many provider requests of one connection's sync in flight at
 * once (on top of each adapter's own fan-out limits), so a big account is never hammered.
 * Wraps the outbound-safety fetch, so every request is still checked.
 */
export function limitedFetch(cap: number, inner: typeof fetch = createGuardedFetch()): typeof fetch {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (input, init) => {
    if (active >= cap) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await inner(input, init);
    } finally {
      // the slot passes straight to the next waiter (active stays the same)
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, provider: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError({ kind: "timeout", provider, message: `the inventory sync did not finish within ${Math.round(ms / 1000)}s` })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- the sync

export interface ProviderInventory {
  scopes: Scope[];
  clusters: ProviderCluster[];
  versions: KubernetesVersion[];
}

interface ConnRow {
  id: string;
  teamId: string;
  name: string;
  provider: string;
  baseUrl: string;
  defaultScope: string | null;
  credentialsCiphertext: string;
  accountKey?: string | null;
  lastSuccessAt: Date | null;
}

/** true when the connection row no longer exists (deleted while its sync ran) */
async function connectionGone(id: string): Promise<boolean> {
  return (await getPrisma().connection.count({ where: { id } })) === 0;
}

/**
 * A connection deleted while its sync ran: nothing for an operator to act on, so the sync ends
 * quietly (debug) instead of failing at error level on the vanished row.
 */
function endedByDeletion(result: SyncResult, started: number, provider: string): SyncResult {
  result.ok = false;
  result.error = "connection deleted during its sync";
  result.errorKind = "deleted";
  result.durationMs = Date.now() - started;
  logger.debug({ connectionId: result.connectionId, provider }, "connection deleted during its sync; sync ended");
  return result;
}

/**
 * Reads the provider and writes the snapshots. Never throws for provider failures (they are recorded),
 * nor when the connection is deleted meanwhile (the sync ends quietly).
 */
export async function syncConnection(connectionId: string, opts: { requestId?: string } = {}): Promise<SyncResult> {
  const started = Date.now();
  const prisma = getPrisma();
  const conn: ConnRow | null = await prisma.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, teamId: true, name: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true, accountKey: true, lastSuccessAt: true },
  });
  const result: SyncResult = { connectionId, ok: false, clusters: 0, scopes: 0, versions: 0, gone: 0, removed: 0, durationMs: 0, readMs: 0 };
  if (!conn) {
    result.error = "connection not found";
    result.errorKind = "not_found";
    return result;
  }
  // a failing connection stays visibly failing while it is retried; it turns fresh only on success
  await prisma.connection.updateMany({ where: { id: conn.id, state: { notIn: ["failing", "credential_rejected"] } }, data: { state: "syncing" } });
  const cfg = config();
  // rows this sync changes carry this instant as lastSeenAt; unchanged rows are not rewritten (a steady
  // inventory costs no writes, no dead tuples), so "last seen" of a listed cluster is the connection's last sync
  const syncStart = new Date();
  let inventory: ProviderInventory;
  try {
    const readStarted = Date.now();
    const adapter = await adapterForConnection(conn, { requestId: opts.requestId, http: { fetchImpl: limitedFetch(cfg.PROVIDER_CONCURRENCY) } });
    const [scopes, clusters, versions] = await withTimeout(
      Promise.all([adapter.listScopes(), adapter.listClusters(), adapter.listVersions()]),
      cfg.SYNC_TIMEOUT_SECONDS * 1000,
      conn.provider,
    );
    result.readMs = Date.now() - readStarted;
    inventory = { scopes, clusters, versions };
  } catch (e) {
    let report: Awaited<ReturnType<typeof recordConnectionHealth>> | undefined;
    try {
      report = await recordConnectionHealth(conn.id, e);
    } catch (err) {
      if (await connectionGone(conn.id).catch(() => false)) return endedByDeletion(result, started, conn.provider);
      logger.error({ connectionId: conn.id, err: (err as Error).message }, "could not record the connection's health");
    }
    result.error = report?.message ?? (e as Error).message;
    result.errorKind = report?.outcome ?? (isProviderError(e) ? e.kind : "error");
    result.durationMs = Date.now() - started;
    logger.warn({ connectionId: conn.id, provider: conn.provider, kind: result.errorKind, err: result.error }, "inventory sync failed; keeping the last snapshots");
    setSyncAgeGauge(conn.id, conn.provider, conn.lastSuccessAt);
    return result;
  }

  try {
    const written = await getPrisma().$transaction((tx) => writeSnapshots(tx, conn, inventory, syncStart), { timeout: 120_000, maxWait: 30_000 });
    Object.assign(result, written);
    const summary = `${inventory.scopes.length} scope(s), ${inventory.clusters.length} cluster(s)`;
    await recordConnectionHealth(conn.id, { ok: true, summary, scopes: inventory.scopes.length, clusters: inventory.clusters.length }, { synced: true, at: syncStart });
  } catch (e) {
    // the snapshots' foreign key (or the health row) vanished with the connection
    if (await connectionGone(conn.id).catch(() => false)) return endedByDeletion(result, started, conn.provider);
    throw e;
  }
  // the account the connection reaches, kept current (keys of older rows, or after a key rotation)
  await refreshAccountKey(conn).catch((err: Error) => logger.warn({ connectionId: conn.id, err: err.message }, "could not refresh the connection's account key"));
  result.ok = true;
  result.durationMs = Date.now() - started;
  setSyncAgeGauge(conn.id, conn.provider, syncStart);
  logger.info({ connectionId: conn.id, provider: conn.provider, clusters: result.clusters, gone: result.gone, removed: result.removed, ms: result.durationMs }, "inventory synced");
  return result;
}

export function setSyncAgeGauge(connectionId: string, provider: string, lastSuccessAt: Date | null, now = Date.now()) {
  if (!lastSuccessAt) return;
  metrics().syncAge.set({ connection: connectionId, provider }, Math.max(0, (now - lastSuccessAt.getTime()) / 1000));
}

function newId(): string {
  return `k${randomBytes(12).toString("hex")}`;
}

/** a provider timestamp → Date, or null when missing or unparseable */
function dateOrNull(v: string | null | undefined): Date | null {
  if (!v) return null;
  const t = Date.parse(v);
  // timestamps are stored as UTC without zone (Prisma's DateTime), so the offset is normalised away
  return Number.isFinite(t) ? new Date(t) : null;
}

/** The ClusterSnapshot columns of a provider cluster: THE mapper, shared by both snapshot writers (sync and operations). */
export function clusterSnapshotFields(
  c: ProviderCluster,
  ctx: { provider: string; connectionName: string; scopeName: string | null; eol: Date | null },
) {
  return {
    name: c.name,
    scope: c.scope,
    scopeName: ctx.scopeName,
    region: c.region ?? null,
    version: c.version ?? null,
    versionSort: versionSortKey(c.version),
    status: c.status,
    providerStatus: c.providerStatus ?? null,
    // providers report counts; a fraction or NaN must not reach the integer column
    nodeCount: Number.isFinite(c.nodeCount) ? Math.round(c.nodeCount) : 0,
    nodePools: c.nodePools ?? [],
    apiEndpoint: c.apiEndpoint ?? null,
    // the provider's own offered targets; null when the provider does not say
    upgradeTargets: c.upgradeTargets ?? null,
    raw: c.raw ?? null,
    eol: ctx.eol,
    providerCreatedAt: dateOrNull(c.createdAt),
    providerUpdatedAt: dateOrNull(c.updatedAt),
    searchText: searchTextOf({ ...c, scopeName: ctx.scopeName }, ctx.provider, providerDisplayName(ctx.provider), ctx.connectionName),
  };
}

/** The words the free-text search looks in: name, scope, region, version, provider, connection name. */
export function searchTextOf(c: Pick<ProviderCluster, "name" | "scope" | "scopeName" | "region" | "version">, provider: string, providerName: string, connectionName: string): string {
  return [c.name, c.scope, c.scopeName, c.region, c.version, provider, providerName, connectionName]
    .filter((s): s is string => typeof s === "string" && s.length > 0)
    .join(" ")
    .toLowerCase();
}

/** Writes one complete provider listing. Exported for tests and the benchmark. */
export async function writeSnapshots(tx: TransactionClient, conn: Pick<ConnRow, "id" | "teamId" | "name" | "provider">, inv: ProviderInventory, syncStart: Date) {
  const at = syncStart.toISOString();

  // scopes: the listing is complete, so scopes no longer listed go
  const scopeNames = new Map<string, string>();
  const scopeRows = dedupe(inv.scopes, (s) => s.externalId).map((s) => {
    scopeNames.set(s.externalId, s.name);
    return { id: newId(), externalId: s.externalId, name: s.name, kind: s.kind, raw: s.raw ?? null };
  });
  for (const chunk of chunks(scopeRows)) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ScopeSnapshot" ("id","teamId","connectionId","externalId","name","kind","raw","syncedAt")
       SELECT x.id, $2, $3, x."externalId", x.name, x.kind, x.raw, $4::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, "externalId" text, name text, kind text, raw jsonb)
       ON CONFLICT ("connectionId","externalId") DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, raw = EXCLUDED.raw, "syncedAt" = EXCLUDED."syncedAt"`,
      JSON.stringify(chunk), conn.teamId, conn.id, at,
    );
  }
  await tx.$executeRawUnsafe(`DELETE FROM "ScopeSnapshot" WHERE "connectionId" = $1 AND "syncedAt" < $2::timestamp`, conn.id, at);

  // version catalogue
  // EOLs as lib/kube-version reads them (a date alone = the end of that day), like the cluster rows' eol
  const versionRows = dedupe(inv.versions, (v) => v.version).map((v) => ({ id: newId(), version: v.version, eol: parseEol(v.eol)?.toISOString() ?? null, active: v.active, isDefault: v.default === true }));
  for (const chunk of chunks(versionRows)) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "VersionSnapshot" ("id","connectionId","provider","version","eol","active","isDefault","syncedAt")
       SELECT x.id, $2, $3, x.version, x.eol, x.active, x."isDefault", $4::timestamp
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, version text, eol timestamp, active boolean, "isDefault" boolean)
       ON CONFLICT ("connectionId","version") DO UPDATE SET eol = EXCLUDED.eol, active = EXCLUDED.active, "isDefault" = EXCLUDED."isDefault", "syncedAt" = EXCLUDED."syncedAt"`,
      JSON.stringify(chunk), conn.id, conn.provider, at,
    );
  }
  await tx.$executeRawUnsafe(`DELETE FROM "VersionSnapshot" WHERE "connectionId" = $1 AND "syncedAt" < $2::timestamp`, conn.id, at);

  // clusters
  const eolOf = eolLookup(inv.versions);
  const clusterRows = dedupe(inv.clusters, (c) => c.externalId).map((c) => {
    const f = clusterSnapshotFields(c, { provider: conn.provider, connectionName: conn.name, scopeName: c.scopeName ?? scopeNames.get(c.scope) ?? null, eol: eolOf(c.version) });
    // JSON for jsonb_to_recordset: dates as ISO text
    return { id: newId(), externalId: c.externalId, ...f, eol: f.eol?.toISOString() ?? null, providerCreatedAt: f.providerCreatedAt?.toISOString() ?? null, providerUpdatedAt: f.providerUpdatedAt?.toISOString() ?? null };
  });
  // A cluster's creation time never changes, and some listings do not carry it (NKS lists clusters in its
  // summary shape, without `created`; docs/providers/nks.md §3.4): a listing without one keeps the known
  // time (as upsertSnapshot in lib/operations/snapshot.ts does) and compares as unchanged.
  // The update time is missing from the same listings. It is kept while the listing shows the cluster as it
  // was (version, state, node count: what a change at the provider moves); once the cluster changed, a kept
  // time would claim the old change was the last, so it becomes unknown (KEPT_UPDATED_AT).
  // A row an operation wrote after this sync started (lastSeenAt later than syncStart) holds a newer read
  // than this listing may: it is left as it is (the next sync brings both together), as the gone rule below.
  for (const chunk of chunks(clusterRows)) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ClusterSnapshot" ("id","teamId","connectionId","provider","externalId","name","scope","scopeName","region","version","versionSort",
         "status","providerStatus","nodeCount","nodePools","apiEndpoint","upgradeTargets","raw","eol","providerCreatedAt","providerUpdatedAt",
         "firstSeenAt","lastSeenAt","goneAt","searchText")
       SELECT x.id, $2, $3, $4, x."externalId", x.name, x.scope, x."scopeName", x.region, x.version, x."versionSort",
         x.status, x."providerStatus", COALESCE(x."nodeCount", 0), COALESCE(x."nodePools", '[]'::jsonb), x."apiEndpoint", COALESCE(x."upgradeTargets", 'null'::jsonb),
         x.raw, x.eol, x."providerCreatedAt", x."providerUpdatedAt", $5::timestamp, $5::timestamp, NULL, x."searchText"
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, "externalId" text, name text, scope text, "scopeName" text, region text, version text, "versionSort" text,
         status text, "providerStatus" text, "nodeCount" int, "nodePools" jsonb, "apiEndpoint" text, "upgradeTargets" jsonb, raw jsonb, eol timestamp,
         "providerCreatedAt" timestamp, "providerUpdatedAt" timestamp, "searchText" text)
       ON CONFLICT ("connectionId","externalId") DO UPDATE SET
         "teamId" = EXCLUDED."teamId", provider = EXCLUDED.provider, name = EXCLUDED.name, scope = EXCLUDED.scope, "scopeName" = EXCLUDED."scopeName",
         region = EXCLUDED.region, version = EXCLUDED.version, "versionSort" = EXCLUDED."versionSort", status = EXCLUDED.status,
         "providerStatus" = EXCLUDED."providerStatus", "nodeCount" = EXCLUDED."nodeCount", "nodePools" = EXCLUDED."nodePools",
         "apiEndpoint" = EXCLUDED."apiEndpoint", "upgradeTargets" = EXCLUDED."upgradeTargets", raw = EXCLUDED.raw, eol = EXCLUDED.eol,
         "providerCreatedAt" = COALESCE(EXCLUDED."providerCreatedAt", "ClusterSnapshot"."providerCreatedAt"), "providerUpdatedAt" = ${KEPT_UPDATED_AT},
         "lastSeenAt" = EXCLUDED."lastSeenAt", "goneAt" = NULL, "searchText" = EXCLUDED."searchText"
       WHERE "ClusterSnapshot"."lastSeenAt" <= EXCLUDED."lastSeenAt" AND ("ClusterSnapshot"."goneAt" IS NOT NULL OR ("ClusterSnapshot"."teamId", "ClusterSnapshot".provider, "ClusterSnapshot".name,
         "ClusterSnapshot".scope, "ClusterSnapshot"."scopeName", "ClusterSnapshot".region, "ClusterSnapshot".version, "ClusterSnapshot".status,
         "ClusterSnapshot"."providerStatus", "ClusterSnapshot"."nodeCount", "ClusterSnapshot"."nodePools", "ClusterSnapshot"."apiEndpoint",
         "ClusterSnapshot"."upgradeTargets", "ClusterSnapshot".raw, "ClusterSnapshot".eol, "ClusterSnapshot"."providerCreatedAt",
         "ClusterSnapshot"."providerUpdatedAt", "ClusterSnapshot"."searchText")
       IS DISTINCT FROM (EXCLUDED."teamId", EXCLUDED.provider, EXCLUDED.name, EXCLUDED.scope, EXCLUDED."scopeName", EXCLUDED.region,
         EXCLUDED.version, EXCLUDED.status, EXCLUDED."providerStatus", EXCLUDED."nodeCount", EXCLUDED."nodePools", EXCLUDED."apiEndpoint",
         EXCLUDED."upgradeTargets", EXCLUDED.raw, EXCLUDED.eol, COALESCE(EXCLUDED."providerCreatedAt", "ClusterSnapshot"."providerCreatedAt"), ${KEPT_UPDATED_AT},
         EXCLUDED."searchText"))`,
      JSON.stringify(chunk), conn.teamId, conn.id, conn.provider, at,
    );
  }
  // confirmed complete listing: what it did not list (and no operation wrote since the sync started) is gone
  const gone = await tx.$executeRawUnsafe(
    `UPDATE "ClusterSnapshot" SET "goneAt" = $2::timestamp
     WHERE "connectionId" = $1 AND "goneAt" IS NULL AND "lastSeenAt" < $2::timestamp
       AND "externalId" NOT IN (SELECT unnest($3::text[]))`,
    conn.id, at, clusterRows.map((c) => c.externalId),
  );
  const removed = await tx.$executeRawUnsafe(
    `DELETE FROM "ClusterSnapshot" WHERE "connectionId" = $1 AND "goneAt" IS NOT NULL AND "goneAt" < $2::timestamp`,
    conn.id, new Date(syncStart.getTime() - GONE_GRACE_MS).toISOString(),
  );
  return { clusters: clusterRows.length, scopes: scopeRows.length, versions: versionRows.length, gone, removed };
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) seen.set(key(i), i);
  return [...seen.values()];
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
