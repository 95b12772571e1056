/** Managed clusters: list, get, create or update (PUT), delete, upgrade profile. */
import { randomUUID } from "node:crypto";
import { type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { armError, invalidParameter, notFoundCluster } from "../arm";
import { cmpVersion, DEFAULT_MINOR, findMinor, LOCATIONS, minorOf, resolveVersion, upgradesFrom } from "../catalog";
import { clusterView, key, type AksState, type ClusterRecord } from "../state";
import { CLUSTER_NAME_RE, RG_RE, Ctx, ArmHandler, ok, findCluster, asyncHeaders, conflict, isObj, PoolInput, readPool, checkPoolVersion, newPool, resolveRequested, preconditions } from "./shared";

export function listPage(state: AksState, req: SimRequest, ctx: Ctx, all: ClusterRecord[]): SimResponse {
  const pageSize = state.pageSize;
  const skip = Math.max(0, Number(req.query.get("$skipToken") ?? 0) || 0);
  const page = all.slice(skip, skip + pageSize);
  const next = skip + pageSize < all.length ? `${ctx.origin}${req.path}?api-version=${ctx.apiVersion}&%24skipToken=${skip + pageSize}` : undefined;
  return ok(200, { value: page.map((c) => clusterView(state, c)), ...(next ? { nextLink: next } : {}) });
}

export const listClusters: ArmHandler = (state, req, ctx) => listPage(state, req, ctx, [...state.clusters.values()].sort((a, b) => a.name.localeCompare(b.name)));

export const listClustersByRg: ArmHandler = (state, req, ctx) => {
  const rg = req.params.rg;
  if (!state.resourceGroups.has(rg.toLowerCase())) return armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
  return listPage(state, req, ctx, [...state.clusters.values()].filter((c) => c.rg.toLowerCase() === rg.toLowerCase()).sort((a, b) => a.name.localeCompare(b.name)));
};

export const getCluster: ArmHandler = (state, req) => {
  const c = findCluster(state, req.params.rg, req.params.name);
  return c ? ok(200, clusterView(state, c)) : notFoundCluster(req.params.rg, req.params.name);
};

export const putCluster: ArmHandler = (state, req, ctx) => {
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

export function createCluster(state: AksState, ctx: Ctx, rg: string, name: string, body: Record<string, unknown>, props: Record<string, unknown>): SimResponse {
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

export function updateCluster(state: AksState, ctx: Ctx, c: ClusterRecord, body: Record<string, unknown>, props: Record<string, unknown>): SimResponse {
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

export const deleteCluster: ArmHandler = (state, req, ctx) => {
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

export const upgradeProfile: ArmHandler = (state, req) => {
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
