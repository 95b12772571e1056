/** Read model: one page of the team's clusters (GET /api/v1/clusters). */
import { getPrisma, Prisma } from "@/lib/db/client";
import type { ClusterListResponse, ClusterRow, ConnectionSummary } from "./api-types";
import { encodedJsonResponse, encodeJson } from "@/lib/api/encoded-json";
import { eolStateChangesAt } from "@/lib/kube-version";
import { ACTIVE_OPERATION_STATES, isoFromJson, ROW_JSON_SQL, snapRowFromJson, toRow } from "./cluster-rows";
import { orderSql, whereSql, type ClusterQuery } from "./cluster-query";
import { clusterCountsSql, connectionStatesSql, summariesChangeAt, summariesFromJson } from "./connection-summaries";
import { duplicateSnapshots } from "./duplicates";
import { cachedPage, cachePage, cacheable, keepAnswer, keptAnswer, type CachedPage, type KeptAnswer } from "./list-cache";

/**
 * GET /api/v1/clusters. The connections' sync states (and the team's inventory revision) are read on
 * every request; the page itself — rows, total, clusters per connection — comes from the page cache
 * when the inventory has not changed since it was read (lib/inventory/list-cache.ts), else from one
 * statement (readPage). Two statements per request when the page is cached, three when not.
 */
export async function listClusters(teamId: string, q: ClusterQuery, now = new Date()): Promise<ClusterListResponse> {
  return answerOf(await readList(teamId, q, now), q, now);
}

/**
 * The API's answer to GET /api/v1/clusters: as listClusters, and for a cacheable query its bytes too,
 * kept per (team, query) with the head they were made from (the revision and the connections' states,
 * as text) and the instant the clock alone would change them (an age in seconds, a connection turning
 * stale, a lease or an EOL date passing: validUntil). A request with the same head before then gets the
 * kept bytes without parsing, mapping or serializing anything; any other reads and keeps a new answer.
 * `head` is listHeadSql's value when the caller already read it (the route's authenticating statement).
 */
export async function listClustersResponse(teamId: string, q: ClusterQuery, head?: string | null, now = new Date()): Promise<Response | ClusterListResponse> {
  head ??= await readHead(teamId);
  const useCache = cacheable(q);
  const kept = useCache ? keptAnswer(teamId, q) : undefined;
  if (kept && kept.head === head && now.getTime() < kept.validUntil) return encodedJsonResponse(kept);
  const list = await readList(teamId, q, now, head);
  const answer = answerOf(list, q, now);
  if (!useCache) return answer;
  const validUntil = list.page.rows.reduce((at, { row }) => Math.min(at, eolStateChangesAt(isoFromJson(row.eol), now)), summariesChangeAt(list.states, now));
  const entry: KeptAnswer = { head, validUntil, rows: list.page.rows.length, ...encodeJson(answer) };
  keepAnswer(teamId, q, entry);
  return encodedJsonResponse(entry);
}

interface ListParts {
  page: CachedPage;
  connections: ConnectionSummary[];
  /** the connections' states as read (connectionStatesSql) */
  states: unknown;
}

/**
 * What the list reads fresh on every request, as one JSON value: the team's inventory revision and its
 * connections' sync states. The API route has it read in its authenticating statement (TeamRead,
 * lib/auth/authenticate.ts: one database round trip for both).
 */
export const listHeadSql = (teamId: string | Prisma.Sql): Prisma.Sql =>
  Prisma.sql`json_build_object('revision', (SELECT r.revision::text FROM "InventoryRevision" r WHERE r."teamId" = ${teamId}), 'connections', ${connectionStatesSql(teamId)})`;

async function readHead(teamId: string): Promise<string> {
  return (await getPrisma().$queryRaw<{ head: string }[]>`SELECT ${listHeadSql(teamId)}::text AS head`)[0].head;
}

async function readList(teamId: string, q: ClusterQuery, now: Date, head?: string | null): Promise<ListParts> {
  head ??= await readHead(teamId);
  const { revision, connections: states } = JSON.parse(head) as { revision: string | null; connections: unknown };
  const useCache = cacheable(q);
  const key = revision ?? "0";
  let page = useCache ? cachedPage(teamId, key, q) : undefined;
  if (!page) {
    // issues=1 filters by the connections' states (their counts do not matter there)
    page = await readPage(teamId, q, q.issues ? summariesFromJson(states, now, {}) : null, now);
    if (useCache) cachePage(teamId, key, q, page);
  }
  return { page, connections: summariesFromJson(states, now, page.counts), states };
}

function answerOf({ page, connections }: ListParts, q: ClusterQuery, now: Date): ClusterListResponse {
  const byId = new Map(connections.map((c) => [c.id, c]));
  const running = new Map<string, ClusterRow["runningOperation"]>();
  const rows = page.rows.map(({ row, runningOperation }) => {
    const r = snapRowFromJson(row);
    if (runningOperation) running.set(r.id, runningOperation);
    return r;
  });
  return { items: rows.map((r) => toRow(r, byId, running, now)), total: page.total, page: q.page, pageSize: q.pageSize, connections };
}

/**
 * One page in one database statement whose answer is one JSON value: the rows in order (ARRAY(… ORDER
 * BY … LIMIT) keeps the statement's order), each with its newest pending or running operation, the
 * filtered total and the live clusters per connection, each computed and sent once.
 */
async function readPage(teamId: string, q: ClusterQuery, early: ConnectionSummary[] | null, now: Date): Promise<CachedPage> {
  const dups = await duplicateSnapshots(teamId);
  const where = whereSql(teamId, q, early, now, dups);
  const { orderBy, needsConnection } = orderSql(q.sort);
  const [{ doc }] = await getPrisma().$queryRaw<{ doc: string }[]>`
    SELECT json_build_object(
      'rows', array_to_json(ARRAY(
        SELECT json_build_object('row', ${ROW_JSON_SQL}, 'runningOperation',
          (SELECT json_build_object('id', o.id, 'kind', o.kind, 'state', o.state) FROM "Operation" o
            WHERE o."clusterId" = c.id AND o.state = ANY(${ACTIVE_OPERATION_STATES}::text[]) ORDER BY o."createdAt" DESC LIMIT 1))
        FROM "ClusterSnapshot" c ${needsConnection ? Prisma.sql`JOIN "Connection" cn ON cn.id = c."connectionId"` : Prisma.empty}
        WHERE ${where}
        ORDER BY ${orderBy}
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize})),
      'total', (SELECT count(*) FROM "ClusterSnapshot" c WHERE ${where}),
      'counts', ${clusterCountsSql(teamId)})::text AS doc`;
  const page = JSON.parse(doc) as CachedPage;
  return { rows: page.rows ?? [], total: Number(page.total), counts: page.counts ?? {} };
}
