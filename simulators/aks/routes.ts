/**
 * Azure Resource Manager routes for Microsoft.ContainerService (docs/providers/aks.md §3–§6) and the
 * Entra ID endpoints (§2). Every ARM route: bearer token (401 AuthenticationFailed /
 * InvalidAuthenticationToken / ExpiredAuthenticationToken), then api-version (400
 * MissingApiVersionParameter), then the subscription (404 SubscriptionNotFound).
 */
import { randomUUID } from "node:crypto";
import { MINUTE } from "@/simulators/kit/clock";
import { authorization, Router, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { armError, invalidParameter, notFoundCluster } from "./arm";
import { cmpVersion, DEFAULT_MINOR, findMinor, LOCATIONS, MAX_POOL_SKEW, minorGap, minorOf, MINORS, resolveVersion, upgradesFrom, VM_SIZES } from "./catalog";
import { aadError } from "./entra";
import { clusterView, key, poolView, type AksState, type ClusterRecord, type PoolRecord } from "./state";

const RP = "providers/Microsoft.ContainerService";
const API_VERSION_RE = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const CLUSTER_NAME_RE = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const POOL_NAME_RE = /^[a-z][a-z0-9]{0,11}$/;
const RG_RE = /^[-\w._()]{1,90}$/;

interface Ctx {
  origin: string;
  apiVersion: string;
  clientId: string;
}

type ArmHandler = (state: AksState, req: SimRequest, ctx: Ctx) => SimResponse;

export const originOf = (req: SimRequest) => `https://${req.headers.host ?? "127.0.0.1"}`;

const ok = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => ({ status, body, headers: { "x-ms-request-id": randomUUID(), ...headers } });

function arm(state: AksState, handler: ArmHandler, mutates = false): SimHandler {
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

// ------------------------------------------------------------------ helpers

function findCluster(state: AksState, rg: string, name: string): ClusterRecord | undefined {
  return state.clusters.get(key(rg, name));
}

function asyncHeaders(ctx: Ctx, state: AksState, location: string, opId: string, withLocation: boolean): Record<string, string> {
  const base = `${ctx.origin}/subscriptions/${state.subscriptionId}/${RP}/locations/${location}`;
  return {
    "Azure-AsyncOperation": `${base}/operations/${opId}?api-version=${ctx.apiVersion}`,
    ...(withLocation ? { Location: `${base}/operationresults/${opId}?api-version=${ctx.apiVersion}` } : {}),
  };
}

function conflict(state: AksState, c: ClusterRecord): SimResponse | undefined {
  const running = state.runningOperation(key(c.rg, c.name));
  if (!running) return undefined;
  return armError(409, "OperationNotAllowed", `Operation is not allowed because there's an in progress ${c.provisioningState.toLowerCase()} operation on managed cluster '${c.name}' (operation id ${running.id}). Please wait for it to finish before starting a new operation.`);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

interface PoolInput {
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
function readPool(raw: Record<string, unknown>, name: string, where: string): PoolInput | SimResponse {
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
function checkPoolVersion(poolVersion: string, controlPlane: string, where: string): SimResponse | undefined {
  if (cmpVersion(minorOf(poolVersion), minorOf(controlPlane)) > 0) {
    return armError(400, "NodePoolMcVersionIncompatible", `Node pool version ${poolVersion} and control plane version ${controlPlane} are incompatible. Minor version of node pool cannot be more than the control plane version.`, { target: `${where}.orchestratorVersion` });
  }
  if (minorGap(poolVersion, controlPlane) > MAX_POOL_SKEW) {
    return armError(400, "NodePoolMcVersionIncompatible", `Node pool version ${poolVersion} and control plane version ${controlPlane} are incompatible. Minor version of node pool version ${minorOf(poolVersion)} is more than ${MAX_POOL_SKEW} versions behind the control plane version ${minorOf(controlPlane)}.`, { target: `${where}.orchestratorVersion` });
  }
  return undefined;
}

function nodeImage(osSKU: string, rnd: () => number) {
  return `AKS${osSKU}-2204gen2containerd-2026${String(10 + Math.floor(rnd() * 2)).padStart(2, "0")}.${String(1 + Math.floor(rnd() * 27)).padStart(2, "0")}.0`;
}

function newPool(state: AksState, p: PoolInput, version: string, provisioningState: PoolRecord["provisioningState"]): PoolRecord {
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
function resolveRequested(requested: string, location: string, target: string): string | SimResponse {
  const resolved = resolveVersion(requested);
  if (!resolved) {
    return armError(400, "K8sVersionNotSupported", `Version ${requested} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`, { target });
  }
  void location;
  return resolved;
}

/** If-None-Match: * (create only) and If-Match: <eTag> (optimistic concurrency), as ARM evaluates them */
function preconditions(req: SimRequest, eTag: string | undefined, what: string): SimResponse | undefined {
  const none = req.headers["if-none-match"];
  if (none === "*" && eTag) return armError(412, "PreconditionFailed", `The ${what} already exists and If-None-Match: * was requested.`);
  const match = req.headers["if-match"];
  if (typeof match === "string" && match !== "*" && match !== eTag) return armError(412, "PreconditionFailed", `The If-Match header value '${match}' does not match the current eTag of the ${what}; it was changed by another request.`);
  return undefined;
}

// ------------------------------------------------------------------ managed clusters

function listPage(state: AksState, req: SimRequest, ctx: Ctx, all: ClusterRecord[]): SimResponse {
  const pageSize = state.pageSize;
  const skip = Math.max(0, Number(req.query.get("$skipToken") ?? 0) || 0);
  const page = all.slice(skip, skip + pageSize);
  const next = skip + pageSize < all.length ? `${ctx.origin}${req.path}?api-version=${ctx.apiVersion}&%24skipToken=${skip + pageSize}` : undefined;
  return ok(200, { value: page.map((c) => clusterView(state, c)), ...(next ? { nextLink: next } : {}) });
}

const listClusters: ArmHandler = (state, req, ctx) => listPage(state, req, ctx, [...state.clusters.values()].sort((a, b) => a.name.localeCompare(b.name)));

const listClustersByRg: ArmHandler = (state, req, ctx) => {
  const rg = req.params.rg;
  if (!state.resourceGroups.has(rg.toLowerCase())) return armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
  return listPage(state, req, ctx, [...state.clusters.values()].filter((c) => c.rg.toLowerCase() === rg.toLowerCase()).sort((a, b) => a.name.localeCompare(b.name)));
};

const getCluster: ArmHandler = (state, req) => {
  const c = findCluster(state, req.params.rg, req.params.name);
  return c ? ok(200, clusterView(state, c)) : notFoundCluster(req.params.rg, req.params.name);
};

const putCluster: ArmHandler = (state, req, ctx) => {
  const { rg, name } = req.params;
  if (!isObj(req.body)) return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  const body = req.body;
  const props = isObj(body.properties) ? body.properties : {};
  const existing = findCluster(state, rg, name);
  const pre = preconditions(req, existing?.eTag, `managed cluster '${name}'`);
  if (pre) return pre;
  if (!existing) return createCluster(state, ctx, rg, name, body, props);
  return updateCluster(state, ctx, existing, body, props);
};

function createCluster(state: AksState, ctx: Ctx, rg: string, name: string, body: Record<string, unknown>, props: Record<string, unknown>): SimResponse {
  if (!CLUSTER_NAME_RE.test(name)) return armError(400, "InvalidResourceName", `Resource name '${name}' is invalid. The name can be between 1 and 63 characters long and can contain only letters, numbers, underscores, and hyphens; it must start and end with a letter or number.`);
  if (!RG_RE.test(rg) || rg.endsWith(".")) return armError(400, "InvalidResourceGroupName", `Resource group name '${rg}' is invalid: up to 90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period.`);
  const group = state.resourceGroups.get(rg.toLowerCase());
  if (!group) return armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
  const location = typeof body.location === "string" ? body.location.toLowerCase().replace(/\s+/g, "") : "";
  if (!location) return armError(400, "LocationRequired", "The location property is required for this definition.");
  if (!LOCATIONS.includes(location)) {
    return armError(400, "LocationNotAvailableForResourceType", `The provided location '${location}' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${LOCATIONS.join(",")}'.`);
  }
  const requested = typeof props.kubernetesVersion === "string" && props.kubernetesVersion ? props.kubernetesVersion : DEFAULT_MINOR;
  const version = resolveRequested(requested, location, "properties.kubernetesVersion");
  if (typeof version !== "string") return version;
  const tier = isObj(body.sku) && (body.sku.tier === "Standard" || body.sku.tier === "Premium") ? body.sku.tier : "Free";
  const supportPlan = props.supportPlan === "AKSLongTermSupport" ? "AKSLongTermSupport" : "KubernetesOfficial";
  const minor = findMinor(minorOf(version))!;
  if (!minor.supportPlan.includes(supportPlan)) {
    return armError(400, "K8sVersionNotSupported", `Version ${minorOf(version)} is not supported with support plan ${supportPlan}. Check the supportPlan capabilities listed by the versions API.`, { target: "properties.kubernetesVersion" });
  }
  if (supportPlan === "AKSLongTermSupport" && tier !== "Premium") return invalidParameter("sku.tier", "Long term support (supportPlan AKSLongTermSupport) requires the Premium tier.");
  const profiles = Array.isArray(props.agentPoolProfiles) ? props.agentPoolProfiles : [];
  if (!profiles.length) return invalidParameter("properties.agentPoolProfiles", "At least one agent pool profile is required; one must be of mode System.");
  const pools: PoolInput[] = [];
  for (const [i, raw] of profiles.entries()) {
    if (!isObj(raw)) return invalidParameter(`properties.agentPoolProfiles[${i}]`, "Agent pool profile must be an object.");
    const p = readPool(raw, typeof raw.name === "string" ? raw.name : "", `properties.agentPoolProfiles[${i}]`);
    if ("status" in p) return p;
    if (pools.some((x) => x.name === p.name)) return invalidParameter(`properties.agentPoolProfiles[${i}].name`, `Agent pool name '${p.name}' is used more than once.`);
    if (p.orchestratorVersion) {
      const pv = resolveVersion(p.orchestratorVersion);
      if (!pv) return armError(400, "AgentPoolK8sVersionNotSupported", `Version ${p.orchestratorVersion} is not supported in this region.`, { target: `properties.agentPoolProfiles[${i}].orchestratorVersion` });
      const bad = checkPoolVersion(pv, version, `properties.agentPoolProfiles[${i}]`);
      if (bad) return bad;
    }
    pools.push(p);
  }
  if (!pools.some((p) => p.mode === "System")) return invalidParameter("properties.agentPoolProfiles", "A managed cluster must have at least one agent pool of mode System.");
  const dnsPrefix = typeof props.dnsPrefix === "string" && props.dnsPrefix ? props.dnsPrefix : `${name.slice(0, 33)}-${rg.slice(0, 12)}-${state.subscriptionId.slice(0, 6)}`.replace(/[^a-zA-Z0-9-]/g, "");
  const now = state.now();
  const tags = isObj(body.tags) ? Object.fromEntries(Object.entries(body.tags).map(([k, v]) => [k, String(v)])) : {};
  const c: ClusterRecord = {
    rg,
    name,
    location,
    tags,
    tier,
    supportPlan,
    kubernetesVersion: requested,
    currentKubernetesVersion: version,
    dnsPrefix,
    fqdn: `${dnsPrefix.toLowerCase()}-${state.rnd.hex(8)}.hcp.${location}.azmk8s.io`,
    provisioningState: "Creating",
    powerState: "Running",
    pools: pools.map((p) => newPool(state, p, version, "Creating")),
    networkPlugin: isObj(props.networkProfile) && typeof props.networkProfile.networkPlugin === "string" ? props.networkProfile.networkPlugin : "azure",
    createdAt: now,
    modifiedAt: now,
    resourceUID: state.rnd.hex(24),
    eTag: state.etag(),
  };
  state.clusters.set(key(rg, name), c);
  const fail = state.failNextCreates > 0 ? (state.failNextCreates--, { code: "VMExtensionProvisioningError", message: "Unable to establish outbound connection from agents, please see https://learn.microsoft.com/en-us/troubleshoot/azure/azure-kubernetes/error-code-outboundconnfailvmextensionerror and https://aka.ms/aks-required-ports-and-addresses for more information." }) : undefined;
  const op = state.startOperation({
    location,
    clusterKey: key(rg, name),
    minutes: 6 + c.pools.length,
    fail,
    complete: (success) => {
      c.provisioningState = success ? "Succeeded" : "Failed";
      for (const p of c.pools) p.provisioningState = success ? "Succeeded" : "Failed";
      c.modifiedAt = state.now();
    },
  });
  return ok(201, clusterView(state, c), asyncHeaders(ctx, state, location, op.id, false));
}

function updateCluster(state: AksState, ctx: Ctx, c: ClusterRecord, body: Record<string, unknown>, props: Record<string, unknown>): SimResponse {
  const busy = conflict(state, c);
  if (busy) return busy;
  if (c.provisioningState === "Deleting") return armError(409, "OperationNotAllowed", `Operation is not allowed because managed cluster '${c.name}' is being deleted.`);
  if (typeof body.location === "string" && body.location.toLowerCase().replace(/\s+/g, "") !== c.location) {
    return armError(400, "LocationNotMatch", `The location of managed cluster '${c.name}' (${c.location}) cannot be changed.`);
  }
  // the requested version: minor or patch; unchanged when absent
  const requested = typeof props.kubernetesVersion === "string" && props.kubernetesVersion ? props.kubernetesVersion : c.kubernetesVersion;
  let target = c.currentKubernetesVersion;
  const sameRequest = requested === c.kubernetesVersion || requested === c.currentKubernetesVersion || (/^\d+\.\d+$/.test(requested) && requested === minorOf(c.currentKubernetesVersion));
  if (!sameRequest) {
    const resolved = resolveRequested(requested, c.location, "properties.kubernetesVersion");
    if (typeof resolved !== "string") return resolved;
    if (cmpVersion(resolved, c.currentKubernetesVersion) < 0) {
      return armError(400, "NotAllowedDowngrade" , `Downgrading Kubernetes version ${c.currentKubernetesVersion} to ${resolved} is not allowed. Available upgrades: ${upgradesFrom(c.currentKubernetesVersion).join(", ") || "none"}.`, { target: "properties.kubernetesVersion" });
    }
    if (!upgradesFrom(c.currentKubernetesVersion).includes(resolved)) {
      return armError(400, "UpgradeNotAllowed", `Upgrading Kubernetes version ${c.currentKubernetesVersion} to ${resolved} is not allowed: AKS cannot skip minor versions. Available upgrades: ${upgradesFrom(c.currentKubernetesVersion).join(", ") || "none"}. See https://aka.ms/aks-supported-k8s-ver.`, { target: "properties.kubernetesVersion" });
    }
    target = resolved;
  }
  // agent pool profiles as sent (full PUT semantics: every pool must be present)
  const profiles = Array.isArray(props.agentPoolProfiles) ? props.agentPoolProfiles.filter(isObj) : undefined;
  const changes = new Map<string, PoolInput>();
  if (profiles) {
    for (const [i, raw] of profiles.entries()) {
      const name = typeof raw.name === "string" ? raw.name : "";
      if (!c.pools.some((p) => p.name === name)) return invalidParameter(`properties.agentPoolProfiles[${i}].name`, `Adding agent pool '${name}' through the managed cluster is not supported; use the agentPools API.`);
      const p = readPool(raw, name, `properties.agentPoolProfiles[${i}]`);
      if ("status" in p) return p;
      if (p.orchestratorVersion) {
        const pv = resolveVersion(p.orchestratorVersion) ?? (p.orchestratorVersion === c.pools.find((x) => x.name === name)!.orchestratorVersion ? c.pools.find((x) => x.name === name)!.currentOrchestratorVersion : undefined);
        if (!pv) return armError(400, "AgentPoolK8sVersionNotSupported", `Version ${p.orchestratorVersion} is not supported in this region.`, { target: `properties.agentPoolProfiles[${i}].orchestratorVersion` });
        const bad = checkPoolVersion(pv, target, `properties.agentPoolProfiles[${i}]`);
        if (bad) return bad;
        p.orchestratorVersion = pv;
      }
      changes.set(name, p);
    }
  }
  // pools left behind by a control-plane upgrade must stay within the skew
  for (const p of c.pools) {
    const next = changes.get(p.name)?.orchestratorVersion ?? p.currentOrchestratorVersion;
    const bad = checkPoolVersion(next, target, `properties.agentPoolProfiles[${p.name}]`);
    if (bad) return bad;
  }
  const upgrading = target !== c.currentKubernetesVersion || [...changes.values()].some((p) => p.orchestratorVersion && p.orchestratorVersion !== c.pools.find((x) => x.name === p.name)!.currentOrchestratorVersion);
  const scaling = [...changes.values()].some((p) => p.count !== c.pools.find((x) => x.name === p.name)!.count);
  const state0 = upgrading ? "Upgrading" : scaling ? "Scaling" : "Updating";
  c.provisioningState = state0;
  if (isObj(body.tags)) c.tags = Object.fromEntries(Object.entries(body.tags).map(([k, v]) => [k, String(v)]));
  if (isObj(body.sku) && (body.sku.tier === "Free" || body.sku.tier === "Standard" || body.sku.tier === "Premium")) c.tier = body.sku.tier;
  c.kubernetesVersion = requested;
  c.modifiedAt = state.now();
  c.eTag = state.etag();
  const upgradedPools: string[] = [];
  for (const p of c.pools) {
    const ch = changes.get(p.name);
    if (!ch) continue;
    const upgradesPool = ch.orchestratorVersion && ch.orchestratorVersion !== p.currentOrchestratorVersion;
    if (upgradesPool) upgradedPools.push(p.name);
    p.provisioningState = upgradesPool ? "Upgrading" : ch.count !== p.count ? "Scaling" : p.provisioningState === "Failed" ? "Updating" : p.provisioningState;
    p.count = ch.count;
    p.enableAutoScaling = ch.enableAutoScaling;
    p.minCount = ch.minCount;
    p.maxCount = ch.maxCount;
  }
  const minutes = (target !== c.currentKubernetesVersion ? 8 : 0) + upgradedPools.length * 4 + (scaling ? 3 : 0) + 1;
  const op = state.startOperation({
    location: c.location,
    clusterKey: key(c.rg, c.name),
    minutes,
    complete: (success) => {
      if (success) {
        c.currentKubernetesVersion = target;
        for (const p of c.pools) {
          const ch = changes.get(p.name);
          if (ch?.orchestratorVersion) {
            p.orchestratorVersion = ch.orchestratorVersion;
            p.currentOrchestratorVersion = ch.orchestratorVersion;
          }
          p.provisioningState = "Succeeded";
        }
      }
      c.provisioningState = success ? "Succeeded" : "Failed";
      c.modifiedAt = state.now();
    },
  });
  return ok(200, clusterView(state, c), asyncHeaders(ctx, state, c.location, op.id, false));
}

const deleteCluster: ArmHandler = (state, req, ctx) => {
  const c = findCluster(state, req.params.rg, req.params.name);
  // ARM deletes are idempotent: a resource that is not there answers 204
  if (!c) return { status: 204, headers: { "x-ms-request-id": randomUUID() } };
  if (c.provisioningState === "Deleting") {
    const running = state.runningOperation(key(c.rg, c.name))!;
    return ok(202, undefined, asyncHeaders(ctx, state, c.location, running.id, true));
  }
  const busy = conflict(state, c);
  if (busy) return busy;
  c.provisioningState = "Deleting";
  for (const p of c.pools) p.provisioningState = "Deleting";
  c.modifiedAt = state.now();
  const op = state.startOperation({
    location: c.location,
    clusterKey: key(c.rg, c.name),
    minutes: 5 + c.pools.length,
    complete: () => {
      state.clusters.delete(key(c.rg, c.name));
    },
  });
  return ok(202, undefined, asyncHeaders(ctx, state, c.location, op.id, true));
};

const upgradeProfile: ArmHandler = (state, req) => {
  const c = findCluster(state, req.params.rg, req.params.name);
  if (!c) return notFoundCluster(req.params.rg, req.params.name);
  const upgrades = (v: string) => upgradesFrom(v).map((u) => ({ kubernetesVersion: u, ...(findMinor(minorOf(u))?.isPreview ? { isPreview: true } : {}) }));
  return ok(200, {
    id: `/subscriptions/${state.subscriptionId}/resourcegroups/${c.rg}/providers/Microsoft.ContainerService/managedClusters/${c.name}/upgradeprofiles/default`,
    name: "default",
    type: "Microsoft.ContainerService/managedClusters/upgradeprofiles",
    properties: {
      controlPlaneProfile: { kubernetesVersion: c.currentKubernetesVersion, name: null, osType: "Linux", upgrades: upgrades(c.currentKubernetesVersion) },
      agentPoolProfiles: c.pools.map((p) => ({
        kubernetesVersion: p.currentOrchestratorVersion,
        name: p.name,
        osType: p.osType,
        // pools follow the control plane: targets up to the control plane's version
        upgrades: upgradesFrom(p.currentOrchestratorVersion).filter((u) => cmpVersion(u, c.currentKubernetesVersion) <= 0).map((u) => ({ kubernetesVersion: u })),
      })),
    },
  });
};

// ------------------------------------------------------------------ agent pools

function poolTarget(state: AksState, req: SimRequest): { c: ClusterRecord } | SimResponse {
  const c = findCluster(state, req.params.rg, req.params.name);
  if (!c) return notFoundCluster(req.params.rg, req.params.name);
  return { c };
}

const listPools: ArmHandler = (state, req) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  return ok(200, { value: t.c.pools.map((p) => poolView(state.subscriptionId, t.c, p)) });
};

const getPool: ArmHandler = (state, req) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  const p = t.c.pools.find((x) => x.name === req.params.pool);
  if (!p) return armError(404, "NotFound", `Agent pool '${req.params.pool}' was not found in managed cluster '${t.c.name}'.`);
  return ok(200, poolView(state.subscriptionId, t.c, p));
};

const putPool: ArmHandler = (state, req, ctx) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  const c = t.c;
  if (!isObj(req.body)) return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  const props = isObj(req.body.properties) ? req.body.properties : {};
  const busy = conflict(state, c);
  if (busy) return busy;
  if (c.provisioningState === "Failed" || c.provisioningState === "Deleting") {
    return armError(409, "OperationNotAllowed", `Operation is not allowed while managed cluster '${c.name}' is in provisioning state ${c.provisioningState}.`);
  }
  const name = req.params.pool;
  const existing = c.pools.find((p) => p.name === name);
  const pre = preconditions(req, existing?.eTag, `agent pool '${name}'`);
  if (pre) return pre;
  const input = readPool(props, name, "properties");
  if ("status" in input) return input;
  let version = c.currentKubernetesVersion;
  if (input.orchestratorVersion) {
    const pv = resolveVersion(input.orchestratorVersion) ?? (existing && input.orchestratorVersion === existing.orchestratorVersion ? existing.currentOrchestratorVersion : undefined);
    if (!pv) return armError(400, "AgentPoolK8sVersionNotSupported", `Version ${input.orchestratorVersion} is not supported in this region.`, { target: "properties.orchestratorVersion" });
    const bad = checkPoolVersion(pv, c.currentKubernetesVersion, "properties");
    if (bad) return bad;
    version = pv;
  } else if (existing) version = existing.currentOrchestratorVersion;
  if (!existing) {
    if (c.pools.length >= 100) return armError(400, "OperationNotAllowed", "The maximum number of agent pools (100) is reached.");
    const pool = newPool(state, { ...input, orchestratorVersion: version }, version, "Creating");
    c.pools.push(pool);
    const op = state.startOperation({
      location: c.location,
      clusterKey: key(c.rg, c.name),
      pool: name,
      minutes: 4,
      complete: (success) => {
        pool.provisioningState = success ? "Succeeded" : "Failed";
      },
    });
    return ok(201, poolView(state.subscriptionId, c, pool), asyncHeaders(ctx, state, c.location, op.id, false));
  }
  if (existing.mode === "System" && input.mode === "User" && c.pools.filter((p) => p.mode === "System").length === 1) {
    return armError(400, "OperationNotAllowed", `Agent pool '${name}' is the only System pool of managed cluster '${c.name}'; a cluster needs at least one System pool.`);
  }
  const upgrades = cmpVersion(version, existing.currentOrchestratorVersion) !== 0;
  if (upgrades && cmpVersion(version, existing.currentOrchestratorVersion) < 0) {
    return armError(400, "NotAllowedDowngrade", `Downgrading agent pool '${name}' from ${existing.currentOrchestratorVersion} to ${version} is not allowed.`, { target: "properties.orchestratorVersion" });
  }
  if (upgrades && !upgradesFrom(existing.currentOrchestratorVersion).includes(version)) {
    return armError(400, "UpgradeNotAllowed", `Upgrading agent pool '${name}' from ${existing.currentOrchestratorVersion} to ${version} is not allowed: AKS cannot skip minor versions. Available upgrades: ${upgradesFrom(existing.currentOrchestratorVersion).filter((u) => cmpVersion(u, c.currentKubernetesVersion) <= 0).join(", ") || "none"}.`, { target: "properties.orchestratorVersion" });
  }
  const scaling = input.count !== existing.count;
  existing.provisioningState = upgrades ? "Upgrading" : scaling ? "Scaling" : "Updating";
  existing.count = input.count;
  existing.enableAutoScaling = input.enableAutoScaling;
  existing.minCount = input.minCount;
  existing.maxCount = input.maxCount;
  existing.mode = input.mode;
  if (input.nodeLabels) existing.nodeLabels = input.nodeLabels;
  existing.eTag = state.etag();
  const op = state.startOperation({
    location: c.location,
    clusterKey: key(c.rg, c.name),
    pool: name,
    minutes: upgrades ? 6 : scaling ? 3 : 1,
    complete: (success) => {
      if (success && upgrades) {
        existing.orchestratorVersion = version;
        existing.currentOrchestratorVersion = version;
      }
      existing.provisioningState = success ? "Succeeded" : "Failed";
    },
  });
  return ok(200, poolView(state.subscriptionId, c, existing), asyncHeaders(ctx, state, c.location, op.id, false));
};

const deletePool: ArmHandler = (state, req, ctx) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  const c = t.c;
  const p = c.pools.find((x) => x.name === req.params.pool);
  if (!p) return { status: 204, headers: { "x-ms-request-id": randomUUID() } };
  const busy = conflict(state, c);
  if (busy) return busy;
  if (p.mode === "System" && c.pools.filter((x) => x.mode === "System").length === 1) {
    return armError(400, "OperationNotAllowed", `Agent pool '${p.name}' is the last System pool of managed cluster '${c.name}' and cannot be deleted; a cluster needs at least one System pool.`);
  }
  p.provisioningState = "Deleting";
  const op = state.startOperation({
    location: c.location,
    clusterKey: key(c.rg, c.name),
    pool: p.name,
    minutes: 3,
    complete: () => {
      c.pools = c.pools.filter((x) => x !== p);
    },
  });
  return ok(202, undefined, asyncHeaders(ctx, state, c.location, op.id, true));
};

// ------------------------------------------------------------------ versions and operations

const kubernetesVersions: ArmHandler = (state, req) => {
  const loc = req.params.location.toLowerCase();
  if (!LOCATIONS.includes(loc)) return armError(404, "LocationNotFound", `The location '${req.params.location}' is not available for subscription '${state.subscriptionId}'.`);
  return ok(200, {
    values: [...MINORS].reverse().map((m) => ({
      version: m.minor,
      capabilities: { supportPlan: m.supportPlan },
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      patchVersions: Object.fromEntries(m.patches.map((p) => [p, { upgrades: upgradesFrom(p) }])),
    })),
  });
};

const operationStatus: ArmHandler = (state, req) => {
  const op = state.operations.get(req.params.op);
  if (!op) return armError(404, "NotFound", `Operation '${req.params.op}' was not found.`);
  const iso = (t: number) => new Date(t).toISOString();
  const progress = op.status === "InProgress" ? Math.min(99, Math.floor(((state.now() - op.startedAt) / Math.max(1, op.doneAt - op.startedAt)) * 100)) : 100;
  return ok(200, {
    id: `/subscriptions/${state.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}`,
    name: op.id,
    status: op.status,
    startTime: iso(op.startedAt),
    ...(op.endedAt ? { endTime: iso(op.endedAt) } : {}),
    percentComplete: progress,
    ...(op.status === "Failed" && op.error ? { error: op.error } : {}),
  });
};

const operationResult: ArmHandler = (state, req, ctx) => {
  const op = state.operations.get(req.params.op);
  if (!op) return armError(404, "NotFound", `Operation '${req.params.op}' was not found.`);
  if (op.status === "InProgress") return ok(202, undefined, { Location: `${ctx.origin}${req.path}?api-version=${ctx.apiVersion}`, "Retry-After": "5" });
  if (op.status === "Failed") return armError(400, op.error?.code ?? "Failed", op.error?.message ?? "The operation failed.");
  return { status: 204, headers: { "x-ms-request-id": randomUUID() } };
};

// ------------------------------------------------------------------ router

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
