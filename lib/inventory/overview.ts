/** Read model: the Overview page's totals, end-of-life list and running operations (GET /api/v1/overview). */
import { getPrisma } from "@/lib/db/client";
import type { ClusterRow, OverviewResponse } from "./api-types";
import { ACTIVE_OPERATION_STATES, DAY_MS, operationSummaries, listRowOf, ROW_SELECT, toRow } from "./cluster-rows";
import { connectionSummaries } from "./connection-summaries";
import { duplicateSnapshots, notDuplicate } from "./duplicates";
import { EOL_SOON_DAYS, minorOf } from "./versions";

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
    eol: { past, soon: soonCount, clusters: eolRows.map((r) => toRow(listRowOf(r), byId, runningMap, now)) },
    connections,
    runningOperations: running,
  };
}

