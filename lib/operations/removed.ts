import { getPrisma } from "@/lib/db/client";

export interface RemovedCluster {
  name: string;
  /** "deleted": by a Clusterdeck delete operation; "forgotten": removed from the inventory only */
  how: "deleted" | "forgotten";
  at: string;
  by: string | null;
  operationId: string | null;
}

/**
 * Why a cluster id of this team no longer has a page: the newest audit record of Clusterdeck deleting
 * (or forgetting) it. Null for ids the team never had (those stay a plain "not found").
 */
export async function removedCluster(teamId: string, clusterId: string): Promise<RemovedCluster | null> {
  const e = await getPrisma().auditEvent.findFirst({
    where: { teamId, targetType: "cluster", targetId: clusterId, action: { in: ["cluster.delete", "cluster.forget"] }, result: "success" },
    orderBy: { createdAt: "desc" },
    select: { action: true, createdAt: true, actorEmail: true, details: true },
  });
  if (!e) return null;
  const d = (e.details ?? {}) as { name?: unknown; operationId?: unknown };
  return {
    name: typeof d.name === "string" ? d.name : "This cluster",
    how: e.action === "cluster.forget" ? "forgotten" : "deleted",
    at: e.createdAt.toISOString(),
    by: e.actorEmail,
    operationId: typeof d.operationId === "string" ? d.operationId : null,
  };
}
