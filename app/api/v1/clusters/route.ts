import { csvResponse } from "@/lib/csv";
import { apiRoute } from "@/lib/api/handler";
import { clusterQuerySchema, clustersCsvStream, listClustersResponse } from "@/lib/inventory";
import { createBodySchema, createClusterHandler, documentedCreateBody } from "@/lib/operations/routes";

export const dynamic = "force-dynamic";

/**
 * The aggregated inventory from the snapshots (never calls providers): filters, search, sort and
 * pagination in the database; `format=csv` streams the whole filtered set.
 */
export const GET = apiRoute({ permission: "inventory.read", name: "/api/v1/clusters", query: clusterQuerySchema }, async ({ actor, query }) => {
  if (query.format === "csv") {
    return csvResponse(clustersCsvStream(actor.teamId, query), "clusters");
  }
  return listClustersResponse(actor.teamId, query);
});

// issue 8 (lib/operations): create through the wizard or the API; answers 202 with the tracked operation
export const POST = apiRoute({ permission: "clusters.create", name: "/api/v1/clusters", body: createBodySchema, documentedBody: documentedCreateBody }, createClusterHandler);
