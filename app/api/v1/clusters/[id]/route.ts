import { apiRoute, idParams } from "@/lib/api/handler";
import { getClusterDetail } from "@/lib/inventory/query";
import { deleteBodySchema, deleteClusterHandler, deleteQuerySchema } from "@/lib/operations/routes";

export const dynamic = "force-dynamic";

/** One cluster from the snapshots: node pools (lagging flagged), upgrade options (provider rules), recent operations. */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/clusters/[id]", params: idParams }, async ({ actor, params }) => getClusterDetail(actor.teamId, params.id));

// issue 8 (lib/operations): delete; the body's or the query's `confirm` must repeat the cluster name
export const DELETE = apiRoute({ permission: "clusters.delete", name: "/api/v1/clusters/[id]", params: idParams, body: deleteBodySchema, query: deleteQuerySchema }, deleteClusterHandler);
