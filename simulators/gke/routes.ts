/**
 * The container.googleapis.com/v1 REST surface as the SDK's REST transport calls it (HTTP rules of
 * google/container/v1/cluster_service.proto), the OAuth token endpoint, and the Compute Engine
 * instance-group managers GKE's node pools link to (docs/providers/gke.md §3).
 */
import { authorization, Router, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { CHANNEL_CONFIGS, DEFAULT_CLUSTER_VERSION, MACHINE_TYPE_RE, VALID_IMAGE_TYPES, VALID_MASTER_VERSIONS, VALID_NODE_VERSIONS, zonesOf, type Channel } from "./catalog";
import type { Principal } from "./keys";
import { DURATIONS, key, masterCandidates, masterUpgradeProblem, nodeVersionProblem, resolveVersion, type ClusterRecord, type GkeState, type PoolRecord } from "./state";
import { badRequest, clusterView, enumIn, gError, igmName, operationView, poolView, UNAUTHENTICATED_INVALID, UNAUTHENTICATED_MISSING, unauthenticated, type Wire } from "./wire";

type Ctx = { state: GkeState; req: SimRequest; wire: Wire; principal: Principal; project: string; location: string };
type Handler = (ctx: Ctx) => SimResponse;

const NAME_RE = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
const NAME_RULE = "(only alphanumerics and '-' allowed, must start with a letter and end with an alphanumeric, and must be no longer than 40 characters)";
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function wireOf(state: GkeState, req: SimRequest): Wire {
  const alt = req.query.get("$alt") ?? "";
  return { ints: /enum-encoding=int/.test(alt), origin: `${state.config.scheme}://${req.headers.host ?? "127.0.0.1"}` };
}

/** bearer token → principal (401), project access (403), then the handler with state advanced */
function guarded(state: GkeState, permission: string, handler: Handler, mutates: boolean): SimHandler {
  return (req) => {
    const auth = authorization(req);
    if (!auth || auth.scheme !== "bearer" || !auth.value) return unauthenticated(UNAUTHENTICATED_MISSING);
    const principal = state.accounts.principal(auth.value);
    if (!principal) return unauthenticated(UNAUTHENTICATED_INVALID);
    const project = req.params.project;
    const location = req.params.location ?? "-";
    const resource = `projects/${project}/locations/${location}`;
    if (!principal.projects.has(project) || (mutates && principal.role !== "admin")) {
      return gError("PERMISSION_DENIED", `Permission '${permission}' denied on resource '//container.googleapis.com/${resource}' (or it may not exist).`, [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "IAM_PERMISSION_DENIED", domain: "container.googleapis.com", metadata: { permission, resource } },
      ]);
    }
    if (location !== "-" && !zonesOf(location)) return gError("INVALID_ARGUMENT", `Location "${location}" is not a valid Google Cloud location.`);
    state.advance();
    return handler({ state, req, wire: wireOf(state, req), principal, project, location });
  };
}

function clusterOf(ctx: Ctx, name: string): (ClusterRecord & { project: string }) | SimResponse {
  const c = ctx.state.clusters.get(key(ctx.project, ctx.location, name));
  return c ?? gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${name}.`);
}
const isResponse = (v: unknown): v is SimResponse => !!v && typeof v === "object" && "status" in v && typeof (v as SimResponse).status === "number" && !("pools" in v);

function busy(ctx: Ctx, c: ClusterRecord): SimResponse | undefined {
  const op = ctx.state.busy(ctx.project, ctx.location, c.name);
  if (op) return gError("FAILED_PRECONDITION", `Cluster is running incompatible operation ${op.id}.`);
  if (c.status !== "RUNNING") return gError("FAILED_PRECONDITION", `Cluster "${c.name}" is not running (status ${c.status}); try again when it is RUNNING.`);
  return undefined;
}

function parsePool(state: GkeState, raw: unknown, path: string, clusterZones: string[], version: string): PoolRecord | SimResponse {
  const p = obj(raw);
  const cfg = obj(p.config);
  const name = typeof p.name === "string" ? p.name : "";
  if (!NAME_RE.test(name)) return badRequest(`${path}.name`, `Invalid value for field "${path}.name": "${name.slice(0, 60)}". Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?)' ${NAME_RULE}.`);
  const machineType = typeof cfg.machineType === "string" && cfg.machineType ? cfg.machineType : "e2-medium";
  if (!MACHINE_TYPE_RE.test(machineType)) return badRequest(`${path}.config.machine_type`, `Invalid value for field "${path}.config.machine_type": "${machineType.slice(0, 60)}". Machine type does not exist.`);
  const count = typeof p.initialNodeCount === "number" ? p.initialNodeCount : 0;
  if (!Number.isInteger(count) || count < 1 || count > 1000) return badRequest(`${path}.initial_node_count`, `${path}.initial_node_count must be greater than zero.`);
  const disk = typeof cfg.diskSizeGb === "number" && cfg.diskSizeGb > 0 ? cfg.diskSizeGb : 100;
  if (disk < 10) return badRequest(`${path}.config.disk_size_gb`, `Invalid value for field "${path}.config.disk_size_gb": ${disk}. Disk size must be at least 10 GB.`);
  let v = version;
  if (typeof p.version === "string" && p.version) {
    const resolved = resolveVersion(p.version, VALID_NODE_VERSIONS);
    if (!resolved) return badRequest(`${path}.version`, `Node version "${p.version.slice(0, 40)}" is unsupported.`);
    v = resolved;
  }
  const imageType = typeof cfg.imageType === "string" && cfg.imageType ? cfg.imageType : "COS_CONTAINERD";
  if (!VALID_IMAGE_TYPES.includes(imageType)) return badRequest(`${path}.config.image_type`, `Image type "${imageType.slice(0, 40)}" is not supported.`);
  const locations = Array.isArray(p.locations) && p.locations.length ? (p.locations as string[]) : clusterZones;
  const auto = obj(p.autoscaling);
  return {
    name,
    machineType,
    diskSizeGb: disk,
    imageType,
    initialNodeCount: count,
    sizePerZone: count,
    locations,
    version: v,
    status: "PROVISIONING",
    autoscaling: auto.enabled === true ? { enabled: true, minNodeCount: Number(auto.minNodeCount ?? 0), maxNodeCount: Number(auto.maxNodeCount ?? count) } : undefined,
    igmSuffix: state.rnd.hex(8),
    etag: state.rnd.hex(8),
  };
}

// ------------------------------------------------------------------------------------------ handlers

const listClusters: Handler = (ctx) => {
  const items = [...ctx.state.clusters.values()].filter((c) => c.project === ctx.project && (ctx.location === "-" || c.location === ctx.location || zonesOf(ctx.location)?.includes(c.location)));
  items.sort((a, b) => a.location.localeCompare(b.location) || a.name.localeCompare(b.name));
  return { status: 200, body: { clusters: items.map((c) => clusterView(ctx.state, ctx.wire, c)) } };
};

const getCluster: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  return isResponse(c) ? c : { status: 200, body: clusterView(ctx.state, ctx.wire, c) };
};

const serverConfig: Handler = (ctx) => {
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

const createCluster: Handler = (ctx) => {
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
function startMasterUpgrade(ctx: Ctx, c: ClusterRecord, requested: string): SimResponse {
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

const clusterAction: Handler = (ctx) => {
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

const updateCluster: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const update = obj(obj(ctx.req.body).update);
  if (typeof update.desiredMasterVersion === "string" && update.desiredMasterVersion) return startMasterUpgrade(ctx, c, update.desiredMasterVersion);
  return badRequest("update", "Update is empty or asks for a change this simulator does not support (desiredMasterVersion).");
};

const deleteCluster: Handler = (ctx) => {
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

const listPools: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  return { status: 200, body: { nodePools: c.pools.map((p) => poolView(ctx.state, ctx.wire, c, p)) } };
};

const getPool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = c.pools.find((x) => x.name === ctx.req.params.pool);
  if (!p) return gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${c.name}/nodePools/${ctx.req.params.pool}.`);
  return { status: 200, body: poolView(ctx.state, ctx.wire, c, p) };
};

const createPool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const raw = obj(ctx.req.body).nodePool;
  if (!raw) return badRequest("node_pool", "Node pool is required.");
  const p = parsePool(ctx.state, raw, "node_pool", c.locations, c.masterVersion);
  if (isResponse(p)) return p;
  if (c.pools.some((x) => x.name === p.name)) return gError("ALREADY_EXISTS", `Already exists: projects/${ctx.project}/locations/${ctx.location}/clusters/${c.name}/nodePools/${p.name}.`);
  const nv = nodeVersionProblem(c, p.version);
  if (!nv.version) return badRequest("node_pool.version", nv.message);
  const b = busy(ctx, c);
  if (b) return b;
  c.pools.push(p);
  c.status = "RECONCILING";
  const op = ctx.state.startOperation({
    project: ctx.project,
    location: ctx.location,
    type: "CREATE_NODE_POOL",
    cluster: c.name,
    pool: p.name,
    durationMs: DURATIONS.createPool,
    effect: () => {
      p.status = "RUNNING";
      c.status = "RUNNING";
    },
  });
  return { status: 200, body: operationView(ctx.state, ctx.wire, op) };
};

function poolOf(ctx: Ctx, c: ClusterRecord, name: string): PoolRecord | SimResponse {
  return c.pools.find((x) => x.name === name) ?? gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${c.name}/nodePools/${name}.`);
}

function poolOperation(ctx: Ctx, c: ClusterRecord, p: PoolRecord, type: "SET_NODE_POOL_SIZE" | "UPGRADE_NODES" | "UPDATE_CLUSTER" | "DELETE_NODE_POOL", durationMs: number, effect: () => void): SimResponse {
  const b = busy(ctx, c);
  if (b) return b;
  c.status = "RECONCILING";
  p.status = type === "DELETE_NODE_POOL" ? "STOPPING" : "RECONCILING";
  const op = ctx.state.startOperation({
    project: ctx.project,
    location: ctx.location,
    type,
    cluster: c.name,
    pool: p.name,
    durationMs,
    effect: () => {
      effect();
      p.status = "RUNNING";
      c.status = "RUNNING";
    },
  });
  return { status: 200, body: operationView(ctx.state, ctx.wire, op) };
}

const poolAction: Handler = (ctx) => {
  const [poolName, verb] = ctx.req.params.poolAction.split(":");
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = poolOf(ctx, c, poolName);
  if (isResponse(p)) return p;
  const body = obj(ctx.req.body);
  if (verb === "setSize") {
    const n = body.nodeCount;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 1000) return badRequest("node_count", `Invalid value for field "node_count": ${JSON.stringify(n ?? null)}. Must be between 0 and 1000.`);
    return poolOperation(ctx, c, p, "SET_NODE_POOL_SIZE", DURATIONS.resizePool, () => void (p.sizePerZone = n));
  }
  if (verb === "setAutoscaling") {
    const a = obj(body.autoscaling);
    const enabled = a.enabled === true;
    const min = Number(a.minNodeCount ?? 0);
    const max = Number(a.maxNodeCount ?? 0);
    if (enabled && (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < 1 || min > max)) {
      return badRequest("autoscaling", "Autoscaling needs 0 <= min_node_count <= max_node_count and max_node_count >= 1.");
    }
    return poolOperation(ctx, c, p, "UPDATE_CLUSTER", DURATIONS.resizePool, () => {
      p.autoscaling = enabled ? { enabled, minNodeCount: min, maxNodeCount: max } : undefined;
      if (enabled) p.sizePerZone = Math.min(Math.max(p.sizePerZone, min), max);
    });
  }
  return gError("NOT_FOUND", `Method not found: ${verb ?? ""}.`);
};

/** PUT .../nodePools/{pool}: UpdateNodePoolRequest; node_version and image_type are required */
const updatePool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = poolOf(ctx, c, ctx.req.params.pool);
  if (isResponse(p)) return p;
  const body = obj(ctx.req.body);
  const nodeVersion = typeof body.nodeVersion === "string" ? body.nodeVersion : "";
  const imageType = typeof body.imageType === "string" ? body.imageType : "";
  if (!nodeVersion) return badRequest("node_version", "node_version is required.");
  if (!imageType) return badRequest("image_type", "image_type is required.");
  if (!VALID_IMAGE_TYPES.includes(imageType)) return badRequest("image_type", `Image type "${imageType.slice(0, 40)}" is not supported.`);
  const nv = nodeVersionProblem(c, nodeVersion);
  if (!nv.version) return badRequest("node_version", nv.message);
  const target = nv.version;
  return poolOperation(ctx, c, p, "UPGRADE_NODES", DURATIONS.upgradeNodes, () => {
    p.version = target;
    p.imageType = imageType;
  });
};

const deletePool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = poolOf(ctx, c, ctx.req.params.pool);
  if (isResponse(p)) return p;
  return poolOperation(ctx, c, p, "DELETE_NODE_POOL", DURATIONS.deletePool, () => {
    c.pools = c.pools.filter((x) => x !== p);
  });
};

const getOperation: Handler = (ctx) => {
  const o = ctx.state.operations.get(ctx.req.params.operation);
  if (!o || o.project !== ctx.project || o.location !== ctx.location) return gError("NOT_FOUND", `Not found: operation ${ctx.req.params.operation}.`);
  return { status: 200, body: operationView(ctx.state, ctx.wire, o) };
};

const listOperations: Handler = (ctx) => {
  const ops = [...ctx.state.operations.values()].filter((o) => o.project === ctx.project && (ctx.location === "-" || o.location === ctx.location));
  return { status: 200, body: { operations: ops.map((o) => operationView(ctx.state, ctx.wire, o)) } };
};

/** Compute Engine instanceGroupManagers.get: the node pools' instance groups (their targetSize is the pool's size in that zone) */
const getIgm: Handler = (ctx) => {
  const { zone, igm } = ctx.req.params;
  for (const c of ctx.state.clusters.values()) {
    if (c.project !== ctx.project) continue;
    for (const p of c.pools) {
      if (igmName(c, p) === igm && p.locations.includes(zone)) {
        return {
          status: 200,
          body: {
            kind: "compute#instanceGroupManager",
            id: String(BigInt(`0x${p.igmSuffix}`) * 1000003n),
            name: igm,
            zone: `https://www.googleapis.com/compute/v1/projects/${ctx.project}/zones/${zone}`,
            baseInstanceName: igm.replace(/-grp$/, ""),
            targetSize: p.sizePerZone,
            status: { isStable: p.status === "RUNNING" },
            selfLink: `https://www.googleapis.com/compute/v1/projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}`,
          },
        };
      }
    }
  }
  return { status: 404, body: { error: { code: 404, message: `The resource 'projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}' was not found`, errors: [{ message: `The resource 'projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${igm}' was not found`, domain: "global", reason: "notFound" }] } } };
};

/** POST /token: the OAuth 2.0 JWT-bearer grant (form-encoded) */
function token(state: GkeState): (req: SimRequest) => SimResponse {
  return (req) => {
    const form = new URLSearchParams(req.rawBody);
    const r = state.accounts.grant(form);
    return { status: r.status, body: r.body, headers: { "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate" } };
  };
}

export function buildRouter(state: GkeState): Router {
  const r = new Router();
  const P = "/v1/projects/:project/locations/:location";
  r.post("/token", token(state));
  r.get(`${P}/clusters`, guarded(state, "container.clusters.list", listClusters, false));
  r.post(`${P}/clusters`, guarded(state, "container.clusters.create", createCluster, true));
  r.get(`${P}/clusters/:cluster`, guarded(state, "container.clusters.get", (ctx) => (ctx.req.params.cluster.includes(":") ? gError("NOT_FOUND", "Method not found.") : getCluster(ctx)), false));
  r.post(`${P}/clusters/:clusterAction`, guarded(state, "container.clusters.update", clusterAction, true));
  r.put(`${P}/clusters/:cluster`, guarded(state, "container.clusters.update", updateCluster, true));
  r.delete(`${P}/clusters/:cluster`, guarded(state, "container.clusters.delete", deleteCluster, true));
  r.get(`${P}/clusters/:cluster/nodePools`, guarded(state, "container.clusters.get", listPools, false));
  r.post(`${P}/clusters/:cluster/nodePools`, guarded(state, "container.clusters.update", createPool, true));
  r.get(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.get", getPool, false));
  r.post(`${P}/clusters/:cluster/nodePools/:poolAction`, guarded(state, "container.clusters.update", poolAction, true));
  r.put(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.update", updatePool, true));
  r.delete(`${P}/clusters/:cluster/nodePools/:pool`, guarded(state, "container.clusters.update", deletePool, true));
  r.get(`${P}/serverConfig`, guarded(state, "container.clusters.list", serverConfig, false));
  r.get(`${P}/operations`, guarded(state, "container.operations.list", listOperations, false));
  r.get(`${P}/operations/:operation`, guarded(state, "container.operations.get", getOperation, false));
  r.get("/compute/v1/projects/:project/zones/:zone/instanceGroupManagers/:igm", guarded(state, "compute.instanceGroupManagers.get", getIgm, false));
  return r;
}

export const routeNotFound = (req: SimRequest): SimResponse => ({
  status: 404,
  body: { error: { code: 404, message: `The requested URL ${req.path.slice(0, 200)} was not found on this server.`, status: "NOT_FOUND" } },
});
export const methodNotAllowed = (req: SimRequest): SimResponse => gError("NOT_FOUND", `Method not found: ${req.method} ${req.path.slice(0, 200)}.`);
/** bodies that are not JSON: the token endpoint takes a form, everything else answers INVALID_ARGUMENT */
export const invalidJsonFor =
  (state: GkeState) =>
  (req: SimRequest): SimResponse =>
    req.path.replace(/\/+$/, "") === "/token" && req.method === "POST"
      ? token(state)(req)
      : gError("INVALID_ARGUMENT", `Invalid JSON payload received. Unexpected token.\n${req.rawBody.slice(0, 20)}\n^`);
