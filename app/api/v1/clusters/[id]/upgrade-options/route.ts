import { apiRoute, idParams } from "@/lib/api/handler";
import { upgradeOptions } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** every version with allowed or the reason it is not, from the cluster re-read live at the provider */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/clusters/[id]/upgrade-options", params: idParams }, async ({ actor, params, requestId }) => upgradeOptions(actor.teamId, params.id, requestId));
