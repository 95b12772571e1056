import { apiRoute, idParams } from "@/lib/api/handler";
import { clusterKubeconfig } from "@/lib/inventory/service";

export const dynamic = "force-dynamic";

/** the cluster's kubeconfig as a download `<cluster>.kubeconfig` (operators and up; audited; never cached) */
export const GET = apiRoute({ permission: "clusters.kubeconfig", name: "/api/v1/clusters/[id]/kubeconfig", params: idParams }, async ({ actor, params, ip, userAgent, requestId }) => {
  const { name, kubeconfig } = await clusterKubeconfig({ teamId: actor.teamId, actorId: actor.userId, actorEmail: actor.email, ip, userAgent, requestId }, params.id);
  const file = `${name.replace(/[^\w.-]+/g, "_").slice(0, 100) || "cluster"}.kubeconfig`;
  return new Response(kubeconfig, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
