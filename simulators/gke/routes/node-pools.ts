/** Node pools of a cluster: list, get, create, set size / version / autoscaling, update, delete. */
import { type SimResponse } from "@/simulators/kit/server";
import { VALID_IMAGE_TYPES } from "../catalog";
import { DURATIONS, nodeVersionProblem, type ClusterRecord, type PoolRecord } from "../state";
import { badRequest, gError, operationView, poolView } from "../wire";
import { Ctx, Handler, obj, clusterOf, isResponse, busy, parsePool } from "./shared";

export const listPools: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  return { status: 200, body: { nodePools: c.pools.map((p) => poolView(ctx.state, ctx.wire, c, p)) } };
};

export const getPool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = c.pools.find((x) => x.name === ctx.req.params.pool);
  if (!p) return gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${c.name}/nodePools/${ctx.req.params.pool}.`);
  return { status: 200, body: poolView(ctx.state, ctx.wire, c, p) };
};

export const createPool: Handler = (ctx) => {
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

export function poolOf(ctx: Ctx, c: ClusterRecord, name: string): PoolRecord | SimResponse {
  return c.pools.find((x) => x.name === name) ?? gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${c.name}/nodePools/${name}.`);
}

export function poolOperation(ctx: Ctx, c: ClusterRecord, p: PoolRecord, type: "SET_NODE_POOL_SIZE" | "UPGRADE_NODES" | "UPDATE_CLUSTER" | "DELETE_NODE_POOL", durationMs: number, effect: () => void): SimResponse {
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

export const poolAction: Handler = (ctx) => {
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
export const updatePool: Handler = (ctx) => {
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

export const deletePool: Handler = (ctx) => {
  const c = clusterOf(ctx, ctx.req.params.cluster);
  if (isResponse(c)) return c;
  const p = poolOf(ctx, c, ctx.req.params.pool);
  if (isResponse(p)) return p;
  return poolOperation(ctx, c, p, "DELETE_NODE_POOL", DURATIONS.deletePool, () => {
    c.pools = c.pools.filter((x) => x !== p);
  });
};
