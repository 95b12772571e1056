/** Clusters: list, get, create, master upgrade and other actions, update, delete; the server config. */
import { type SimResponse } from "@/simulators/kit/server";
import { CHANNEL_CONFIGS, DEFAULT_CLUSTER_VERSION, VALID_IMAGE_TYPES, VALID_MASTER_VERSIONS, VALID_NODE_VERSIONS, zonesOf, type Channel } from "../catalog";
import { DURATIONS, key, masterCandidates, masterUpgradeProblem, resolveVersion, type ClusterRecord, type PoolRecord } from "../state";
import { badRequest, clusterView, enumIn, gError, operationView } from "../wire";
import { Ctx, Handler, NAME_RE, NAME_RULE, obj, clusterOf, isResponse, busy, parsePool } from "./shared";

export const listClusters: Handler = (ctx) => {
  const items = [...ctx.state.clusters.values()].filter((c) => c.project === ctx.project && (ctx.location === "-" || c.location === ctx.location || zonesOf(ctx.location)?.includes(c.location)));
  items.sort((a, b) => a.location.localeCompare(b.location) || a.name.localeCompare(b.name));
  return { status: 200, body: { clusters: items.map((c) => clusterView(ctx.state, ctx.wire, c)) } };
};

export const getCluster: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  return isResponse(c) ? c : { status: 200, body: clusterView(ctx.state, ctx.wire, c) };
};

export const serverConfig: Handler = (ctx) => {
  const w = ctx.wire;
  return {
    status: 200,
    body: {
      defaultClusterVersion: DEFAULT_CLUSTER_VERSION,
      validNodeVersions: VALID_NODE_VERSIONS,
      defaultImageType: "COS_CONTAINERD",
      validImageTypes: VALID_IMAGE_TYPES,
      validMasterVersions: VALID_MASTER_VERSIONS,
      channels: CHANNEL_CONFIGS.map((c) => ({ channel: w.ints ? ["UNSPECIFIED", "RAPID", "REGULAR", "STABLE", "EXTENDED"].indexOf(c.channel) : c.channel, defaultVersion: c.defaultVersion, validVersions: c.validVersions, upgradeTargetVersion: c.upgradeTargetVersion })),
    },
  };
};

export const createCluster: Handler = (ctx) => {
  const { state, project, location } = ctx;
  if (location === "-") return badRequest("parent", "Location \"-\" is not valid for creating a cluster; name a region or a zone.");
  const body = obj(ctx.req.body);
  const cl = obj(body.cluster);
  if (!Object.keys(cl).length) return badRequest("cluster", "Cluster is required.");
  const name = typeof cl.name === "string" ? cl.name : "";
  if (!NAME_RE.test(name)) return badRequest("cluster.name", `Invalid value for field "cluster.name": "${name.slice(0, 60)}". Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?)' ${NAME_RULE}.`);
  if (state.clusters.has(key(project, location, name))) return gError("ALREADY_EXISTS", `Already exists: projects/${project}/locations/${location}/clusters/${name}.`);
  const rc = obj(cl.releaseChannel);
  const channel = (rc.channel === undefined ? "REGULAR" : enumIn("channel", rc.channel)) as Channel | undefined;
  if (!channel) return badRequest("cluster.release_channel.channel", `Invalid value for field "cluster.release_channel.channel".`);
  const requested = typeof cl.initialClusterVersion === "string" && cl.initialClusterVersion ? cl.initialClusterVersion : "";
  const candidates = masterCandidates(channel);
  const channelDefault = channel === "UNSPECIFIED" ? DEFAULT_CLUSTER_VERSION : CHANNEL_CONFIGS.find((c) => c.channel === channel)!.defaultVersion;
  const version = requested ? resolveVersion(requested, candidates) : channelDefault;
  if (!version) {
    return badRequest("cluster.initial_cluster_version", channel === "UNSPECIFIED" ? `Master version "${requested.slice(0, 40)}" is unsupported.` : `Master version "${requested.slice(0, 40)}" is not available in release channel ${channel}.`);
  }
  const zones = zonesOf(location)!;
  const rawPools = Array.isArray(cl.nodePools) ? cl.nodePools : [];
  const pools: PoolRecord[] = [];
  if (!rawPools.length) {
    const n = typeof cl.initialNodeCount === "number" ? cl.initialNodeCount : 0;
    if (n < 1) return badRequest("cluster.initial_node_count", "Cluster.initial_node_count must be greater than zero.");
    const p = parsePool(state, { name: "default-pool", initialNodeCount: n, config: cl.nodeConfig }, "cluster.node_pools[0]", zones, version);
    if (isResponse(p)) return p;
    pools.push(p);
  }
  for (let i = 0; i < rawPools.length; i++) {
    const p = parsePool(state, rawPools[i], `cluster.node_pools[${i}]`, zones, version);
    if (isResponse(p)) return p;
    if (pools.some((x) => x.name === p.name)) return badRequest(`cluster.node_pools[${i}].name`, `Node pool names must be unique: "${p.name}" is given twice.`);
    pools.push(p);
  }
  const now = state.clock.now();
  const fail = state.failNextCreates > 0;
  if (fail) state.failNextCreates--;
  const c: ClusterRecord & { project: string } = {
    project,
    id: state.rnd.hex(32),
    name,
    location,
    locations: zones,
    channel,
    initialClusterVersion: version,
    masterVersion: version,
    status: "PROVISIONING",
    conditions: [],
    endpoint: `34.${state.rnd.int(64, 127)}.${state.rnd.int(0, 255)}.${state.rnd.int(1, 254)}`,
    createTime: now,
    pools,
    clusterIpv4Cidr: `10.${state.rnd.int(0, 127)}.0.0/14`,
    servicesIpv4Cidr: `34.118.${state.rnd.int(224, 239)}.0/20`,
    labels: Object.fromEntries(Object.entries(obj(cl.resourceLabels)).filter(([, v]) => typeof v === "string")) as Record<string, string>,
    etag: state.rnd.hex(8),
  };
  state.clusters.set(key(project, location, name), c);
  const op = state.startOperation({
    project,
    location,
    type: "CREATE_CLUSTER",
    cluster: name,
    durationMs: zones.length > 1 ? DURATIONS.createRegional : DURATIONS.createZonal,
    effect: () => {
      if (fail) {
        c.status = "ERROR";
        c.statusMessage = "Zone resources exhausted: GCE_STOCKOUT";
        c.conditions = [{ code: "GCE_STOCKOUT", message: "The zone does not have enough resources available to fulfill the request." }];
        for (const p of c.pools) p.status = "ERROR";
        op.error = { code: 8, message: "Zone resources exhausted: GCE_STOCKOUT" };
        return;
      }
      c.status = "RUNNING";
      for (const p of c.pools) p.status = "RUNNING";
    },
  });
  return { status: 200, body: operationView(state, ctx.wire, op) };
};

/** POST .../clusters/{cluster}:updateMaster (and PUT .../clusters/{cluster} with update.desiredMasterVersion) */
export function startMasterUpgrade(ctx: Ctx, c: ClusterRecord, requested: string): SimResponse {
  const b = busy(ctx, c);
  if (b) return b;
  const problem = masterUpgradeProblem(c, requested);
  if (problem) return gError(problem.status, problem.message);
  const target = resolveVersion(requested, masterCandidates(c.channel))!;
  c.status = "RECONCILING";
  const op = ctx.state.startOperation({
    project: ctx.project,
    location: ctx.location,
    type: "UPGRADE_MASTER",
    cluster: c.name,
    durationMs: DURATIONS.upgradeMaster,
    effect: () => {
      c.masterVersion = target;
      c.status = "RUNNING";
    },
  });
  return { status: 200, body: operationView(ctx.state, ctx.wire, op) };
}

export const clusterAction: Handler = (ctx) => {
  const [name, verb] = ctx.req.params.clusterAction.split(":");
  const c = clusterOf(ctx, name);
  if (isResponse(c)) return c;
  const body = obj(ctx.req.body);
  if (verb === "updateMaster") {
    const v = typeof body.masterVersion === "string" ? body.masterVersion : "";
    if (!v) return badRequest("master_version", "master_version is required.");
    return startMasterUpgrade(ctx, c, v);
  }
  return gError("NOT_FOUND", `Method not found: ${verb ?? ""}.`);
};

export const updateCluster: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const update = obj(obj(ctx.req.body).update);
  if (typeof update.desiredMasterVersion === "string" && update.desiredMasterVersion) return startMasterUpgrade(ctx, c, update.desiredMasterVersion);
  return badRequest("update", "Update is empty or asks for a change this simulator does not support (desiredMasterVersion).");
};

export const deleteCluster: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  if (c.status === "STOPPING") return gError("FAILED_PRECONDITION", `Cluster "${c.name}" is already being deleted.`);
  const running = ctx.state.busy(ctx.project, ctx.location, c.name);
  // deleting is allowed while another operation runs on the cluster (that one is abandoned)
  if (running) {
    running.status = "DONE";
    running.endTime = ctx.state.clock.now();
    running.error = { code: 1, message: "Operation was cancelled by a cluster deletion." };
  }
  c.status = "STOPPING";
  for (const p of c.pools) p.status = "STOPPING";
  const op = ctx.state.startOperation({
    project: ctx.project,
    location: ctx.location,
    type: "DELETE_CLUSTER",
    cluster: c.name,
    durationMs: DURATIONS.deleteCluster,
    effect: () => void ctx.state.clusters.delete(key(ctx.project, ctx.location, c.name)),
  });
  return { status: 200, body: operationView(ctx.state, ctx.wire, op) };
};
