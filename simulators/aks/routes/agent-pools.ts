/** Agent pools of a managed cluster: list, get, create or update (PUT), delete. */
import { randomUUID } from "node:crypto";
import { type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { armError, notFoundCluster } from "../arm";
import { cmpVersion, resolveVersion, upgradesFrom } from "../catalog";
import { key, poolView, type AksState, type ClusterRecord } from "../state";
import { ArmHandler, ok, findCluster, asyncHeaders, conflict, isObj, readPool, checkPoolVersion, newPool, preconditions } from "./shared";

export function poolTarget(state: AksState, req: SimRequest): { c: ClusterRecord } | SimResponse {
  const c = findCluster(state, req.params.rg, req.params.name);
  if (!c) return notFoundCluster(req.params.rg, req.params.name);
  return { c };
}

export const listPools: ArmHandler = (state, req) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  return ok(200, { value: t.c.pools.map((p) => poolView(state.subscriptionId, t.c, p)) });
};

export const getPool: ArmHandler = (state, req) => {
  const t = poolTarget(state, req);
  if ("status" in t) return t;
  const p = t.c.pools.find((x) => x.name === req.params.pool);
  if (!p) return armError(404, "NotFound", `Agent pool '${req.params.pool}' was not found in managed cluster '${t.c.name}'.`);
  return ok(200, poolView(state.subscriptionId, t.c, p));
};

export const putPool: ArmHandler = (state, req, ctx) => {
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

export const deletePool: ArmHandler = (state, req, ctx) => {
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
