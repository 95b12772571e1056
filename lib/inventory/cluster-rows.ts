/** The one mapping of a cluster snapshot row to the API's ClusterRow, shared by every read model that lists clusters. */
import { getPrisma, Prisma } from "@/lib/db/client";
import { CLUSTER_STATUSES, type ClusterStatus } from "@/lib/providers/types";
import { summarize } from "@/lib/operations/summary";
import type { ClusterRow, ConnectionSummary, OperationSummary } from "./api-types";
import { eolStateOf } from "./versions";

export const DAY_MS = 86_400_000;
export const ACTIVE_OPERATION_STATES = ["pending", "running"];

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
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

/** json_build_object's text of a timestamp(3) without zone: fractional digits trailing zeros trimmed, or none */
const JSON_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,6}))?$/;

/**
 * A timestamp from JSON as Date#toISOString writes it ("2026-12-01T18:00:00.120Z"), without building a
 * Date: text in that one form compares in time order. json_build_object's own form is completed in
 * place; anything else (a zone, another form) goes through Date.
 */
export function isoFromJson(v: unknown): string | null {
  if (typeof v !== "string" || !v) return null;
  const m = JSON_TIMESTAMP.exec(v);
  if (!m) return utcFromJson(v)!.toISOString();
  const head = m[1] === undefined ? v : v.slice(0, v.length - m[1].length - 1);
  return `${head}.${(m[1] ?? "").padEnd(3, "0").slice(0, 3)}Z`;
}

/**
 * A snapshot row as the list mapper takes it: its timestamps as ISO text in Date#toISOString's one form
 * (they compare as text in time order). The list and the CSV map thousands of rows per request; a Date
 * per timestamp (made, compared and written back as text) was a large share of their CPU.
 */
export type ListRow = Omit<SnapRow, "eol" | "goneAt" | "firstSeenAt" | "lastSeenAt" | "providerCreatedAt" | "providerUpdatedAt"> & {
  eol: string | null;
  goneAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  providerCreatedAt: string | null;
  providerUpdatedAt: string | null;
};

/** One row of ROW_JSON_SQL as the ListRow the mapper takes. */
export function snapRowFromJson(j: Record<string, unknown>): ListRow {
  return {
    ...(j as unknown as ListRow),
    nodeCount: Number(j.nodeCount ?? 0),
    protected: j.protected === true,
    eol: isoFromJson(j.eol),
    goneAt: isoFromJson(j.goneAt),
    firstSeenAt: isoFromJson(j.firstSeenAt)!,
    lastSeenAt: isoFromJson(j.lastSeenAt)!,
    providerCreatedAt: isoFromJson(j.providerCreatedAt),
    providerUpdatedAt: isoFromJson(j.providerUpdatedAt),
  };
}

/** A row read through Prisma (Dates) as the ListRow the mapper takes. */
export function listRowOf(r: SnapRow): ListRow {
  return { ...r, eol: iso(r.eol), goneAt: iso(r.goneAt), firstSeenAt: r.firstSeenAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), providerCreatedAt: iso(r.providerCreatedAt), providerUpdatedAt: iso(r.providerUpdatedAt) };
}

/**
 * A sync rewrites only the rows that changed, so a listed cluster was last seen by its connection's
 * last successful sync (a cluster missing from it would carry goneAt) or by a later operation.
 * (ISO text of one form: the later is the greater.)
 */
function lastSeen(r: Pick<ListRow, "goneAt" | "lastSeenAt">, c: ConnectionSummary | undefined): string {
  if (r.goneAt || !c?.syncedAt || c.state === "never_synced") return r.lastSeenAt;
  return c.syncedAt > r.lastSeenAt ? c.syncedAt : r.lastSeenAt;
}

/**
 * A provider's timestamp as shown: never after the sync that read it. Providers' clocks (and the
 * simulators' faster time) may run ahead; the dashboard never shows a future "created" or "updated",
 * and the answer stays the same on every read and replica.
 */
const isoNotAfter = (t: string | null, seen: string) => (t === null ? null : t > seen ? seen : t);

export function toRow(r: ListRow, conns: Map<string, ConnectionSummary>, running: Map<string, ClusterRow["runningOperation"]>, now: Date): ClusterRow {
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
    eol: r.eol,
    eolState: eolStateOf(r.eol, now),
    protected: r.protected,
    goneAt: r.goneAt,
    firstSeenAt: r.firstSeenAt,
    lastSeenAt: seen,
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
