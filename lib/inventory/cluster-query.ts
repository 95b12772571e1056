/** The cluster list's query (GET /api/v1/clusters): its schema, filter and order, shared by the list and the CSV. */
import { z } from "zod";
import { Prisma } from "@/lib/db/client";
import { CLUSTER_STATUSES } from "@/lib/providers/types";
import { EOL_STATES, isPlainKubeVersion } from "@/lib/kube-version";
import { CLUSTER_SORT_KEYS, UNHEALTHY_CONNECTION_STATES, type ConnectionSummary } from "./api-types";
import { DAY_MS } from "./cluster-rows";
import { parseSearch } from "./search";
import { EOL_SOON_DAYS, versionSortKey } from "./versions";
import { notDuplicateSql, type DuplicateSnapshot } from "./duplicates";

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

export const SORT_KEYS = CLUSTER_SORT_KEYS;
const flag = z.enum(["1", "0", "true", "false", ""]).optional().transform((v) => v === "1" || v === "true");

/** Query of GET /api/v1/clusters (see api-types.ts); invalid values answer 400 naming the field. */
export const clusterQuerySchema = z.object({
  provider: csvList(z.string().max(40), "provider"),
  connection: csvList(z.string().max(64), "connection"),
  scope: csvList(z.string().max(200), "scope"),
  region: csvList(z.string().max(200), "region"),
  status: csvList(z.enum(CLUSTER_STATUSES), "status"),
  version: csvList(z.string().max(40).refine(isPlainKubeVersion, "a version like 1.30 or 1.30.2"), "version"),
  eol: csvList(z.enum(EOL_STATES), "eol"),
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

/**
 * The filter as SQL over `"ClusterSnapshot" c` (parameters bound, never interpolated); needs the
 * connection summaries only for issues=1 (stale / failing connections). Times compare on the stored
 * UTC wall clock (timestamp without zone), as the snapshot writer stores them.
 */
export function whereSql(teamId: string, q: ClusterQuery, summaries: ConnectionSummary[] | null, now: Date, dups: DuplicateSnapshot[] = []): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`c."teamId" = ${teamId}`];
  // a cluster reached by several connections of the team is listed once (lib/inventory/duplicates.ts)
  const once = notDuplicateSql(dups, q.connection);
  if (once) and.push(once);
  const anyOf = (values: string[]) => Prisma.sql`ANY(${values}::text[])`;
  const at = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp`;
  if (q.provider.length) and.push(Prisma.sql`c.provider = ${anyOf(q.provider)}`);
  if (q.connection.length) and.push(Prisma.sql`c."connectionId" = ${anyOf(q.connection)}`);
  if (q.scope.length) and.push(Prisma.sql`(c.scope = ${anyOf(q.scope)} OR c."scopeName" = ${anyOf(q.scope)})`);
  if (q.region.length) and.push(Prisma.sql`c.region = ${anyOf(q.region)}`);
  if (q.status.length) and.push(Prisma.sql`c.status = ${anyOf(q.status)}`);
  if (q.version.length) {
    const one = (v: string) => {
      const key = versionSortKey(v)!;
      // an exact version (1.30.2) or a whole minor (1.30 → every 1.30.x)
      return /^v?\d+\.\d+\.\d+$/.test(v) ? Prisma.sql`c."versionSort" = ${key}` : Prisma.sql`c."versionSort" LIKE ${`${like(key.slice(0, 9))}.%`}`;
    };
    and.push(Prisma.sql`(${Prisma.join(q.version.map(one), " OR ")})`);
  }
  if (q.eol.length) {
    const soon = new Date(now.getTime() + EOL_SOON_DAYS * DAY_MS);
    const one = (e: string) =>
      e === "past" ? Prisma.sql`c.eol < ${at(now)}` : e === "soon" ? Prisma.sql`(c.eol >= ${at(now)} AND c.eol < ${at(soon)})` : e === "ok" ? Prisma.sql`c.eol >= ${at(soon)}` : Prisma.sql`c.eol IS NULL`;
    and.push(Prisma.sql`(${Prisma.join(q.eol.map(one), " OR ")})`);
  }
  if (q.issues) {
    const bad = (summaries ?? []).filter((s) => UNHEALTHY_CONNECTION_STATES.includes(s.state)).map((s) => s.id);
    and.push(Prisma.sql`(c.status = 'failed' OR c.eol < ${at(now)}${bad.length ? Prisma.sql` OR c."connectionId" = ${anyOf(bad)}` : Prisma.empty})`);
  }
  if (q.gone === "0") and.push(Prisma.sql`c."goneAt" IS NULL`);
  if (q.gone === "only") and.push(Prisma.sql`c."goneAt" IS NOT NULL`);
  // searchText is stored lower-cased: a plain (case-sensitive) substring match on lower-cased terms;
  // % and _ typed by people are literal. The trigram index (migration search_trigram_index) serves it.
  const terms = parseSearch(q.q);
  for (const t of terms.include) and.push(Prisma.sql`c."searchText" LIKE ${`%${like(t)}%`}`);
  for (const t of terms.exclude) and.push(Prisma.sql`c."searchText" NOT LIKE ${`%${like(t)}%`}`);
  return Prisma.join(and, " AND ");
}

/** LIKE pattern text matching `t` literally (backslash is PostgreSQL's default LIKE escape) */
const like = (t: string) => t.replace(/[\\%_]/g, "\\$&");

/** ORDER BY for a sort key ("-" for descending); "connection" needs `"Connection" cn` joined on c."connectionId". Ties by name, then id. */
export function orderSql(sort: string | undefined): { orderBy: Prisma.Sql; needsConnection: boolean } {
  const desc = !!sort?.startsWith("-");
  const key = (sort ?? "name").replace(/^-/, "");
  const dir = desc ? Prisma.raw("DESC") : Prisma.raw("ASC");
  const nullsLast = (col: string) => Prisma.sql`${Prisma.raw(col)} ${dir} NULLS LAST`;
  const by = (col: string) => Prisma.sql`${Prisma.raw(col)} ${dir}`;
  const columns: Record<string, Prisma.Sql[]> = {
    provider: [by("c.provider")],
    connection: [by("cn.name")],
    scope: [nullsLast(`c."scopeName"`), by("c.scope")],
    region: [nullsLast("c.region")],
    version: [nullsLast(`c."versionSort"`)],
    status: [by("c.status")],
    nodes: [by(`c."nodeCount"`)],
    eol: [nullsLast("c.eol")],
    created: [nullsLast(`c."providerCreatedAt"`)],
  };
  const head = columns[key];
  const parts = head ? [...head, Prisma.sql`c.name ASC`, Prisma.sql`c.id ASC`] : [by("c.name"), by("c.id")];
  return { orderBy: Prisma.join(parts, ", "), needsConnection: key === "connection" };
}
