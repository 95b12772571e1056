/** "Refresh now" for the API: sync one connection or all of a team's, audited. */
import { ApiError, notFound } from "@/lib/api/errors";
import { audit, type TeamActorContext } from "@/lib/audit";
import { adapterForConnection } from "@/lib/connections/adapter";
import { getPrisma } from "@/lib/db/client";
import { getProvider } from "@/lib/providers/registry";
import { isProviderError } from "@/lib/providers/types";
import { SyncBusyError, syncConnectionNow } from "./job";
import { connectionSummaries } from "./query";
import type { ConnectionSummary } from "./api-types";
import type { SyncResult } from "./sync";


export interface SyncAnswer {
  results: (Pick<SyncResult, "connectionId" | "ok" | "clusters" | "gone" | "removed" | "durationMs" | "error" | "errorKind"> & { busy?: boolean })[];
  connections: ConnectionSummary[];
}

function publicResult(r: SyncResult): SyncAnswer["results"][number] {
  return { connectionId: r.connectionId, ok: r.ok, clusters: r.clusters, gone: r.gone, removed: r.removed, durationMs: r.durationMs, error: r.error, errorKind: r.errorKind };
}

async function syncOne(ctx: TeamActorContext, id: string): Promise<SyncAnswer["results"][number]> {
  try {
    const r = await syncConnectionNow(id, { teamId: ctx.teamId, requestId: ctx.requestId });
    if (!r) throw notFound("connection");
    return publicResult(r);
  } catch (e) {
    if (e instanceof SyncBusyError) return { connectionId: id, ok: false, busy: true, clusters: 0, gone: 0, removed: 0, durationMs: 0, error: e.message, errorKind: "busy" };
    throw e;
  }
}

/** POST /api/v1/connections/{id}/sync (404 for another team's connection) or, without id, POST /api/v1/sync (all of the team's). */
export async function syncNow(ctx: TeamActorContext, connectionId?: string): Promise<SyncAnswer> {
  const ids = connectionId
    ? [connectionId]
    : (await getPrisma().connection.findMany({ where: { teamId: ctx.teamId }, select: { id: true } })).map((c) => c.id);
  const results = await Promise.all(ids.map((id) => syncOne(ctx, id)));
  if (connectionId && results[0]?.busy) {
    await audit({ ...base(ctx), action: "inventory.sync", targetType: "connection", targetId: connectionId, result: "failure", details: { busy: true } });
    throw new ApiError(409, "sync_running", "a sync of this connection is already running; its result will show shortly");
  }
  await audit({
    ...base(ctx),
    action: "inventory.sync",
    targetType: connectionId ? "connection" : "team",
    targetId: connectionId ?? ctx.teamId,
    result: results.every((r) => r.ok || r.busy) ? "success" : "failure",
    details: { connections: results.length, failed: results.filter((r) => !r.ok && !r.busy).map((r) => ({ id: r.connectionId, kind: r.errorKind })) },
  });
  return { results, connections: await connectionSummaries(ctx.teamId) };
}

function base(ctx: TeamActorContext) {
  return { teamId: ctx.teamId, actorId: ctx.actorId ?? null, actorEmail: ctx.actorEmail ?? null, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null };
}

/**
 * A cluster's kubeconfig, fetched live from the provider for the person asking (operator or higher):
 * audited (never its content), never stored or cached. 404 for unknown clusters, 409 with a reason
 * where the provider's API offers no kubeconfig.
 */
export async function clusterKubeconfig(ctx: TeamActorContext, clusterId: string): Promise<{ name: string; kubeconfig: string }> {
  const c = await getPrisma().clusterSnapshot.findFirst({ where: { id: clusterId, teamId: ctx.teamId }, select: { id: true, name: true, provider: true, scope: true, externalId: true, connectionId: true, goneAt: true } });
  if (!c) throw notFound("cluster");
  const def = getProvider(c.provider);
  const adapter = await adapterForConnection(c.connectionId, { teamId: ctx.teamId, requestId: ctx.requestId });
  if (!def.kubeconfig || !adapter.getKubeconfig) {
    throw new ApiError(409, "kubeconfig_unavailable", `${def.displayName}'s API does not hand out kubeconfigs; use the provider's own tools to get one`);
  }
  try {
    const kubeconfig = await adapter.getKubeconfig(c.scope, c.externalId);
    await audit({ ...base(ctx), action: "cluster.kubeconfig", targetType: "cluster", targetId: c.id, result: "success", details: { name: c.name } });
    return { name: c.name, kubeconfig };
  } catch (e) {
    await audit({ ...base(ctx), action: "cluster.kubeconfig", targetType: "cluster", targetId: c.id, result: "failure", details: { name: c.name, kind: isProviderError(e) ? e.kind : "error" } });
    throw e;
  }
}
