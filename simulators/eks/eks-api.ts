/**
 * The EKS REST-JSON operations Clusterdeck calls (docs/providers/eks.md §4), with EKS's
 * validation and lifecycle: CREATING → ACTIVE, UPDATING, DELETING; node groups before the cluster.
 */
import { randomUUID } from "node:crypto";
import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { defaultVersion, EKS_VERSIONS, versionInfo, versionStatus } from "./catalog";
import { DURATIONS, EksState, type SimCluster, type SimNodegroup } from "./state";
import { clusterJson, eksError, eksOk, epoch, nodegroupJson, updateJson } from "./wire";

/** the region the request was signed for (set by the auth wrapper) */
export type EksHandler = (req: SimRequest, region: string) => SimResponse;

const NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const strList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);
const minorOf = (v: string) => Number(v.split(".")[1]);

function page<T>(items: T[], req: SimRequest, max = 100): { items: T[]; nextToken?: string } | SimResponse {
  const mr = req.query.get("maxResults");
  const maxResults = mr === null ? max : Number(mr);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) return eksError("InvalidParameterException", `maxResults must be between 1 and ${max}`);
  const token = req.query.get("nextToken");
  let start = 0;
  if (token) {
    const n = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""));
    if (!Number.isInteger(n) || n < 0) return eksError("InvalidParameterException", "The nextToken provided is invalid");
    start = n;
  }
  const slice = items.slice(start, start + maxResults);
  const next = start + maxResults < items.length ? Buffer.from(`offset:${start + maxResults}`).toString("base64url") : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

export function eksRoutes(state: EksState): { match: (method: string, path: string) => { handler: EksHandler; params: Record<string, string> } | "method" | undefined } {
  const r = new Router();
  const handlers = new Map<unknown, EksHandler>();
  const add = (method: string, path: string, h: (req: SimRequest, region: string) => SimResponse) => {
    const fn = (() => ({ status: 500 })) as never;
    handlers.set(fn, h);
    r.add(method, path, fn);
  };
  const body = (req: SimRequest): Record<string, unknown> | SimResponse => {
    if (req.bodyInvalid) return eksError("InvalidParameterException", "Could not parse request body into json");
    return isObj(req.body) ? req.body : {};
  };
  const clusterOr404 = (region: string, name: string): SimCluster | SimResponse => {
    const c = state.cluster(region, name);
    return c ?? eksError("ResourceNotFoundException", `No cluster found for name: ${name}.`, { clusterName: name });
  };
  const ngOr404 = (region: string, cluster: string, name: string): SimNodegroup | SimResponse => {
    const n = state.nodegroup(region, cluster, name);
    return n ?? eksError("ResourceNotFoundException", `No node group found for name: ${name}.`, { clusterName: cluster, nodegroupName: name });
  };
  const isResp = (x: unknown): x is SimResponse => isObj(x) && typeof (x as { status?: unknown }).status === "number";

  // --- clusters -------------------------------------------------------------------------------
  add("GET", "/clusters", (req, region) => {
    const names = [...state.clusters.values()].filter((c) => c.region === region).map((c) => c.name).sort();
    const p = page(names, req);
    if ("status" in p) return p;
    return eksOk({ clusters: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
  });

  add("GET", "/clusters/:name", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    return eksOk({ cluster: clusterJson(c) });
  });

  add("POST", "/clusters", (req, region) => {
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
    const roleArn = b.roleArn;
    if (typeof roleArn !== "string" || !roleArn) return eksError("InvalidParameterException", "roleArn is required", { clusterName: name });
    const role = state.roles.find((x) => x.arn === roleArn);
    if (!role || role.trustedPrincipal !== "eks.amazonaws.com") return eksError("InvalidParameterException", `Role with arn: ${roleArn}, could not be assumed because it does not exist or the trusted entity is not correct`, { clusterName: name });
    const vpc = isObj(b.resourcesVpcConfig) ? b.resourcesVpcConfig : {};
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
    const now = state.now();
    const version = typeof b.version === "string" && b.version ? b.version : defaultVersion(now).version;
    const info = versionInfo(version);
    if (!info || versionStatus(info, now) === "UNSUPPORTED") return eksError("InvalidParameterException", `unsupported Kubernetes version ${version}`, { clusterName: name });
    const policy = isObj(b.upgradePolicy) ? b.upgradePolicy.supportType : undefined;
    if (policy !== undefined && policy !== "STANDARD" && policy !== "EXTENDED") return eksError("InvalidParameterException", `Invalid upgradePolicy.supportType ${String(policy)}`, { clusterName: name });
    if (state.clusters.size >= 500) return eksError("ResourceLimitExceededException", "Cluster limit exceeded for account", { clusterName: name });
    const id = randomUUID();
    const c: SimCluster = {
      name,
      region,
      id,
      arn: state.clusterArn(region, name),
      createdAt: now,
      version,
      platformVersion: info.platform,
      status: "CREATING",
      roleArn,
      subnetIds,
      securityGroupIds: sgIds,
      clusterSecurityGroupId: `sg-${id.replace(/-/g, "").slice(0, 17)}`,
      vpcId: found[0].vpcId,
      endpointPublicAccess: vpc.endpointPublicAccess !== false,
      endpointPrivateAccess: vpc.endpointPrivateAccess === true,
      supportType: policy === "STANDARD" ? "STANDARD" : "EXTENDED",
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
        if (fail) c.healthIssues = [{ code: "Ec2SubnetInvalidConfiguration", message: "One or more Amazon EC2 Subnets have run out of IP addresses", resourceIds: subnetIds }];
      },
    };
    state.clusters.set(EksState.clusterKey(region, name), c);
    return eksOk({ cluster: clusterJson(c) });
  });

  add("DELETE", "/clusters/:name", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const ngs = state.nodegroupsOf(region, c.name);
    if (ngs.length) return eksError("ResourceInUseException", `Cluster has nodegroups attached`, { clusterName: c.name });
    if (c.status === "CREATING" || c.status === "UPDATING") return eksError("ResourceInUseException", `Cannot delete because cluster ${c.name} currently has an update in progress`, { clusterName: c.name });
    if (c.status !== "DELETING") {
      c.status = "DELETING";
      c.transition = { at: state.now() + DURATIONS.clusterDelete, apply: () => void state.clusters.delete(EksState.clusterKey(region, c.name)) };
    }
    return eksOk({ cluster: clusterJson(c) });
  });

  add("POST", "/clusters/:name/updates", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const b = body(req);
    if (isResp(b)) return b;
    const version = b.version;
    if (typeof version !== "string" || !version) return eksError("InvalidParameterException", "version is required", { clusterName: c.name });
    if (c.status !== "ACTIVE") return eksError("ResourceInUseException", `Cluster ${c.name} is in ${c.status} state; an update can start once it is ACTIVE`, { clusterName: c.name });
    if (version === c.version) return eksError("InvalidParameterException", `Cluster is already at the desired configuration with version: ${version}`, { clusterName: c.name });
    const info = versionInfo(version);
    if (!info || Number(version.split(".")[0]) !== 1 || minorOf(version) !== minorOf(c.version) + 1) return eksError("InvalidParameterException", `Unsupported Kubernetes minor version update from ${c.version} to ${version}`, { clusterName: c.name });
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
  });

  add("GET", "/clusters/:name/updates/:updateId", (req, region) => {
    const u = state.updates.get(req.params.updateId);
    const ng = req.query.get("nodegroupName") ?? undefined;
    if (!u || u.region !== region || u.clusterName !== req.params.name || (u.nodegroupName ?? undefined) !== ng) {
      return eksError("ResourceNotFoundException", `No update found for ID: ${req.params.updateId}`, { clusterName: req.params.name, ...(ng ? { nodegroupName: ng } : {}) });
    }
    return eksOk({ update: updateJson(u) });
  });

  add("GET", "/cluster-versions", (req) => {
    const now = state.now();
    const includeAll = req.query.get("includeAll") === "true";
    const wanted = req.query.getAll("clusterVersions");
    const vs = req.query.get("versionStatus");
    const dflt = defaultVersion(now).version;
    const rows = EKS_VERSIONS.map((v) => {
      const status = versionStatus(v, now);
      return {
        clusterVersion: v.version,
        clusterType: "eks",
        defaultPlatformVersion: v.platform,
        defaultVersion: v.version === dflt,
        releaseDate: epoch(Date.parse(`${v.release}T00:00:00Z`)),
        endOfStandardSupportDate: epoch(Date.parse(`${v.endOfStandard}T00:00:00Z`)),
        endOfExtendedSupportDate: epoch(Date.parse(`${v.endOfExtended}T00:00:00Z`)),
        status: status === "STANDARD_SUPPORT" ? "standard-support" : status === "EXTENDED_SUPPORT" ? "extended-support" : "unsupported",
        versionStatus: status,
        kubernetesPatchVersion: v.patch,
      };
    })
      .filter((v) => includeAll || v.versionStatus !== "UNSUPPORTED")
      .filter((v) => !wanted.length || wanted.includes(v.clusterVersion))
      .filter((v) => !vs || v.versionStatus === vs)
      .reverse();
    const p = page(rows, req);
    if ("status" in p) return p;
    return eksOk({ clusterVersions: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
  });

  // --- managed node groups ----------------------------------------------------------------------
  add("GET", "/clusters/:name/node-groups", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const names = state.nodegroupsOf(region, c.name).map((n) => n.nodegroupName).sort();
    const p = page(names, req);
    if ("status" in p) return p;
    return eksOk({ nodegroups: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
  });

  add("GET", "/clusters/:name/node-groups/:ng", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const n = ngOr404(region, c.name, req.params.ng);
    if (isResp(n)) return n;
    return eksOk({ nodegroup: nodegroupJson(n) });
  });

  add("POST", "/clusters/:name/node-groups", (req, region) => {
    const c = clusterOr404(region, req.params.name);
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
    if (c.status !== "ACTIVE") return eksError("InvalidRequestException", `Cluster '${c.name}' is not in ACTIVE status`, { clusterName: c.name, nodegroupName: name });
    const nodeRole = b.nodeRole;
    const role = state.roles.find((x) => x.arn === nodeRole);
    if (typeof nodeRole !== "string" || !role || role.trustedPrincipal !== "ec2.amazonaws.com") return eksError("InvalidParameterException", `The provided role doesn't have the Amazon EKS Managed Policies associated with it. Please ensure the following policies [arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy, arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly] are attached`, { clusterName: c.name, nodegroupName: name });
    const subnets = strList(b.subnets) ?? [];
    if (!subnets.length) return eksError("InvalidParameterException", "subnets is required", { clusterName: c.name, nodegroupName: name });
    const badSubnet = subnets.find((id) => !state.subnets.some((s) => s.subnetId === id && s.vpcId === c.vpcId));
    if (badSubnet) return eksError("InvalidParameterException", `Subnet ${badSubnet} is not in the cluster's VPC ${c.vpcId}`, { clusterName: c.name, nodegroupName: name });
    const sc = isObj(b.scalingConfig) ? b.scalingConfig : {};
    const scaling = { minSize: Number(sc.minSize ?? 1), maxSize: Number(sc.maxSize ?? 2), desiredSize: Number(sc.desiredSize ?? 2) };
    const bad = scalingProblem(scaling);
    if (bad) return eksError("InvalidParameterException", bad, { clusterName: c.name, nodegroupName: name });
    const version = typeof b.version === "string" && b.version ? b.version : c.version;
    if (minorOf(version) > minorOf(c.version)) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is newer than cluster version ${c.version}`, { clusterName: c.name, nodegroupName: name });
    const info = versionInfo(version);
    if (!info) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is invalid`, { clusterName: c.name, nodegroupName: name });
    const capacityType = b.capacityType === "SPOT" ? "SPOT" : "ON_DEMAND";
    const now = state.now();
    const n: SimNodegroup = {
      nodegroupName: name,
      clusterName: c.name,
      region,
      arn: state.nodegroupArn(region, c.name, name, randomUUID()),
      version,
      releaseVersion: `${info.patch}-20251120`,
      createdAt: now,
      modifiedAt: now,
      status: "CREATING",
      capacityType,
      scalingConfig: scaling,
      instanceTypes: strList(b.instanceTypes)?.length ? strList(b.instanceTypes)! : ["t3.medium"],
      subnets,
      amiType: typeof b.amiType === "string" ? b.amiType : "AL2023_x86_64_STANDARD",
      nodeRole,
      diskSize: typeof b.diskSize === "number" ? b.diskSize : 20,
      labels: isObj(b.labels) ? (b.labels as Record<string, string>) : {},
      tags: isObj(b.tags) ? (b.tags as Record<string, string>) : {},
      clientRequestToken: token,
    };
    n.transition = { at: now + DURATIONS.nodegroupCreate, apply: () => ((n.status = "ACTIVE"), (n.modifiedAt = state.now())) };
    state.nodegroups.set(EksState.nodegroupKey(region, c.name, name), n);
    return eksOk({ nodegroup: nodegroupJson(n) });
  });

  add("POST", "/clusters/:name/node-groups/:ng/update-config", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const n = ngOr404(region, c.name, req.params.ng);
    if (isResp(n)) return n;
    const b = body(req);
    if (isResp(b)) return b;
    if (n.status !== "ACTIVE" && n.status !== "DEGRADED") return eksError("ResourceInUseException", "Nodegroup cannot be updated as it is currently not in Active State", { clusterName: c.name, nodegroupName: n.nodegroupName });
    const sc = isObj(b.scalingConfig) ? b.scalingConfig : undefined;
    if (!sc) return eksError("InvalidParameterException", "No changes needed for the nodegroup configuration", { clusterName: c.name, nodegroupName: n.nodegroupName });
    const next = { ...n.scalingConfig, ...Object.fromEntries(Object.entries(sc).filter(([, v]) => typeof v === "number")) } as SimNodegroup["scalingConfig"];
    const bad = scalingProblem(next);
    if (bad) return eksError("InvalidParameterException", bad, { clusterName: c.name, nodegroupName: n.nodegroupName });
    const params = (["desiredSize", "minSize", "maxSize"] as const).filter((k) => typeof sc[k] === "number").map((k) => ({ type: k[0].toUpperCase() + k.slice(1), value: String(next[k]) }));
    const up = state.newUpdate({ region, clusterName: c.name, nodegroupName: n.nodegroupName, type: "ConfigUpdate", params });
    n.status = "UPDATING";
    n.modifiedAt = state.now();
    n.transition = {
      at: state.now() + DURATIONS.nodegroupConfigUpdate,
      apply: () => {
        n.scalingConfig = next;
        n.status = "ACTIVE";
        n.modifiedAt = state.now();
        up.status = "Successful";
      },
    };
    return eksOk({ update: updateJson(up) });
  });

  add("POST", "/clusters/:name/node-groups/:ng/update-version", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const n = ngOr404(region, c.name, req.params.ng);
    if (isResp(n)) return n;
    const b = body(req);
    if (isResp(b)) return b;
    if (n.status !== "ACTIVE" && n.status !== "DEGRADED") return eksError("ResourceInUseException", "Nodegroup cannot be updated as it is currently not in Active State", { clusterName: c.name, nodegroupName: n.nodegroupName });
    const version = typeof b.version === "string" && b.version ? b.version : c.version;
    if (minorOf(version) > minorOf(c.version)) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is newer than cluster version ${c.version}`, { clusterName: c.name, nodegroupName: n.nodegroupName });
    if (minorOf(version) < minorOf(n.version)) return eksError("InvalidParameterException", `Requested Nodegroup version ${version} is older than the current version ${n.version}`, { clusterName: c.name, nodegroupName: n.nodegroupName });
    const info = versionInfo(version)!;
    const release = typeof b.releaseVersion === "string" && b.releaseVersion ? b.releaseVersion : `${info.patch}-20251120`;
    if (version === n.version && release === n.releaseVersion) return eksError("InvalidParameterException", `Nodegroup ${n.nodegroupName} is already at version ${version} with release ${release}`, { clusterName: c.name, nodegroupName: n.nodegroupName });
    const up = state.newUpdate({ region, clusterName: c.name, nodegroupName: n.nodegroupName, type: "VersionUpdate", params: [{ type: "Version", value: version }, { type: "ReleaseVersion", value: release }] });
    n.status = "UPDATING";
    n.modifiedAt = state.now();
    n.transition = {
      at: state.now() + DURATIONS.nodegroupVersionUpdate,
      apply: () => {
        n.version = version;
        n.releaseVersion = release;
        n.status = "ACTIVE";
        n.modifiedAt = state.now();
        up.status = "Successful";
      },
    };
    return eksOk({ update: updateJson(up) });
  });

  add("DELETE", "/clusters/:name/node-groups/:ng", (req, region) => {
    const c = clusterOr404(region, req.params.name);
    if (isResp(c)) return c;
    const n = ngOr404(region, c.name, req.params.ng);
    if (isResp(n)) return n;
    if (n.status === "CREATING" || n.status === "UPDATING") return eksError("ResourceInUseException", `Nodegroup ${n.nodegroupName} is currently in ${n.status} state and cannot be deleted`, { clusterName: c.name, nodegroupName: n.nodegroupName });
    if (n.status !== "DELETING") {
      n.status = "DELETING";
      n.modifiedAt = state.now();
      n.transition = { at: state.now() + DURATIONS.nodegroupDelete, apply: () => void state.nodegroups.delete(EksState.nodegroupKey(region, c.name, n.nodegroupName)) };
    }
    return eksOk({ nodegroup: nodegroupJson(n) });
  });

  return {
    match(method, path) {
      const m = r.match(method, path);
      if (!m || m === "method") return m;
      return { handler: handlers.get(m.handler)!, params: m.params };
    },
  };
}

export function scalingProblem(s: { minSize: number; maxSize: number; desiredSize: number }): string | null {
  if (![s.minSize, s.maxSize, s.desiredSize].every(Number.isInteger)) return "scalingConfig sizes must be whole numbers";
  if (s.minSize < 0) return "Minimum capacity must be greater than or equal to 0";
  if (s.maxSize < 1) return "Maximum capacity must be greater than or equal to 1";
  if (s.minSize > s.maxSize) return `Minimum capacity ${s.minSize} can't be greater than max size ${s.maxSize}`;
  if (s.desiredSize > s.maxSize) return `Desired capacity ${s.desiredSize} can't be greater than max size ${s.maxSize}`;
  if (s.desiredSize < s.minSize) return `Desired capacity ${s.desiredSize} can't be lower than min size ${s.minSize}`;
  return null;
}
