/**
 * The container.googleapis.com/v1 REST surface as the SDK's REST transport calls it (HTTP rules of
 * google/container/v1/cluster_service.proto), the OAuth token endpoint, and the Compute Engine
 * instance-group managers GKE's node pools link to (docs/providers/gke.md §3).
 */
import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { type GkeState } from "./state";
import { gError } from "./wire";
import { guarded } from "./routes/shared";
import { listClusters, getCluster, serverConfig, createCluster, clusterAction, updateCluster, deleteCluster } from "./routes/clusters";
import { listPools, getPool, createPool, poolAction, updatePool, deletePool } from "./routes/node-pools";
import { getOperation, listOperations, getIgm } from "./routes/operations";

/** POST /token: the OAuth 2.0 JWT-bearer grant (form-encoded) */
function token(state: GkeState): (req: SimRequest) => SimResponse {
  return (req) => {
    const form = new URLSearchParams(req.rawBody);
    const r = state.accounts.grant(form);
    return { status: r.status, body: r.body, headers: { "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate" } };
  };
}

export function buildRouter(state: GkeState): Router {
  const r = new Router();
  const P = "/v1/projects/:project/locations/:location";
  r.post("/token", token(state));
  r.get(`${P}/clusters`, guarded(state, "container.clusters.list", listClusters, false));
  r.post(`${P}/clusters`, guarded(state, "container.clusters.create", createCluster, true));
  r.get(`${P}/clusters/:cluster`, guarded(state, "container.clusters.get", (ctx) => (ctx.req.params.cluster.includes(":") ? gError("NOT_FOUND", "Method not found.") : getCluster(ctx)), false));
  r.post(`${P}/clusters/:clusterAction`, guarded(state, "container.clusters.update", clusterAction, true));
  r.put(`${P}/clusters/:cluster`, guarded(state, "container.clusters.update", updateCluster, true));
  r.delete(`${P}/clusters/:cluster`, guarded(state, "container.clusters.delete", deleteCluster, true));
  r.get(`${P}/clusters/:cluster/nodePools`, guarded(state, "container.clusters.get", listPools, false));
  r.post(`${P}/clusters/:cluster/nodePools`, guarded(state, "container.clusters.update", createPool, true));
  r.get(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.get", getPool, false));
  r.post(`${P}/clusters/:cluster/nodePools/:poolAction`, guarded(state, "container.clusters.update", poolAction, true));
  r.put(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.update", updatePool, true));
  r.delete(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.update", deletePool, true));
  r.get(`${P}/serverConfig`, guarded(state, "container.clusters.list", serverConfig, false));
  r.get(`${P}/operations`, guarded(state, "container.operations.list", listOperations, false));
  r.get(`${P}/operations/:operation`, guarded(state, "container.operations.get", getOperation, false));
  r.get("/compute/v1/projects/:project/zones/:zone/instanceGroupManagers/:igm", guarded(state, "compute.instanceGroupManagers.get", getIgm, false));
  return r;
}

export const routeNotFound = (req: SimRequest): SimResponse => ({
  status: 404,
  body: { error: { code: 404, message: `The requested URL ${req.path.slice(0, 200)} was not found on this server.`, status: "NOT_FOUND" } },
});
export const methodNotAllowed = (req: SimRequest): SimResponse => gError("NOT_FOUND", `Method not found: ${req.method} ${req.path.slice(0, 200)}.`);
/** bodies that are not JSON: the token endpoint takes a form, everything else answers INVALID_ARGUMENT */
export const invalidJsonFor =
  (state: GkeState) =>
  (req: SimRequest): SimResponse =>
    req.path.replace(/\/+$/, "") === "/token" && req.method === "POST"
      ? token(state)(req)
      : gError("INVALID_ARGUMENT", `Invalid JSON payload received. Unexpected token.\n${req.rawBody.slice(0, 20)}\n^`);
