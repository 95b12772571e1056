/**
 * Read side of the inventory: everything answers from the snapshots in PostgreSQL (stale while
 * revalidate — providers are never called here). Filtering, search, sorting and pagination happen in
 * the database (Prisma where / orderBy).
 */
import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { getPrisma, Prisma } from "@/lib/db/client";
import { csvCell } from "@/lib/csv";
import { getProvider, isProviderKind, providerDisplayName } from "@/lib/providers/registry";
import { CLUSTER_STATUSES, type ClusterStatus, type KubernetesVersion, type NodePool } from "@/lib/providers/types";
import type { ClusterDetail, ClusterListResponse, ClusterRow, ConnectionState, ConnectionSummary, OperationSummary, OverviewResponse, ScopeRow, ScopesResponse, VersionRow, VersionsResponse } from "./api-types";
import { parseSearch } from "./search";
import { isPlainKubeVersion } from "@/lib/kube-version";
import { compareVersions, EOL_SOON_DAYS, eolStateOf, minorOf, versionSortKey } from "./versions";
import { summarize } from "@/lib/operations/summary";
import { consoleUrlFor } from "@/lib/providers/console-link";
import { duplicateSnapshots, notDuplicate, type DuplicateSnapshot } from "./duplicates";

const DAY_MS = 86_400_000;
const ACTIVE_OPERATION_STATES = ["pending", "running"];
const ISSUE_STATES: ConnectionState[] = ["stale", "failing", "credential_rejected"];

// ---------------------------------------------------------------- connections

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

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/**
 * A provider's timestamp as shown: never after the sync that read it. Providers' clocks (and the
 * simulators' faster time) may run ahead; the dashboard never shows a future "created" or "updated",
 * and the answer stays the same on every read and replica.
 */
const isoNotAfter = (d: Date | null | undefined, seen: Date) => (d ? (d > seen ? seen : d).toISOString() : null);

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

// ---------------------------------------------------------------- cluster list query

const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const csvList = <T extends z.ZodType<string>>(item: T, field: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .transform((v, ctx) => {
      const out: z.infer<T>[] = [];
      for (const s of list(v)) {
        const r = item.safeParse(s);
        if (r.success) out.push(r.data as z.infer<T>);
        else ctx.addIssue({ code: "custom", message: `unknown ${field} "${s.slice(0, 40)}"` });
      }
      return out;
    });

export const SORT_KEYS = ["name", "provider", "connection", "scope", "region", "version", "status", "nodes", "eol", "created"] as const;
const flag = z.enum(["1", "0", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true");

/** Query of GET /api/v1/clusters (see api-types.ts); invalid values answer 400 naming the field. */
export const clusterQuerySchema = z.object({
  provider: csvList(z.string().max(40), "provider"),
  connection: csvList(z.string().max(64), "connection"),
  scope: csvList(z.string().max(200), "scope"),
  region: csvList(z.string().max(200), "region"),
  status: csvList(z.enum(CLUSTER_STATUSES), "status"),
  version: csvList(z.string().max(40).refine(isPlainKubeVersion, "a version like 1.30 or 1.30.2"), "version"),
  eol: csvList(z.enum(["past", "soon", "ok", "unknown"]), "eol"),
  issues: flag,
  /** additive: gone=0 hides clusters a confirmed sync no longer lists (shown by default) */
  gone: z.enum(["0", "1", "only"]).optional(),
  q: z.string().max(500).optional(),
  sort: z
    .string()
    .optional()
    .refine((v) => !v || (SORT_KEYS as readonly string[]).includes(v.replace(/^-/, "")), { message: `one of ${SORT_KEYS.join(", ")} (prefix "-" for descending)` }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(["json", "csv"]).default("json"),
});
export type ClusterQuery = z.infer<typeof clusterQuerySchema>;

/** builds the filter; needs the connection summaries only for issues=1 (stale / failing connections) */
function buildWhere(teamId: string, q: ClusterQuery, summaries: ConnectionSummary[] | null, now: Date, dups: DuplicateSnapshot[] = []): Prisma.ClusterSnapshotWhereInput {
  // a cluster reached by several connections of the team is listed once (lib/inventory/duplicates.ts)
  const and: Prisma.ClusterSnapshotWhereInput[] = [{ teamId }, notDuplicate(dups, q.connection)];
  if (q.provider.length) and.push({ provider: { in: q.provider } });
  if (q.connection.length) and.push({ connectionId: { in: q.connection } });
  if (q.scope.length) and.push({ OR: [{ scope: { in: q.scope } }, { scopeName: { in: q.scope } }] });
  if (q.region.length) and.push({ region: { in: q.region } });
  if (q.status.length) and.push({ status: { in: q.status } });
  if (q.version.length) {
    and.push({
      OR: q.version.map((v): Prisma.ClusterSnapshotWhereInput => {
        const exact = /^v?\d+\.\d+\.\d+$/.test(v);
        const key = versionSortKey(v)!;
        return exact ? { versionSort: key } : { versionSort: { startsWith: `${key.slice(0, 9)}.` } };
      }),
    });
  }
  if (q.eol.length) {
    const soon = new Date(now.getTime() + EOL_SOON_DAYS * DAY_MS);
    and.push({
      OR: q.eol.map((e): Prisma.ClusterSnapshotWhereInput =>
        e === "past" ? { eol: { lt: now } } : e === "soon" ? { eol: { gte: now, lt: soon } } : e === "ok" ? { eol: { gte: soon } } : { eol: null },
      ),
    });
  }
  if (q.issues) {
    const bad = (summaries ?? []).filter((s) => ISSUE_STATES.includes(s.state)).map((s) => s.id);
    and.push({ OR: [{ status: "failed" }, { eol: { lt: now } }, ...(bad.length ? [{ connectionId: { in: bad } }] : [])] });
  }
  if (q.gone === "0") and.push({ goneAt: null });
  if (q.gone === "only") and.push({ goneAt: { not: null } });
  const terms = parseSearch(q.q);
  // searchText is stored lower-cased: a plain (case-sensitive) substring match on lower-cased terms
  // Prisma's contains is LIKE '%…%' without escaping: % and _ typed by people are literal here
  const like = (t: string) => t.replace(/[\\%_]/g, "\\$&");
  for (const t of terms.include) and.push({ searchText: { contains: like(t) } });
  for (const t of terms.exclude) and.push({ NOT: { searchText: { contains: like(t) } } });
  return { AND: and };
}

function buildOrderBy(sort: string | undefined): Prisma.ClusterSnapshotOrderByWithRelationInput[] {
  const desc = !!sort?.startsWith("-");
  const key = (sort ?? "name").replace(/^-/, "");
  const dir: Prisma.SortOrder = desc ? "desc" : "asc";
  const nullsLast = (field: string) => ({ [field]: { sort: dir, nulls: "last" } }) as Prisma.ClusterSnapshotOrderByWithRelationInput;
  const tail: Prisma.ClusterSnapshotOrderByWithRelationInput[] = [{ name: "asc" }, { id: "asc" }];
  switch (key) {
    case "provider":
      return [{ provider: dir }, ...tail];
    case "connection":
      return [{ connection: { name: dir } }, ...tail];
    case "scope":
      return [nullsLast("scopeName"), { scope: dir }, ...tail];
    case "region":
      return [nullsLast("region"), ...tail];
    case "version":
      return [nullsLast("versionSort"), ...tail];
    case "status":
      return [{ status: dir }, ...tail];
    case "nodes":
      return [{ nodeCount: dir }, ...tail];
    case "eol":
      return [nullsLast("eol"), ...tail];
    case "created":
      return [nullsLast("providerCreatedAt"), ...tail];
    default:
      return [{ name: dir }, { id: dir }];
  }
}

const ROW_SELECT = {
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
type SnapRow = Prisma.ClusterSnapshotGetPayload<{ select: typeof ROW_SELECT }>;

/**
 * A sync rewrites only the rows that changed, so a listed cluster was last seen by its connection's
 * last successful sync (a cluster missing from it would carry goneAt) or by a later operation.
 */
function lastSeen(r: Pick<SnapRow, "goneAt" | "lastSeenAt">, c: ConnectionSummary | undefined): Date {
  if (r.goneAt || !c?.syncedAt || c.state === "never_synced") return r.lastSeenAt;
  const synced = new Date(c.syncedAt);
  return synced > r.lastSeenAt ? synced : r.lastSeenAt;
}

function toRow(r: SnapRow, conns: Map<string, ConnectionSummary>, running: Map<string, ClusterRow["runningOperation"]>, now: Date): ClusterRow {
  const c = conns.get(r.connectionId);
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
    lastSeenAt: lastSeen(r, c).toISOString(),
    createdAt: isoNotAfter(r.providerCreatedAt, lastSeen(r, c)),
    updatedAt: isoNotAfter(r.providerUpdatedAt, lastSeen(r, c)),
    connectionState: c?.state ?? "never_synced",
    runningOperation: running.get(r.id) ?? null,
  };
}

async function runningOperations(clusterIds: string[]): Promise<Map<string, ClusterRow["runningOperation"]>> {
  if (!clusterIds.length) return new Map();
  const ops = await getPrisma().operation.findMany({
    where: { clusterId: { in: clusterIds }, state: { in: ACTIVE_OPERATION_STATES } },
    select: { id: true, kind: true, state: true, clusterId: true },
    orderBy: { createdAt: "desc" },
  });
  const m = new Map<string, ClusterRow["runningOperation"]>();
  for (const o of ops) if (o.clusterId && !m.has(o.clusterId)) m.set(o.clusterId, { id: o.id, kind: o.kind, state: o.state });
  return m;
}

/** GET /api/v1/clusters */
export async function listClusters(teamId: string, q: ClusterQuery, now = new Date()): Promise<ClusterListResponse> {
  const prisma = getPrisma();
  // the summaries are needed first only for issues=1; otherwise all three queries run at once
  const [early, dups] = await Promise.all([q.issues ? connectionSummaries(teamId, now) : null, duplicateSnapshots(teamId)]);
  const where = buildWhere(teamId, q, early, now, dups);
  const [connections, total, rows] = await Promise.all([
    early ?? connectionSummaries(teamId, now),
    prisma.clusterSnapshot.count({ where }),
    prisma.clusterSnapshot.findMany({ where, orderBy: buildOrderBy(q.sort), skip: (q.page - 1) * q.pageSize, take: q.pageSize, select: ROW_SELECT }),
  ]);
  const byId = new Map(connections.map((c) => [c.id, c]));
  const running = await runningOperations(rows.map((r) => r.id));
  return { items: rows.map((r) => toRow(r, byId, running, now)), total, page: q.page, pageSize: q.pageSize, connections };
}

const CSV_COLUMNS: [string, (r: ClusterRow) => string | number | boolean | null][] = [
  ["name", (r) => r.name],
  ["provider", (r) => r.provider],
  ["connection", (r) => r.connectionName],
  ["scope", (r) => r.scopeName ?? r.scope],
  ["region", (r) => r.region],
  ["version", (r) => r.version],
  ["status", (r) => r.status],
  ["providerStatus", (r) => r.providerStatus],
  ["nodes", (r) => r.nodeCount],
  ["eol", (r) => r.eol?.slice(0, 10) ?? null],
  ["eolState", (r) => r.eolState],
  ["apiEndpoint", (r) => r.apiEndpoint],
  ["createdAt", (r) => r.createdAt],
  ["connectionState", (r) => r.connectionState],
  ["goneAt", (r) => r.goneAt],
  ["id", (r) => r.id],
  ["externalId", (r) => r.externalId],
];


/** The whole filtered, sorted set as CSV, streamed in pages of 1,000 rows (pagination parameters are ignored). */
export function clustersCsvStream(teamId: string, q: ClusterQuery, now = new Date()): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const PAGE = 1000;
  let where: Prisma.ClusterSnapshotWhereInput | undefined;
  let byId = new Map<string, ConnectionSummary>();
  let skip = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!where) {
          const connections = await connectionSummaries(teamId, now);
          byId = new Map(connections.map((c) => [c.id, c]));
          where = buildWhere(teamId, q, connections, now, await duplicateSnapshots(teamId));
        }
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(enc.encode(CSV_COLUMNS.map(([h]) => h).join(",") + "\r\n"));
          return;
        }
        const rows = await getPrisma().clusterSnapshot.findMany({ where, orderBy: buildOrderBy(q.sort), skip, take: PAGE, select: ROW_SELECT });
        skip += rows.length;
        if (rows.length) {
          const running = new Map<string, ClusterRow["runningOperation"]>();
          const text = rows.map((r) => CSV_COLUMNS.map(([, f]) => csvCell(f(toRow(r, byId, running, now)))).join(",")).join("\r\n") + "\r\n";
          controller.enqueue(enc.encode(text));
        }
        if (rows.length < PAGE) controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}

// ---------------------------------------------------------------- one cluster

/** the newest operations matching `where`, mapped by the one operation mapper (lib/operations/summary.ts) */
async function operationSummaries(where: Prisma.OperationWhereInput, take: number): Promise<OperationSummary[]> {
  return summarize(await getPrisma().operation.findMany({ where, orderBy: { createdAt: "desc" }, take }));
}

function catalogueOf(rows: { version: string; eol: Date | null; active: boolean; isDefault: boolean }[]): KubernetesVersion[] {
  return rows.map((v) => ({ version: v.version, eol: v.eol ? v.eol.toISOString().slice(0, 10) : null, active: v.active, ...(v.isDefault ? { default: true } : {}) }));
}

/** GET /api/v1/clusters/{id}: 404 for unknown ids and other teams' clusters. */
export async function getClusterDetail(teamId: string, id: string, now = new Date()): Promise<ClusterDetail> {
  const prisma = getPrisma();
  const row = await prisma.clusterSnapshot.findFirst({ where: { id, teamId }, select: { ...ROW_SELECT, nodePools: true, upgradeTargets: true, raw: true } });
  if (!row) throw notFound("cluster");
  const [connections, versions, operations, conn] = await Promise.all([
    connectionSummaries(teamId, now),
    prisma.versionSnapshot.findMany({ where: { connectionId: row.connectionId }, select: { version: true, eol: true, active: true, isDefault: true } }),
    operationSummaries({ teamId, clusterId: row.id }, 20),
    prisma.connection.findUnique({ where: { id: row.connectionId }, select: { baseUrl: true } }),
  ]);
  const active = operations.find((o) => ACTIVE_OPERATION_STATES.includes(o.state)) ?? null;
  const running = new Map<string, ClusterRow["runningOperation"]>(active ? [[row.id, { id: active.id, kind: active.kind, state: active.state }]] : []);
  const base = toRow(row, new Map(connections.map((c) => [c.id, c])), running, now);
  const pools = (Array.isArray(row.nodePools) ? row.nodePools : []) as unknown as NodePool[];
  const nodePools = pools.map((p) => ({ ...p, lagging: !!(p.version && row.version && compareVersions(p.version, row.version) < 0) }));
  const offered = Array.isArray(row.upgradeTargets) ? (row.upgradeTargets as string[]) : undefined;
  const upgradeOptions = isProviderKind(row.provider)
    ? getProvider(row.provider).upgradeOptions({
        cluster: { version: row.version, status: base.status, nodePools: pools, raw: rawOf(row.raw), ...(offered ? { upgradeTargets: offered } : {}) },
        versions: catalogueOf(versions),
        operationRunning: !!active,
        now,
      })
    : [];
  return {
    ...base,
    nodePools,
    upgradeOptions,
    raw: rawOf(row.raw) ?? null,
    operations,
    kubeconfigAvailable: isProviderKind(row.provider) && !!getProvider(row.provider).kubeconfig,
    consoleUrl: conn ? consoleUrlFor(row.provider, { ...row, raw: rawOf(row.raw) }, conn) : null,
  };
}

// ---------------------------------------------------------------- scopes, versions, overview

/** GET /api/v1/scopes */
export async function listScopes(teamId: string): Promise<ScopesResponse> {
  const prisma = getPrisma();
  const [scopes, counts, connections] = await Promise.all([
    prisma.scopeSnapshot.findMany({ where: { teamId }, select: { id: true, connectionId: true, externalId: true, name: true, kind: true, connection: { select: { name: true, provider: true } } } }),
    prisma.clusterSnapshot.groupBy({ by: ["connectionId", "scope"], where: { teamId, goneAt: null }, _count: { _all: true } }),
    connectionSummaries(teamId),
  ]);
  const countOf = new Map(counts.map((c) => [`${c.connectionId}\u0000${c.scope}`, c._count._all]));
  const items = scopes
    .map((s): ScopeRow => ({
      id: s.id,
      connectionId: s.connectionId,
      connectionName: s.connection.name,
      provider: s.connection.provider,
      externalId: s.externalId,
      name: s.name,
      kind: s.kind,
      clusterCount: countOf.get(`${s.connectionId}\u0000${s.externalId}`) ?? 0,
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.connectionName.localeCompare(b.connectionName) || a.name.localeCompare(b.name));
  return { items, connections };
}

/** Allowed upgrade targets from a version for a healthy running cluster, per the provider's pure rules. */
function upgradesFrom(provider: string, version: string, catalogue: KubernetesVersion[], now: Date): string[] {
  if (!isProviderKind(provider)) return [];
  return getProvider(provider)
    .upgradeOptions({ cluster: { version, status: "running", nodePools: [] }, versions: catalogue, operationRunning: false, now })
    .filter((o) => o.allowed)
    .map((o) => o.version);
}

/** GET /api/v1/versions: one row per provider and version, catalogues of the team's connections merged. */
export async function listVersions(teamId: string, now = new Date()): Promise<VersionsResponse> {
  const prisma = getPrisma();
  const dups = await duplicateSnapshots(teamId);
  const [catalogue, counts] = await Promise.all([
    prisma.versionSnapshot.findMany({ where: { connection: { teamId } }, select: { provider: true, version: true, eol: true, active: true, isDefault: true } }),
    prisma.clusterSnapshot.groupBy({ by: ["provider", "version"], where: { teamId, goneAt: null, ...notDuplicate(dups) }, _count: { _all: true } }),
  ]);
  const merged = new Map<string, { provider: string; version: string; eol: Date | null; active: boolean; isDefault: boolean }>();
  for (const v of catalogue) {
    const k = `${v.provider}\u0000${v.version}`;
    const m = merged.get(k);
    if (!m) merged.set(k, { ...v });
    else {
      m.eol ??= v.eol;
      m.active ||= v.active;
      m.isDefault ||= v.isDefault;
    }
  }
  // versions clusters run that the catalogue no longer lists
  for (const c of counts) {
    if (!c.version) continue;
    const k = `${c.provider}\u0000${c.version}`;
    if (!merged.has(k)) {
      const minor = minorOf(c.version);
      const sibling = [...merged.values()].find((m) => m.provider === c.provider && m.eol && minorOf(m.version) === minor);
      merged.set(k, { provider: c.provider, version: c.version, eol: sibling?.eol ?? null, active: false, isDefault: false });
    }
  }
  const countOf = new Map(counts.map((c) => [`${c.provider}\u0000${c.version}`, c._count._all]));
  const byProvider = new Map<string, KubernetesVersion[]>();
  for (const m of merged.values()) {
    const list = byProvider.get(m.provider) ?? [];
    list.push({ version: m.version, eol: m.eol ? m.eol.toISOString().slice(0, 10) : null, active: m.active, ...(m.isDefault ? { default: true } : {}) });
    byProvider.set(m.provider, list);
  }
  const items = [...merged.values()]
    .map((m): VersionRow => ({
      provider: m.provider,
      providerName: providerDisplayName(m.provider),
      version: m.version,
      eol: iso(m.eol),
      eolState: eolStateOf(m.eol, now),
      active: m.active,
      isDefault: m.isDefault,
      clusterCount: countOf.get(`${m.provider}\u0000${m.version}`) ?? 0,
      upgradesTo: upgradesFrom(m.provider, m.version, byProvider.get(m.provider) ?? [], now),
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || compareVersions(b.version, a.version));
  return { items };
}

/** GET /api/v1/overview */
export async function overview(teamId: string, now = new Date()): Promise<OverviewResponse> {
  const prisma = getPrisma();
  // each cluster once, however many connections reach it (lib/inventory/duplicates.ts)
  const live = { teamId, goneAt: null, ...notDuplicate(await duplicateSnapshots(teamId)) };
  const soon = new Date(now.getTime() + EOL_SOON_DAYS * DAY_MS);
  const [connections, byProvider, byStatus, byVersion, eolByVersion, past, soonCount, eolRows, running] = await Promise.all([
    connectionSummaries(teamId, now),
    prisma.clusterSnapshot.groupBy({ by: ["provider"], where: live, _count: { _all: true } }),
    prisma.clusterSnapshot.groupBy({ by: ["status"], where: live, _count: { _all: true } }),
    prisma.clusterSnapshot.groupBy({ by: ["version"], where: live, _count: { _all: true } }),
    // every version with a cluster past or near end of life (complete: the chart's colours come from here)
    prisma.clusterSnapshot.groupBy({ by: ["version"], where: { ...live, eol: { lt: soon } }, _min: { eol: true } }),
    prisma.clusterSnapshot.count({ where: { ...live, eol: { lt: now } } }),
    prisma.clusterSnapshot.count({ where: { ...live, eol: { gte: now, lt: soon } } }),
    prisma.clusterSnapshot.findMany({ where: { ...live, eol: { lt: soon } }, orderBy: [{ eol: "asc" }, { name: "asc" }, { id: "asc" }], take: 50, select: ROW_SELECT }),
    operationSummaries({ teamId, state: { in: ACTIVE_OPERATION_STATES } }, 20),
  ]);
  const versionCounts: Record<string, number> = {};
  for (const v of byVersion) {
    const key = minorOf(v.version) ?? "unknown";
    versionCounts[key] = (versionCounts[key] ?? 0) + v._count._all;
  }
  // per minor: "past" when any of its clusters is past end of life, else "soon" when any reaches it within EOL_SOON_DAYS
  const versionEol: Record<string, "past" | "soon"> = {};
  for (const v of eolByVersion) {
    const key = minorOf(v.version) ?? "unknown";
    const state = v._min.eol && v._min.eol < now ? "past" : "soon";
    if (versionEol[key] !== "past") versionEol[key] = state;
  }
  const byId = new Map(connections.map((c) => [c.id, c]));
  const runningMap = new Map<string, ClusterRow["runningOperation"]>();
  for (const o of running) if (o.clusterId && !runningMap.has(o.clusterId)) runningMap.set(o.clusterId, { id: o.id, kind: o.kind, state: o.state });
  return {
    totals: {
      clusters: byProvider.reduce((n, p) => n + p._count._all, 0),
      byProvider: Object.fromEntries(byProvider.map((p) => [p.provider, p._count._all])),
      byStatus: Object.fromEntries(byStatus.map((p) => [p.status, p._count._all])),
      byVersion: versionCounts,
      eolByVersion: versionEol,
    },
    eol: { past, soon: soonCount, clusters: eolRows.map((r) => toRow(r, byId, runningMap, now)) },
    connections,
    runningOperations: running,
  };
}

function rawOf(raw: unknown): Record<string, unknown> | undefined {
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
}
