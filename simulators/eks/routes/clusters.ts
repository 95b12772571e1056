/**
 * EKS clusters: ListClusters, DescribeCluster, CreateCluster, DeleteCluster, UpdateClusterVersion and
 * DescribeUpdate (docs/providers/eks.md §4), with EKS's validation and lifecycle: CREATING → ACTIVE,
 * UPDATING, DELETING; node groups go before the cluster.
 */
import { randomUUID } from "node:crypto";
import { minorDistance } from "@/lib/kube-version";
import type { SimResponse } from "@/simulators/kit/server";
import { defaultVersion, versionInfo, versionStatus } from "../catalog";
import { DURATIONS, EksState, type SimCluster } from "../state";
import { clusterJson, eksError, eksOk, updateJson } from "../wire";
import { body, clusterOr404, type EksRoute, isObj, isResp, listed, NAME_RE, strList } from "./shared";

export const listClusters: EksRoute = (state, req, region) =>
  listed(
    "clusters",
    [...state.clusters.values()].filter((c) => c.region === region).map((c) => c.name).sort(),
    req,
  );

export const describeCluster: EksRoute = (state, req, region) => {
  const c = clusterOr404(state, region, req.params.name);
  return isResp(c) ? c : eksOk({ cluster: clusterJson(c) });
};

/** the network of a new cluster: subnets in at least two zones of one VPC, security groups of that VPC */
function clusterNetwork(state: EksState, region: string, name: string, vpc: Record<string, unknown>): { subnetIds: string[]; sgIds: string[]; vpcId: string } | SimResponse {
  const subnetIds = strList(vpc.subnetIds) ?? [];
  const subnets = subnetIds.map((id) => state.subnets.find((s) => s.subnetId === id && s.region === region));
  const missing = subnetIds.find((_, i) => !subnets[i]);
  if (missing) return eksError("InvalidParameterException", `The subnet ID '${missing}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound)`, { clusterName: name });
  const found = subnets.filter((s) => !!s);
  if (new Set(found.map((s) => s.availabilityZone)).size < 2) return eksError("InvalidParameterException", "Subnets specified must be in at least two different AZs", { clusterName: name });
  if (new Set(found.map((s) => s.vpcId)).size > 1) return eksError("InvalidParameterException", "Subnets specified must belong to the same VPC", { clusterName: name });
  const sgIds = strList(vpc.securityGroupIds) ?? [];
  const badSg = sgIds.find((id) => !state.securityGroups.some((g) => g.groupId === id && g.vpcId === found[0].vpcId));
  if (badSg) return eksError("InvalidParameterException", `Security group ${badSg} does not exist in the cluster's VPC`, { clusterName: name });
  return { subnetIds, sgIds, vpcId: found[0].vpcId };
}

/** the checks of CreateCluster after the name: role, network, version, support policy, account limit */
function createProblems(state: EksState, region: string, name: string, b: Record<string, unknown>) {
  const roleArn = b.roleArn;
  if (typeof roleArn !== "string" || !roleArn) return eksError("InvalidParameterException", "roleArn is required", { clusterName: name });
  const role = state.roles.find((x) => x.arn === roleArn);
  if (!role || role.trustedPrincipal !== "eks.amazonaws.com") return eksError("InvalidParameterException", `Role with arn: ${roleArn}, could not be assumed because it does not exist or the trusted entity is not correct`, { clusterName: name });
  const vpc = isObj(b.resourcesVpcConfig) ? b.resourcesVpcConfig : {};
  const net = clusterNetwork(state, region, name, vpc);
  if (isResp(net)) return net;
  const now = state.now();
  const version = typeof b.version === "string" && b.version ? b.version : defaultVersion(now).version;
  const info = versionInfo(version);
  if (!info || versionStatus(info, now) === "UNSUPPORTED") return eksError("InvalidParameterException", `unsupported Kubernetes version ${version}`, { clusterName: name });
  const policy = isObj(b.upgradePolicy) ? b.upgradePolicy.supportType : undefined;
  if (policy !== undefined && policy !== "STANDARD" && policy !== "EXTENDED") return eksError("InvalidParameterException", `Invalid upgradePolicy.supportType ${String(policy)}`, { clusterName: name });
  if (state.clusters.size >= 500) return eksError("ResourceLimitExceededException", "Cluster limit exceeded for account", { clusterName: name });
  return { roleArn, vpc, net, version, platform: info.platform, supportType: policy === "STANDARD" ? ("STANDARD" as const) : ("EXTENDED" as const) };
}

export const createCluster: EksRoute = (state, req, region) => {
  const b = body(req);
  if (isResp(b)) return b;
  const name = b.name;
  if (typeof name !== "string" || !name) return eksError("InvalidParameterException", "Cluster name is required");
  if (name.length > 100 || !NAME_RE.test(name)) return eksError("InvalidParameterException", `The cluster name ${name} is invalid. It must begin with an alphanumeric character, contain only alphanumeric characters, hyphens and underscores, and be at most 100 characters.`, { clusterName: name });
  const token = typeof b.clientRequestToken === "string" ? b.clientRequestToken : undefined;
  const existing = state.cluster(region, name);
  if (existing) {
    if (token && existing.clientRequestToken === token) return eksOk({ cluster: clusterJson(existing) });
    return eksError("ResourceInUseException", `Cluster already exists with name: ${name}`, { clusterName: name });
  }
  const ok = createProblems(state, region, name, b);
  if (isResp(ok)) return ok;
  const now = state.now();
  const id = randomUUID();
  const c: SimCluster = {
    name,
    region,
    id,
    arn: state.clusterArn(region, name),
    createdAt: now,
    version: ok.version,
    platformVersion: ok.platform,
    status: "CREATING",
    roleArn: ok.roleArn,
    subnetIds: ok.net.subnetIds,
    securityGroupIds: ok.net.sgIds,
    clusterSecurityGroupId: `sg-${id.replace(/-/g, "").slice(0, 17)}`,
    vpcId: ok.net.vpcId,
    endpointPublicAccess: ok.vpc.endpointPublicAccess !== false,
    endpointPrivateAccess: ok.vpc.endpointPrivateAccess === true,
    supportType: ok.supportType,
    serviceIpv4Cidr: "172.20.0.0/16",
    tags: isObj(b.tags) ? (b.tags as Record<string, string>) : {},
    clientRequestToken: token,
    healthIssues: [],
  };
  const fail = state.failNextCreates > 0;
  if (fail) state.failNextCreates--;
  c.transition = {
    at: now + DURATIONS.clusterCreate,
    apply: () => {
      c.status = fail ? "FAILED" : "ACTIVE";
      if (fail) c.healthIssues = [{ code: "Ec2SubnetInvalidConfiguration", message: "One or more Amazon EC2 Subnets have run out of IP addresses", resourceIds: c.subnetIds }];
    },
  };
  state.clusters.set(EksState.clusterKey(region, name), c);
  return eksOk({ cluster: clusterJson(c) });
};

export const deleteCluster: EksRoute = (state, req, region) => {
  const c = clusterOr404(state, region, req.params.name);
  if (isResp(c)) return c;
  const ngs = state.nodegroupsOf(region, c.name);
  if (ngs.length) return eksError("ResourceInUseException", `Cluster has nodegroups attached`, { clusterName: c.name });
  if (c.status === "CREATING" || c.status === "UPDATING") return eksError("ResourceInUseException", `Cannot delete because cluster ${c.name} currently has an update in progress`, { clusterName: c.name });
  if (c.status !== "DELETING") {
    c.status = "DELETING";
    c.transition = { at: state.now() + DURATIONS.clusterDelete, apply: () => void state.clusters.delete(EksState.clusterKey(region, c.name)) };
  }
  return eksOk({ cluster: clusterJson(c) });
};

/** UpdateClusterVersion: one minor up, once every node group runs the cluster's version */
export const updateClusterVersion: EksRoute = (state, req, region) => {
  const c = clusterOr404(state, region, req.params.name);
  if (isResp(c)) return c;
  const b = body(req);
  if (isResp(b)) return b;
  const version = b.version;
  if (typeof version !== "string" || !version) return eksError("InvalidParameterException", "version is required", { clusterName: c.name });
  if (c.status !== "ACTIVE") return eksError("ResourceInUseException", `Cluster ${c.name} is in ${c.status} state; an update can start once it is ACTIVE`, { clusterName: c.name });
  if (version === c.version) return eksError("InvalidParameterException", `Cluster is already at the desired configuration with version: ${version}`, { clusterName: c.name });
  const info = versionInfo(version);
  if (!info || minorDistance(c.version, version) !== 1) return eksError("InvalidParameterException", `Unsupported Kubernetes minor version update from ${c.version} to ${version}`, { clusterName: c.name });
  if (versionStatus(info, state.now()) === "UNSUPPORTED") return eksError("InvalidParameterException", `unsupported Kubernetes version ${version}`, { clusterName: c.name });
  const behind = state.nodegroupsOf(region, c.name).filter((n) => n.version !== c.version);
  if (behind.length) return eksError("InvalidRequestException", `Nodegroups ${behind.map((n) => n.nodegroupName).join(", ")} must be updated to match cluster version ${c.version} before updating cluster version`, { clusterName: c.name });
  const up = state.newUpdate({ region, clusterName: c.name, type: "VersionUpdate", params: [{ type: "Version", value: version }, { type: "PlatformVersion", value: info.platform }] });
  c.status = "UPDATING";
  c.transition = {
    at: state.now() + DURATIONS.clusterVersionUpdate,
    apply: () => {
      c.version = version;
      c.platformVersion = info.platform;
      c.status = "ACTIVE";
      up.status = "Successful";
    },
  };
  return eksOk({ update: updateJson(up) });
};

/** DescribeUpdate of a cluster or (with ?nodegroupName) of one of its node groups */
export const describeUpdate: EksRoute = (state, req, region): SimResponse => {
  const u = state.updates.get(req.params.updateId);
  const ng = req.query.get("nodegroupName") ?? undefined;
  if (!u || u.region !== region || u.clusterName !== req.params.name || (u.nodegroupName ?? undefined) !== ng) {
    return eksError("ResourceNotFoundException", `No update found for ID: ${req.params.updateId}`, { clusterName: req.params.name, ...(ng ? { nodegroupName: ng } : {}) });
  }
  return eksOk({ update: updateJson(u) });
};
