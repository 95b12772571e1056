import { apiRoute, idParams } from "@/lib/api/handler";
import { cancelOperation } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** admins stop tracking an operation (e.g. a delete the provider keeps refusing) */
export const POST = apiRoute({ permission: "clusters.delete", name: "/api/v1/operations/[id]/cancel", params: idParams }, async (ctx) => cancelOperation(ctx.audit, ctx.params.id));
