/** Read model: the team's connections with their effective state and live cluster counts. */
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/client";
import { providerDisplayName } from "@/lib/providers/registry";
import type { ConnectionState, ConnectionSummary } from "./api-types";
import { iso } from "./cluster-rows";

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

/** The state shown for a connection: the stored one, aged (fresh → stale) and with crashed syncs resolved. */
export function effectiveState(c: Pick<ConnStateRow, "state" | "lastSuccessAt" | "syncLeaseUntil">, now = new Date()): ConnectionState {
  const staleAfter = 3 * config().SYNC_INTERVAL_SECONDS * 1000;
  const known: ConnectionState[] = ["fresh", "syncing", "stale", "failing", "credential_rejected", "never_synced"];
  let s = (known.includes(c.state as ConnectionState) ? c.state : "never_synced") as ConnectionState;
  if (s === "syncing" && (!c.syncLeaseUntil || c.syncLeaseUntil < now)) s = c.lastSuccessAt ? "stale" : "never_synced";
  if (s === "fresh" && (!c.lastSuccessAt || now.getTime() - c.lastSuccessAt.getTime() > staleAfter)) s = "stale";
  return s;
}

export async function connectionSummaries(teamId: string, now = new Date()): Promise<ConnectionSummary[]> {
  // Prisma's relation _count groups the whole table before joining; counting the team's own rows
  // (index-only on teamId, connectionId, goneAt) keeps this proportional to the team, not the install
  const [rows, counts] = await Promise.all([
    getPrisma().connection.findMany({
      where: { teamId },
      select: { id: true, name: true, provider: true, demo: true, state: true, lastSuccessAt: true, lastSyncAt: true, lastError: true, lastErrorKind: true, syncLeaseUntil: true },
      orderBy: [{ name: "asc" }],
    }),
    getPrisma().clusterSnapshot.groupBy({ by: ["connectionId"], where: { teamId, goneAt: null }, _count: { _all: true } }),
  ]);
  const countOf = new Map(counts.map((c) => [c.connectionId, c._count._all]));
  return rows.map((r) => toSummary(r, countOf.get(r.id) ?? 0, now));
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

