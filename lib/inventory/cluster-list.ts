/** Read model: one page of the team's clusters (GET /api/v1/clusters). */
import { getPrisma } from "@/lib/db/client";
import type { ClusterListResponse, ClusterRow } from "./api-types";
import { ACTIVE_OPERATION_STATES, ROW_SELECT, toRow } from "./cluster-rows";
import { buildOrderBy, buildWhere, type ClusterQuery } from "./cluster-query";
import { connectionSummaries } from "./connection-summaries";

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
  const early = q.issues ? await connectionSummaries(teamId, now) : null;
  const where = buildWhere(teamId, q, early, now);
  const [connections, total, rows] = await Promise.all([
    early ?? connectionSummaries(teamId, now),
    prisma.clusterSnapshot.count({ where }),
    prisma.clusterSnapshot.findMany({ where, orderBy: buildOrderBy(q.sort), skip: (q.page - 1) * q.pageSize, take: q.pageSize, select: ROW_SELECT }),
  ]);
  const byId = new Map(connections.map((c) => [c.id, c]));
  const running = await runningOperations(rows.map((r) => r.id));
  return { items: rows.map((r) => toRow(r, byId, running, now)), total, page: q.page, pageSize: q.pageSize, connections };
}

