/**
 * EKS managed node groups: ListNodegroups, DescribeNodegroup, CreateNodegroup, UpdateNodegroupConfig,
 * UpdateNodegroupVersion and DeleteNodegroup (docs/providers/eks.md §4): CREATING → ACTIVE, UPDATING,
 * DELETING; a node group never runs a newer minor than its cluster.
 */
import { randomUUID } from "node:crypto";
import { minorDistance } from "@/lib/kube-version";
import type { SimResponse } from "@/simulators/kit/server";
import { versionInfo } from "../catalog";
import { DURATIONS, EksState, type SimCluster, type SimNodegroup, type SimUpdate } from "../state";
import { eksError, eksOk, nodegroupJson, updateJson } from "../wire";
import { body, clusterOr404, type EksRoute, isObj, isResp, listed, NAME_RE, ngOr404, scalingProblem, strList } from "./shared";

const newerThanCluster = (c: SimCluster, version: string) => (minorDistance(c.version, version) ?? 0) > 0;

export const listNodegroups: EksRoute = (state, req, region) => {
  const c = clusterOr404(state, region, req.params.name);
  if (isResp(c)) return c;
  return listed("nodegroups", state.nodegroupsOf(region, c.name).map((n) => n.nodegroupName).sort(), req);
};

/** the cluster and node group a request names, or the 404 of either */
function clusterAndGroup(state: EksState, req: Parameters<EksRoute>[1], region: string): { c: SimCluster; n: SimNodegroup } | SimResponse {
  const c = clusterOr404(state, region, req.params.name);
  if (isResp(c)) return c;
  const n = ngOr404(state, region, c.name, req.params.ng);
  return isResp(n) ? n : { c, n };
}

export const describeNodegroup: EksRoute = (state, req, region) => {
  const found = clusterAndGroup(state, req, region);
  return isResp(found) ? found : eksOk({ nodegroup: nodegroupJson(found.n) });
};

/** the checks of CreateNodegroup after the name: cluster state, node role, subnets, scaling, version */
function createProblems(state: EksState, c: SimCluster, name: string, b: Record<string, unknown>) {
  const ids = { clusterName: c.name, nodegroupName: name };
  if (c.status !== "ACTIVE") return eksError("InvalidRequestException", `Cluster '${c.name}' is not in ACTIVE status`, ids);
  const nodeRole = b.nodeRole;
  const role = state.roles.find((x) => x.arn === nodeRole);
  if (typeof nodeRole !== "string" || !role || role.trustedPrincipal !== "ec2.amazonaws.com") return eksError("InvalidParameterException", `The provided role doesn't have the Amazon EKS Managed Policies associated with it. Please ensure the following policies [arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy, arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly] are attached`, ids);
  const subnets = strList(b.subnets) ?? [];
  if (!subnets.length) return eksError("InvalidParameterException", "subnets is required", ids);
  const badSubnet = subnets.find((id) => !state.subnets.some((s) => s.subnetId === id && s.vpcId === c.vpcId));
  if (badSubnet) return eksError("InvalidParameterException", `Subnet ${badSubnet} is not in the cluster's VPC ${c.vpcId}`, ids);
  const sc = isObj(b.scalingConfig) ? b.scalingConfig : {};
  const scaling = { minSize: Number(sc.minSize ?? 1), maxSize: Number(sc.maxSize ?? 2), desiredSize: Number(sc.desiredSize ?? 2) };
  const bad = scalingProblem(scaling);
  if (bad) return eksError("InvalidParameterException", bad, ids);
  const version = typeof b.version === "string" && b.version ? b.version : c.version;
  if (newerThanCluster(c, version)) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is newer than cluster version ${c.version}`, ids);
  const info = versionInfo(version);
  if (!info) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is invalid`, ids);
  return { nodeRole, subnets, scaling, version, patch: info.patch };
}

export const createNodegroup: EksRoute = (state, req, region) => {
  const c = clusterOr404(state, region, req.params.name);
  if (isResp(c)) return c;
  const b = body(req);
  if (isResp(b)) return b;
  const name = b.nodegroupName;
  if (typeof name !== "string" || !name) return eksError("InvalidParameterException", "nodegroupName is required", { clusterName: c.name });
  if (name.length > 63 || !NAME_RE.test(name)) return eksError("InvalidParameterException", `The node group name ${name} is invalid. It must begin with an alphanumeric character, contain only alphanumeric characters, hyphens and underscores, and be at most 63 characters.`, { clusterName: c.name, nodegroupName: name });
  const token = typeof b.clientRequestToken === "string" ? b.clientRequestToken : undefined;
  const existing = state.nodegroup(region, c.name, name);
  if (existing) {
    if (token && existing.clientRequestToken === token) return eksOk({ nodegroup: nodegroupJson(existing) });
    return eksError("ResourceInUseException", `NodeGroup already exists with name ${name} and cluster name ${c.name}`, { clusterName: c.name, nodegroupName: name });
  }
  const ok = createProblems(state, c, name, b);
  if (isResp(ok)) return ok;
  const now = state.now();
  const n: SimNodegroup = {
    nodegroupName: name,
    clusterName: c.name,
    region,
    arn: state.nodegroupArn(region, c.name, name, randomUUID()),
    version: ok.version,
    releaseVersion: `${ok.patch}-20251120`,
    createdAt: now,
    modifiedAt: now,
    status: "CREATING",
    capacityType: b.capacityType === "SPOT" ? "SPOT" : "ON_DEMAND",
    scalingConfig: ok.scaling,
    instanceTypes: strList(b.instanceTypes)?.length ? strList(b.instanceTypes)! : ["t3.medium"],
    subnets: ok.subnets,
    amiType: typeof b.amiType === "string" ? b.amiType : "AL2023_x86_64_STANDARD",
    nodeRole: ok.nodeRole,
    diskSize: typeof b.diskSize === "number" ? b.diskSize : 20,
    labels: isObj(b.labels) ? (b.labels as Record<string, string>) : {},
    tags: isObj(b.tags) ? (b.tags as Record<string, string>) : {},
    clientRequestToken: token,
  };
  n.transition = { at: now + DURATIONS.nodegroupCreate, apply: () => ((n.status = "ACTIVE"), (n.modifiedAt = state.now())) };
  state.nodegroups.set(EksState.nodegroupKey(region, c.name, name), n);
  return eksOk({ nodegroup: nodegroupJson(n) });
};

/** an update of a node group that is ACTIVE or DEGRADED: the group turns UPDATING, `apply` runs when it ends */
function startUpdate(state: EksState, n: SimNodegroup, type: SimUpdate["type"], params: { type: string; value: string }[], duration: number, apply: () => void): SimResponse {
  const up = state.newUpdate({ region: n.region, clusterName: n.clusterName, nodegroupName: n.nodegroupName, type, params });
  n.status = "UPDATING";
  n.modifiedAt = state.now();
  n.transition = {
    at: state.now() + duration,
    apply: () => {
      apply();
      n.status = "ACTIVE";
      n.modifiedAt = state.now();
      up.status = "Successful";
    },
  };
  return eksOk({ update: updateJson(up) });
}

/** the node group and request body of an update, or the refusal (missing, bad JSON, not ACTIVE) */
function updatable(state: EksState, req: Parameters<EksRoute>[1], region: string): { c: SimCluster; n: SimNodegroup; b: Record<string, unknown> } | SimResponse {
  const found = clusterAndGroup(state, req, region);
  if (isResp(found)) return found;
  const b = body(req);
  if (isResp(b)) return b;
  const { c, n } = found;
  if (n.status !== "ACTIVE" && n.status !== "DEGRADED") return eksError("ResourceInUseException", "Nodegroup cannot be updated as it is currently not in Active State", { clusterName: c.name, nodegroupName: n.nodegroupName });
  return { c, n, b };
}

export const updateNodegroupConfig: EksRoute = (state, req, region) => {
  const u = updatable(state, req, region);
  if (isResp(u)) return u;
  const { c, n, b } = u;
  const sc = isObj(b.scalingConfig) ? b.scalingConfig : undefined;
  if (!sc) return eksError("InvalidParameterException", "No changes needed for the nodegroup configuration", { clusterName: c.name, nodegroupName: n.nodegroupName });
  const next = { ...n.scalingConfig, ...Object.fromEntries(Object.entries(sc).filter(([, v]) => typeof v === "number")) } as SimNodegroup["scalingConfig"];
  const bad = scalingProblem(next);
  if (bad) return eksError("InvalidParameterException", bad, { clusterName: c.name, nodegroupName: n.nodegroupName });
  const params = (["desiredSize", "minSize", "maxSize"] as const).filter((k) => typeof sc[k] === "number").map((k) => ({ type: k[0].toUpperCase() + k.slice(1), value: String(next[k]) }));
  return startUpdate(state, n, "ConfigUpdate", params, DURATIONS.nodegroupConfigUpdate, () => void (n.scalingConfig = next));
};

export const updateNodegroupVersion: EksRoute = (state, req, region) => {
  const u = updatable(state, req, region);
  if (isResp(u)) return u;
  const { c, n, b } = u;
  const ids = { clusterName: c.name, nodegroupName: n.nodegroupName };
  const version = typeof b.version === "string" && b.version ? b.version : c.version;
  if (newerThanCluster(c, version)) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is newer than cluster version ${c.version}`, ids);
  if ((minorDistance(n.version, version) ?? 0) < 0) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is older than the current version ${n.version}`, ids);
  const info = versionInfo(version);
  if (!info) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is invalid`, ids);
  const release = typeof b.releaseVersion === "string" && b.releaseVersion ? b.releaseVersion : `${info.patch}-20251120`;
  if (version === n.version && release === n.releaseVersion) return eksError("InvalidParameterException", `Nodegroup ${n.nodegroupName} is already at version ${version} with release ${release}`, ids);
  const params = [
    { type: "Version", value: version },
    { type: "ReleaseVersion", value: release },
  ];
  return startUpdate(state, n, "VersionUpdate", params, DURATIONS.nodegroupVersionUpdate, () => {
    n.version = version;
    n.releaseVersion = release;
  });
};

export const deleteNodegroup: EksRoute = (state, req, region) => {
  const found = clusterAndGroup(state, req, region);
  if (isResp(found)) return found;
  const { c, n } = found;
  if (n.status === "CREATING" || n.status === "UPDATING") return eksError("ResourceInUseException", `Nodegroup ${n.nodegroupName} is currently in ${n.status} state and cannot be deleted`, { clusterName: c.name, nodegroupName: n.nodegroupName });
  if (n.status !== "DELETING") {
    n.status = "DELETING";
    n.modifiedAt = state.now();
    n.transition = { at: state.now() + DURATIONS.nodegroupDelete, apply: () => void state.nodegroups.delete(EksState.nodegroupKey(region, c.name, n.nodegroupName)) };
  }
  return eksOk({ nodegroup: nodegroupJson(n) });
};
