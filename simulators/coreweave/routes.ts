import { authorization, Router, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { createCluster, deleteCluster, getCluster, listClusters, updateCluster } from "./clusters";
import { GRPC, permissionDenied, rpcError, unauthenticated } from "./errors";
import type { CoreWeaveState } from "./state";
import { createVpc, deleteVpc, getVpc, listVpcs, updateVpc } from "./vpcs";

type Handler = (state: CoreWeaveState, req: SimRequest) => SimResponse;

/** Bearer-token check (401 UNAUTHENTICATED), then role check (403 PERMISSION_DENIED for read-only tokens on mutations). */
function guarded(state: CoreWeaveState, handler: Handler, mutates: boolean): SimHandler {
  return (req) => {
    const auth = authorization(req);
    if (!auth || auth.scheme !== "bearer" || !auth.value) return unauthenticated("missing bearer token in the Authorization header");
    const access = state.tokens.get(auth.value);
    if (!access) return unauthenticated("invalid or expired API access token");
    if (mutates && access !== "write") return permissionDenied("the API access token lacks the permission required for this operation");
    state.advance();
    return handler(state, req);
  };
}

export function buildRouter(state: CoreWeaveState): Router {
  const r = new Router();
  r.get("/v1beta1/cks/clusters", guarded(state, listClusters, false));
  r.post("/v1beta1/cks/clusters", guarded(state, createCluster, true));
  r.get("/v1beta1/cks/clusters/:id", guarded(state, getCluster, false));
  r.patch("/v1beta1/cks/clusters/:id", guarded(state, updateCluster, true));
  r.delete("/v1beta1/cks/clusters/:id", guarded(state, deleteCluster, true));
  r.get("/v1beta1/networking/vpcs", guarded(state, listVpcs, false));
  r.post("/v1beta1/networking/vpcs", guarded(state, createVpc, true));
  r.get("/v1beta1/networking/vpcs/:id", guarded(state, getVpc, false));
  r.patch("/v1beta1/networking/vpcs/:id", guarded(state, updateVpc, true));
  r.delete("/v1beta1/networking/vpcs/:id", guarded(state, deleteVpc, true));
  return r;
}

/** grpc-gateway's routing errors: unknown path 404 / NOT_FOUND, wrong method 405 / UNIMPLEMENTED. */
export const routeNotFound = (): SimResponse => rpcError(404, GRPC.NOT_FOUND, "Not Found");
export const methodNotAllowed = (): SimResponse => rpcError(405, GRPC.UNIMPLEMENTED, "Method Not Allowed");
export const invalidJson = (req: SimRequest): SimResponse =>
  rpcError(400, GRPC.INVALID_ARGUMENT, `proto: syntax error: unexpected token ${JSON.stringify(req.rawBody.slice(0, 20))}`);
