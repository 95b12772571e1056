/** What every ARM route shares: the token, api-version and subscription checks, lookups, and the agent-pool input rules. */
import { randomUUID } from "node:crypto";
import { authorization, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { armError, invalidParameter } from "../arm";
import { cmpVersion, MAX_POOL_SKEW, minorGap, minorOf, resolveVersion, VM_SIZES } from "../catalog";
import { key, type AksState, type ClusterRecord, type PoolRecord } from "../state";

export const RP = "providers/Microsoft.ContainerService";
export const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
export const CLUSTER_NAME_RE = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
export const POOL_NAME_RE = /^[a-z][a-z0-9]{0,11}$/;
export const RG_RE = /^[-\w._()]{1,90}$/;

export interface Ctx {
  origin: string;
  apiVersion: string;
  clientId: string;
}

export type ArmHandler = (state: AksState, req: SimRequest, ctx: Ctx) => SimResponse;

export const originOf = (req: SimRequest) => `https://${req.headers.host ?? "127.0.0.1"}`;

export const ok = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => ({ status, body, headers: { "x-ms-request-id": randomUUID(), ...headers } });

export function arm(state: AksState, handler: ArmHandler, mutates = false): SimHandler {
  return (req) => {
    const challenge = { "WWW-Authenticate": `Bearer authorization_uri="${originOf(req)}/${state.entra.config.tenantId}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."` };
    const auth = authorization(req);
    if (!auth) return armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", { headers: challenge });
    if (auth.scheme !== "bearer" || !auth.value) return armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.", { headers: challenge });
    const claims = state.entra.verify(auth.value);
    if (!claims) return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
    const nowS = Math.floor(Date.now() / 1000); // wall clock, as the token was issued (state.ts)
    if (claims.exp <= nowS) {
      return armError(401, "ExpiredAuthenticationToken", `The access token expiry UTC time '${new Date(claims.exp * 1000).toUTCString()}' is earlier than current UTC time '${new Date(nowS * 1000).toUTCString()}'.`);
    }
    const origin = originOf(req);
    if (claims.aud.replace(/\/$/, "") !== origin) {
      return armError(401, "InvalidAuthenticationTokenAudience", `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${origin}/'.`);
    }
    const apiVersion = req.query.get("api-version");
    if (!apiVersion) return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    if (!API_VERSION_RE.test(apiVersion)) return armError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions are '2026-04-01,2025-10-01,2025-08-01,2025-07-01,2024-09-01'.`);
    if (req.params.sub && req.params.sub.toLowerCase() !== state.subscriptionId.toLowerCase()) {
      return armError(404, "SubscriptionNotFound", `The subscription '${req.params.sub}' could not be found.`);
    }
    if (mutates && state.entra.readOnlyClients.has(claims.appid)) {
      const scope = req.path.replace(/\?.*$/, "");
      return armError(403, "AuthorizationFailed", `The client '${claims.appid}' with object id '${claims.oid}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/write' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    }
    state.advance();
    return handler(state, req, { origin, apiVersion, clientId: claims.appid });
  };
}

export function findCluster(state: AksState, rg: string, name: string): ClusterRecord | undefined {
  return state.clusters.get(key(rg, name));
}

export function asyncHeaders(ctx: Ctx, state: AksState, location: string, opId: string, withLocation: boolean): Record<string, string> {
  const base = `${ctx.origin}/subscriptions/${state.subscriptionId}/${RP}/locations/${location}`;
  return {
    "Azure-AsyncOperation": `${base}/operations/${opId}?api-version=${ctx.apiVersion}`,
    ...(withLocation ? { Location: `${base}/operationresults/${opId}?api-version=${ctx.apiVersion}` } : {}),
  };
}

export function conflict(state: AksState, c: ClusterRecord): SimResponse | undefined {
  const running = state.runningOperation(key(c.rg, c.name));
  if (!running) return undefined;
  return armError(409, "OperationNotAllowed", `Operation is not allowed because there's an in progress ${c.provisioningState.toLowerCase()} operation on managed cluster '${c.name}' (operation id ${running.id}). Please wait for it to finish before starting a new operation.`);
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface PoolInput {
  name: string;
  count: number;
  vmSize: string;
  mode: "System" | "User";
  orchestratorVersion?: string;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  osType: "Linux" | "Windows";
  osSKU: string;
  maxPods: number;
  osDiskSizeGB: number;
  availabilityZones?: string[];
  nodeLabels?: Record<string, string>;
}

/** validates one agent pool's properties as AKS does; `where` names the target in errors */
export function readPool(raw: Record<string, unknown>, name: string, where: string): PoolInput | SimResponse {
  if (!POOL_NAME_RE.test(name)) return invalidParameter(`${where}.name`, `The agent pool name '${name}' is invalid. Agent pool names must start with a lowercase letter, have max length of 12, and only have characters a-z0-9.`);
  const vmSize = typeof raw.vmSize === "string" ? raw.vmSize : "Standard_D4s_v5";
  if (!VM_SIZES.includes(vmSize)) return armError(400, "InvalidParameter", `The VM size of ${vmSize} is not allowed in your subscription in this location. Allowed sizes: ${VM_SIZES.join(", ")}.`, { target: `${where}.vmSize` });
  const auto = raw.enableAutoScaling === true;
  const count = typeof raw.count === "number" ? raw.count : auto && typeof raw.minCount === "number" ? raw.minCount : 3;
  if (!Number.isInteger(count) || count < 0 || count > 1000) return invalidParameter(`${where}.count`, `The value of parameter ${where}.count is invalid. Please see https://aka.ms/aks-naming-rules for more details.`);
  const mode = raw.mode === "System" ? "System" : raw.mode === "User" || raw.mode === undefined ? (raw.mode as "User" | undefined) ?? "User" : undefined;
  if (!mode) return invalidParameter(`${where}.mode`, `The value of parameter ${where}.mode is invalid: must be System or User.`);
  if (mode === "System" && count < 1) return invalidParameter(`${where}.count`, "System agent pools must have at least one node.");
  let minCount: number | undefined, maxCount: number | undefined;
  if (auto) {
    minCount = typeof raw.minCount === "number" ? raw.minCount : undefined;
    maxCount = typeof raw.maxCount === "number" ? raw.maxCount : undefined;
    if (minCount === undefined || maxCount === undefined) return invalidParameter(`${where}.minCount`, "When enableAutoScaling is true, minCount and maxCount must both be set.");
    if (minCount > maxCount) return invalidParameter(`${where}.minCount`, `minCount (${minCount}) must be less than or equal to maxCount (${maxCount}).`);
    if (count < minCount || count > maxCount) return invalidParameter(`${where}.count`, `The count (${count}) must be between minCount (${minCount}) and maxCount (${maxCount}).`);
  } else if (raw.minCount != null || raw.maxCount != null) {
    return invalidParameter(`${where}.minCount`, "minCount and maxCount may only be set when enableAutoScaling is true.");
  }
  const osType = raw.osType === "Windows" ? "Windows" : "Linux";
  if (osType === "Windows" && mode === "System") return invalidParameter(`${where}.osType`, "System agent pools must use the Linux OS type.");
  return {
    name,
    count,
    vmSize,
    mode,
    orchestratorVersion: typeof raw.orchestratorVersion === "string" && raw.orchestratorVersion ? raw.orchestratorVersion : undefined,
    enableAutoScaling: auto,
    minCount,
    maxCount,
    osType,
    osSKU: typeof raw.osSKU === "string" ? raw.osSKU : osType === "Windows" ? "Windows2022" : "Ubuntu",
    maxPods: typeof raw.maxPods === "number" ? raw.maxPods : 250,
    osDiskSizeGB: typeof raw.osDiskSizeGB === "number" ? raw.osDiskSizeGB : 128,
    availabilityZones: Array.isArray(raw.availabilityZones) ? raw.availabilityZones.map(String) : undefined,
    nodeLabels: isObj(raw.nodeLabels) ? Object.fromEntries(Object.entries(raw.nodeLabels).map(([k, v]) => [k, String(v)])) : undefined,
  };
}

/** a pool's version against the control plane's (skew rule, docs/providers/aks.md §5) */
export function checkPoolVersion(poolVersion: string, controlPlane: string, where: string): SimResponse | undefined {
  if (cmpVersion(minorOf(poolVersion), minorOf(controlPlane)) > 0) {
    return armError(400, "NodePoolMcVersionIncompatible", `Node pool version ${poolVersion} and control plane version ${controlPlane} are incompatible. Minor version of node pool cannot be more than the control plane version.`, { target: `${where}.orchestratorVersion` });
  }
  if (minorGap(poolVersion, controlPlane) > MAX_POOL_SKEW) {
    return armError(400, "NodePoolMcVersionIncompatible", `Node pool version ${poolVersion} and control plane version ${controlPlane} are incompatible. Minor version of node pool version ${minorOf(poolVersion)} is more than ${MAX_POOL_SKEW} versions behind the control plane version ${minorOf(controlPlane)}.`, { target: `${where}.orchestratorVersion` });
  }
  return undefined;
}

export function nodeImage(osSKU: string, rnd: () => number) {
  return `AKS${osSKU}-2204gen2containerd-2026${String(10 + Math.floor(rnd() * 2)).padStart(2, "0")}.${String(1 + Math.floor(rnd() * 27)).padStart(2, "0")}.0`;
}

export function newPool(state: AksState, p: PoolInput, version: string, provisioningState: PoolRecord["provisioningState"]): PoolRecord {
  return {
    name: p.name,
    count: p.count,
    vmSize: p.vmSize,
    mode: p.mode,
    osType: p.osType,
    osSKU: p.osSKU,
    osDiskSizeGB: p.osDiskSizeGB,
    maxPods: p.maxPods,
    orchestratorVersion: p.orchestratorVersion ?? version,
    currentOrchestratorVersion: resolveVersion(p.orchestratorVersion ?? version) ?? version,
    enableAutoScaling: p.enableAutoScaling,
    minCount: p.minCount,
    maxCount: p.maxCount,
    availabilityZones: p.availabilityZones,
    nodeLabels: p.nodeLabels,
    provisioningState,
    powerState: "Running",
    nodeImageVersion: nodeImage(p.osSKU, () => state.rnd.next()),
    eTag: state.etag(),
  };
}

/** resolves a requested version (minor or patch) against the catalogue, or answers the AKS error */
export function resolveRequested(requested: string, location: string, target: string): string | SimResponse {
  const resolved = resolveVersion(requested);
  if (!resolved) {
    return armError(400, "K8sVersionNotSupported", `Version ${requested} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`, { target });
  }
  void location;
  return resolved;
}

/** If-None-Match: * (create only) and If-Match: <eTag> (optimistic concurrency), as ARM evaluates them */
export function preconditions(req: SimRequest, eTag: string | undefined, what: string): SimResponse | undefined {
  const none = req.headers["if-none-match"];
  if (none === "*" && eTag) return armError(412, "PreconditionFailed", `The ${what} already exists and If-None-Match: * was requested.`);
  const match = req.headers["if-match"];
  if (typeof match === "string" && match !== "*" && match !== eTag) return armError(412, "PreconditionFailed", `The If-Match header value '${match}' does not match the current eTag of the ${what}; it was changed by another request.`);
  return undefined;
}
