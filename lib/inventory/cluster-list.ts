/** Read model: one page of the team's clusters (GET /api/v1/clusters). */
import { getPrisma, Prisma } from "@/lib/db/client";
import type { ClusterListResponse, ClusterRow } from "./api-types";
import { ACTIVE_OPERATION_STATES, ROW_COLUMNS_SQL, toRow, type SnapRow } from "./cluster-rows";
import { orderSql, whereSql, type ClusterQuery } from "./cluster-query";
import { connectionSummaries, connectionSummariesSql, summariesFromJson } from "./connection-summaries";
import { duplicateSnapshots } from "./duplicates";

type PageRow = SnapRow & { runningOperation: unknown; total: number; connections: unknown };

/**
 * GET /api/v1/clusters in one database statement: the page (with each row's newest pending or running
 * operation), the filtered total and the connection summaries (scalar subqueries, run once). An empty
 * page (past the end, or nothing matches) takes a second statement for the total and summaries.
 * With issues=1 the summaries are read first (the filter needs the stale / failing connections).
 */
export async function listClusters(teamId: string, q: ClusterQuery, now = new Date()): Promise<ClusterListResponse> {
  const prisma = getPrisma();
  const [early, dups] = await Promise.all([q.issues ? connectionSummaries(teamId, now) : null, duplicateSnapshots(teamId)]);
  const where = whereSql(teamId, q, early, now, dups);
  const { orderBy, needsConnection } = orderSql(q.sort);
  const rows = await prisma.$queryRaw<PageRow[]>`
    SELECT ${ROW_COLUMNS_SQL},
      (SELECT json_build_object('id', o.id, 'kind', o.kind, 'state', o.state) FROM "Operation" o
        WHERE o."clusterId" = c.id AND o.state = ANY(${ACTIVE_OPERATION_STATES}::text[]) ORDER BY o."createdAt" DESC LIMIT 1) AS "runningOperation",
      (SELECT count(*)::int FROM "ClusterSnapshot" c WHERE ${where}) AS total,
      ${early ? Prisma.sql`NULL::json` : connectionSummariesSql(teamId)} AS connections
    FROM "ClusterSnapshot" c ${needsConnection ? Prisma.sql`JOIN "Connection" cn ON cn.id = c."connectionId"` : Prisma.empty}
    WHERE ${where}
    ORDER BY ${orderBy}
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`;
  let total: number;
  let connections = early;
  if (rows.length) {
    total = Number(rows[0].total);
    connections ??= summariesFromJson(rows[0].connections, now);
  } else {
    const [head] = await prisma.$queryRaw<{ total: number; connections: unknown }[]>`
      SELECT (SELECT count(*)::int FROM "ClusterSnapshot" c WHERE ${where}) AS total, ${connectionSummariesSql(teamId)} AS connections`;
    total = Number(head?.total ?? 0);
    connections ??= summariesFromJson(head?.connections, now);
  }
  const byId = new Map(connections.map((c) => [c.id, c]));
  const running = new Map<string, ClusterRow["runningOperation"]>();
  for (const r of rows) {
    const op = typeof r.runningOperation === "string" ? JSON.parse(r.runningOperation) : r.runningOperation;
    if (op) running.set(r.id, op as ClusterRow["runningOperation"]);
  }
  return { items: rows.map((r) => toRow(r, byId, running, now)), total, page: q.page, pageSize: q.pageSize, connections };
}
