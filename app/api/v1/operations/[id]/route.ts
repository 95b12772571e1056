import { apiRoute, idParams } from "@/lib/api/handler";
import { getOperation } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** one operation with its timeline */
export const GET = apiRoute({ permission: "operations.read", name: "/api/v1/operations/[id]", params: idParams }, async ({ actor, params }) => getOperation(actor.teamId, params.id));
