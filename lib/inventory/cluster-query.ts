/** The cluster list's query (GET /api/v1/clusters): its schema, filter and order, shared by the list and the CSV. */
import { z } from "zod";
import type { Prisma } from "@/lib/db/client";
import { CLUSTER_STATUSES } from "@/lib/providers/types";
import { isPlainKubeVersion } from "@/lib/kube-version";
import type { ConnectionState, ConnectionSummary } from "./api-types";
import { DAY_MS } from "./cluster-rows";
import { parseSearch } from "./search";
import { EOL_SOON_DAYS, versionSortKey } from "./versions";

const ISSUE_STATES: ConnectionState[] = ["stale", "failing", "credential_rejected"];

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
export function buildWhere(teamId: string, q: ClusterQuery, summaries: ConnectionSummary[] | null, now: Date): Prisma.ClusterSnapshotWhereInput {
  const and: Prisma.ClusterSnapshotWhereInput[] = [{ teamId }];
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

export function buildOrderBy(sort: string | undefined): Prisma.ClusterSnapshotOrderByWithRelationInput[] {
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

