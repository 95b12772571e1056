/** Read model: the team's connections with their effective state and live cluster counts. */
import { config } from "@/lib/config";
import { getPrisma, Prisma } from "@/lib/db/client";
import { providerDisplayName } from "@/lib/providers/registry";
import type { ConnectionState, ConnectionSummary } from "./api-types";
import { iso, utcFromJson } from "./cluster-rows";

interface ConnStateRow {
  id: string;
  name: string;
  provider: string;
  demo: boolean;
  state: string;
  lastSuccessAt: Date | null;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorKind: string | null;
  syncLeaseUntil: Date | null;
}

/** a fresh connection whose last success is older than this is shown stale */
const staleAfterMs = () => 3 * config().SYNC_INTERVAL_SECONDS * 1000;

/** The state shown for a connection: the stored one, aged (fresh → stale) and with crashed syncs resolved. */
export function effectiveState(c: Pick<ConnStateRow, "state" | "lastSuccessAt" | "syncLeaseUntil">, now = new Date()): ConnectionState {
  const staleAfter = staleAfterMs();
  const known: ConnectionState[] = ["fresh", "syncing", "stale", "failing", "credential_rejected", "never_synced"];
  let s = (known.includes(c.state as ConnectionState) ? c.state : "never_synced") as ConnectionState;
  if (s === "syncing" && (!c.syncLeaseUntil || c.syncLeaseUntil < now)) s = c.lastSuccessAt ? "stale" : "never_synced";
  if (s === "fresh" && (!c.lastSuccessAt || now.getTime() - c.lastSuccessAt.getTime() > staleAfter)) s = "stale";
  return s;
}

/**
 * The team's connections with their live cluster counts as one JSON value (a scalar subquery), so a read
 * model can fetch them in the same statement as its own rows (one database round trip per request).
 * The counts are per connection, index-only on (teamId, connectionId, goneAt): proportional to the
 * team, not the install. Read it back with summariesFromJson.
 */
export function connectionSummariesSql(teamId: string): Prisma.Sql {
  return connectionJsonSql(teamId, Prisma.sql`, 'clusterCount', (SELECT count(*) FROM "ClusterSnapshot" s WHERE s."teamId" = cn."teamId" AND s."connectionId" = cn.id AND s."goneAt" IS NULL)`);
}

/**
 * The team's connections as connectionSummariesSql without the cluster counts: what changes with every
 * sync (state, times, errors), cheap to read on every request. The counts come from clusterCountsSql,
 * which changes only with the snapshots (the cluster list caches it, lib/inventory/list-cache.ts).
 */
export function connectionStatesSql(teamId: string | Prisma.Sql): Prisma.Sql {
  return connectionJsonSql(teamId, Prisma.empty);
}

/** live clusters per connection of the team as one JSON object { connectionId: count } (one grouped index scan) */
export function clusterCountsSql(teamId: string): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_object_agg(x."connectionId", x.n), '{}'::json)
    FROM (SELECT s."connectionId", count(*) AS n FROM "ClusterSnapshot" s WHERE s."teamId" = ${teamId} AND s."goneAt" IS NULL GROUP BY s."connectionId") x)`;
}

function connectionJsonSql(teamId: string | Prisma.Sql, extra: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(json_build_object(
      'id', cn.id, 'name', cn.name, 'provider', cn.provider, 'demo', cn.demo, 'state', cn.state,
      'lastSuccessAt', cn."lastSuccessAt", 'lastSyncAt', cn."lastSyncAt", 'lastError', cn."lastError",
      'lastErrorKind', cn."lastErrorKind", 'syncLeaseUntil', cn."syncLeaseUntil"${extra}
    ) ORDER BY cn.name), '[]'::json)
    FROM "Connection" cn WHERE cn."teamId" = ${teamId})`;
}


/**
 * The summaries from connectionSummariesSql's value (the driver may hand JSON over parsed or as text),
 * or from connectionStatesSql's with the counts of clusterCountsSql.
 */
export function summariesFromJson(value: unknown, now: Date, counts?: Record<string, number>): ConnectionSummary[] {
  return stateRowsFromJson(value).map(({ row, clusterCount }) => toSummary(row, Number((counts ? counts[row.id] : clusterCount) ?? 0), now));
}

/**
 * The first instant after `now` at which a summary of these connections (summariesFromJson) reads
 * differently with nothing else changed: an age in whole seconds moving on, a fresh connection turning
 * stale, a sync's lease running out. What the summaries take from the clock, in one place with toSummary.
 */
export function summariesChangeAt(value: unknown, now: Date): number {
  const t = now.getTime();
  const staleAfter = staleAfterMs();
  let at = Infinity;
  for (const { row: r } of stateRowsFromJson(value)) {
    if (r.lastSuccessAt) {
      const L = r.lastSuccessAt.getTime();
      // ageSeconds = max(0, round((t - L) / 1000)) moves at L + (k + ½) s
      at = Math.min(at, L + (Math.max(0, Math.round((t - L) / 1000)) + 0.5) * 1000);
      if (r.state === "fresh" && t - L <= staleAfter) at = Math.min(at, L + staleAfter + 1);
    }
    if (r.state === "syncing" && r.syncLeaseUntil && r.syncLeaseUntil.getTime() >= t) at = Math.min(at, r.syncLeaseUntil.getTime() + 1);
  }
  return at;
}

function stateRowsFromJson(value: unknown): { row: ConnStateRow; clusterCount: unknown }[] {
  const rows = (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];
  return rows.map((r) => ({
    row: {
      id: String(r.id),
      name: String(r.name),
      provider: String(r.provider),
      demo: r.demo === true,
      state: String(r.state),
      lastSuccessAt: utcFromJson(r.lastSuccessAt),
      lastSyncAt: utcFromJson(r.lastSyncAt),
      lastError: (r.lastError as string | null) ?? null,
      lastErrorKind: (r.lastErrorKind as string | null) ?? null,
      syncLeaseUntil: utcFromJson(r.syncLeaseUntil),
    },
    clusterCount: r.clusterCount,
  }));
}

/** The team's connections, ordered by name, with their effective state and live cluster counts (one statement). */
export async function connectionSummaries(teamId: string, now = new Date()): Promise<ConnectionSummary[]> {
  const [row] = await getPrisma().$queryRaw<{ connections: unknown }[]>`SELECT ${connectionSummariesSql(teamId)} AS connections`;
  return summariesFromJson(row?.connections, now);
}

function toSummary(r: ConnStateRow, clusterCount: number, now: Date): ConnectionSummary {
  const state = effectiveState(r, now);
  const broken = state === "failing" || state === "credential_rejected" || (state === "syncing" && !!r.lastError);
  return {
    id: r.id,
    name: r.name,
    provider: r.provider,
    providerName: providerDisplayName(r.provider),
    demo: r.demo,
    state,
    error: broken ? r.lastError : null,
    errorKind: broken ? r.lastErrorKind : null,
    syncedAt: iso(r.lastSyncAt ?? r.lastSuccessAt),
    ageSeconds: r.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - r.lastSuccessAt.getTime()) / 1000)) : null,
    clusterCount,
  };
}

