/** The one mapping of a cluster snapshot row to the API's ClusterRow, shared by every read model that lists clusters. */
import { getPrisma, Prisma } from "@/lib/db/client";
import { CLUSTER_STATUSES, type ClusterStatus } from "@/lib/providers/types";
import { summarize } from "@/lib/operations/summary";
import type { ClusterRow, ConnectionSummary, OperationSummary } from "./api-types";
import { eolStateOf } from "./versions";

export const DAY_MS = 86_400_000;
export const ACTIVE_OPERATION_STATES = ["pending", "running"];

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/**
 * A provider's timestamp as shown: never after the sync that read it. Providers' clocks (and the
 * simulators' faster time) may run ahead; the dashboard never shows a future "created" or "updated",
 * and the answer stays the same on every read and replica.
 */
const isoNotAfter = (d: Date | null | undefined, seen: Date) => (d ? (d > seen ? seen : d).toISOString() : null);

export const ROW_SELECT = {
  id: true,
  connectionId: true,
  provider: true,
  externalId: true,
  name: true,
  scope: true,
  scopeName: true,
  region: true,
  version: true,
  status: true,
  providerStatus: true,
  nodeCount: true,
  apiEndpoint: true,
  eol: true,
  protected: true,
  goneAt: true,
  firstSeenAt: true,
  lastSeenAt: true,
  providerCreatedAt: true,
  providerUpdatedAt: true,
} as const satisfies Prisma.ClusterSnapshotSelect;
/** ROW_SELECT's columns as SQL over `"ClusterSnapshot" c`, for the read models that query in one statement */
export const ROW_COLUMNS_SQL = Prisma.raw(Object.keys(ROW_SELECT).map((k) => `c."${k}"`).join(", "));
/**
 * ROW_SELECT's columns as one JSON object per row (`json_build_object` over `"ClusterSnapshot" c`): a read
 * model that builds its whole answer as one JSON value in the database (one value to parse instead of a
 * driver value per field) reads the rows back with snapRowFromJson.
 */
export const ROW_JSON_SQL = Prisma.raw(`json_build_object(${Object.keys(ROW_SELECT).map((k) => `'${k}', c."${k}"`).join(", ")})`);
export type SnapRow = Prisma.ClusterSnapshotGetPayload<{ select: typeof ROW_SELECT }>;

/**
 * A timestamp as json_build_object writes it: the stored UTC wall clock (timestamp without zone) as ISO
 * text without the zone. Text that carries a zone keeps it.
 */
export const utcFromJson = (v: unknown): Date | null => (typeof v === "string" && v ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`) : null);

/** One row of ROW_JSON_SQL as the SnapRow the mapper takes (timestamps back to Dates). */
export function snapRowFromJson(j: Record<string, unknown>): SnapRow {
  return {
    ...(j as unknown as SnapRow),
    nodeCount: Number(j.nodeCount ?? 0),
    protected: j.protected === true,
    eol: utcFromJson(j.eol),
    goneAt: utcFromJson(j.goneAt),
    firstSeenAt: utcFromJson(j.firstSeenAt)!,
    lastSeenAt: utcFromJson(j.lastSeenAt)!,
    providerCreatedAt: utcFromJson(j.providerCreatedAt),
    providerUpdatedAt: utcFromJson(j.providerUpdatedAt),
  };
}

/**
 * A sync rewrites only the rows that changed, so a listed cluster was last seen by its connection's
 * last successful sync (a cluster missing from it would carry goneAt) or by a later operation.
 */
function lastSeen(r: Pick<SnapRow, "goneAt" | "lastSeenAt">, c: ConnectionSummary | undefined): Date {
  if (r.goneAt || !c?.syncedAt || c.state === "never_synced") return r.lastSeenAt;
  const synced = new Date(c.syncedAt);
  return synced > r.lastSeenAt ? synced : r.lastSeenAt;
}

export function toRow(r: SnapRow, conns: Map<string, ConnectionSummary>, running: Map<string, ClusterRow["runningOperation"]>, now: Date): ClusterRow {
  const c = conns.get(r.connectionId);
  const seen = lastSeen(r, c);
  return {
    id: r.id,
    connectionId: r.connectionId,
    connectionName: c?.name ?? "",
    provider: r.provider,
    externalId: r.externalId,
    name: r.name,
    scope: r.scope,
    scopeName: r.scopeName,
    region: r.region,
    version: r.version,
    status: ((CLUSTER_STATUSES as readonly string[]).includes(r.status) ? r.status : "unknown") as ClusterStatus,
    providerStatus: r.providerStatus,
    nodeCount: r.nodeCount,
    apiEndpoint: r.apiEndpoint,
    eol: iso(r.eol),
    eolState: eolStateOf(r.eol, now),
    protected: r.protected,
    goneAt: iso(r.goneAt),
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: seen.toISOString(),
    createdAt: isoNotAfter(r.providerCreatedAt, seen),
    updatedAt: isoNotAfter(r.providerUpdatedAt, seen),
    connectionState: c?.state ?? "never_synced",
    runningOperation: running.get(r.id) ?? null,
  };
}


/** the newest operations matching `where`, mapped by the one operation mapper (lib/operations/summary.ts) */
export async function operationSummaries(where: Prisma.OperationWhereInput, take: number): Promise<OperationSummary[]> {
  return summarize(await getPrisma().operation.findMany({ where, orderBy: { createdAt: "desc" }, take }));
}


export function rawOf(raw: unknown): Record<string, unknown> | undefined {
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
}
