import { apiRoute, idParams } from "@/lib/api/handler";
import { forgetCluster } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** removes a cluster already gone at the provider from the inventory (checked live first; 409 if it still exists) */
export const POST = apiRoute({ permission: "clusters.forget", name: "/api/v1/clusters/[id]/forget", params: idParams }, async (ctx) => forgetCluster(ctx.audit, ctx.params.id));
