/**
 * Azure Resource Manager routes for Microsoft.ContainerService (docs/providers/aks.md §3–§6) and the
 * Entra ID endpoints (§2). Every ARM route: bearer token (401 AuthenticationFailed /
 * InvalidAuthenticationToken / ExpiredAuthenticationToken), then api-version (400
 * MissingApiVersionParameter), then the subscription (404 SubscriptionNotFound).
 */
import { MINUTE } from "@/simulators/kit/clock";
import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { armError } from "./arm";
import { aadError } from "./entra";
import { type AksState } from "./state";
import { RP, originOf, ok, arm } from "./routes/shared";
import { listClusters, listClustersByRg, getCluster, putCluster, deleteCluster, upgradeProfile } from "./routes/clusters";
import { listPools, getPool, putPool, deletePool } from "./routes/agent-pools";
import { kubernetesVersions, operationStatus, operationResult } from "./routes/operations";


export function buildRouter(state: AksState): Router {
  const r = new Router();
  const sub = "/subscriptions/:sub";
  for (const groups of ["resourceGroups", "resourcegroups"]) {
    const mc = `${sub}/${groups}/:rg/${RP}/managedClusters`;
    r.get(mc, arm(state, listClustersByRg));
    r.get(`${mc}/:name`, arm(state, getCluster));
    r.put(`${mc}/:name`, arm(state, putCluster, true));
    r.delete(`${mc}/:name`, arm(state, deleteCluster, true));
    r.get(`${mc}/:name/upgradeProfiles/default`, arm(state, upgradeProfile));
    r.get(`${mc}/:name/agentPools`, arm(state, listPools));
    r.get(`${mc}/:name/agentPools/:pool`, arm(state, getPool));
    r.put(`${mc}/:name/agentPools/:pool`, arm(state, putPool, true));
    r.delete(`${mc}/:name/agentPools/:pool`, arm(state, deletePool, true));
  }
  r.get(`${sub}/${RP}/managedClusters`, arm(state, listClusters));
  r.get(`${sub}/${RP}/locations/:location/kubernetesVersions`, arm(state, kubernetesVersions));
  r.get(`${sub}/${RP}/locations/:location/operations/:op`, arm(state, operationStatus));
  r.get(`${sub}/${RP}/locations/:location/operationresults/:op`, arm(state, operationResult));

  // ARM's cloud metadata (the 2015-01-01 shape Azure Stack Hub and public ARM serve): where to sign in, which audience
  r.get("/metadata/endpoints", (req) => {
    if (!req.query.get("api-version")) return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    const origin = originOf(req);
    return ok(200, { galleryEndpoint: `${origin}/`, graphEndpoint: "https://graph.windows.net/", portalEndpoint: "https://portal.azure.com/", authentication: { loginEndpoint: `${origin}/`, audiences: [`${origin}/`] } });
  });

  // Entra ID
  r.get("/:tenant/v2.0/.well-known/openid-configuration", (req) => state.entra.openidConfiguration(originOf(req), req.params.tenant));
  r.post("/:tenant/oauth2/v2.0/token", (req) => state.entra.token(req, req.params.tenant, originOf(req)));
  r.get("/:tenant/discovery/v2.0/keys", () => ({ status: 200, body: { keys: [] } }));
  return r;
}

export function routeNotFound(req: SimRequest): SimResponse {
  if (/\/oauth2\//.test(req.path)) return aadError(404, "invalid_request", 90027, "The request is not valid for the application's 'userAudience' configuration.");
  return armError(404, "InvalidResourceType", `The resource type could not be found in the namespace 'Microsoft.ContainerService' for api version '${req.query.get("api-version") ?? ""}'.`);
}

export const methodNotAllowed = (req: SimRequest): SimResponse =>
  armError(405, "MethodNotAllowed", `The requested method '${req.method}' is not allowed for the resource.`);

export const invalidJson = (): SimResponse => armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Unexpected character encountered while parsing value.'");

export const OPERATION_MINUTE = MINUTE;
