/** Regions, tokens and the asynchronous lifecycles of clusters and node pools, advanced lazily by SimClock. */
import { compareKubeVersions, minorDistance, parseKubeVersion } from "@/lib/kube-version";
import type { SimClock } from "../kit/clock";
import { SeededRandom } from "../kit/random";
import { BUSY, DURATIONS, FLAGS, GRPC, READ_ONLY_ROLES, REGIONS, ROLES, readOnlyToken, regionToken, type RegionName, type Role } from "./config";
import type { ClusterOp, RegionState, SimCluster, SimPool, SimToken, SimVersion } from "./model";
import { newCluster, newPool, petName, seedRegion } from "./seed";
import { ApiError, invalid } from "./wire";
import { checkLabels, checkName, checkNetworks, checkSizing, checkTaints, idRef, isObject, type Violation } from "./validate";

export class CloudferroState {
  regions = new Map<string, RegionState>();
  tokens = new Map<string, SimToken>();
  waf = false;
  private rnd!: SeededRandom;

  constructor(
    private readonly clock: SimClock,
    private readonly seed: string | number,
    private readonly baseToken: string,
    private readonly extraTokens: SimToken[] = [],
  ) {
    this.reset();
  }

  reset() {
    const now = this.clock.now();
    this.rnd = new SeededRandom(`${this.seed}:cloudferro:runtime`);
    this.regions.clear();
    this.tokens.clear();
    this.waf = false;
    REGIONS.forEach((r, i) => {
      this.regions.set(r.prefix, seedRegion(i, this.seed, now));
      this.addToken({ token: regionToken(this.baseToken, i), region: r.name, roles: new Set(ROLES), description: "demo token, all roles" });
      this.addToken({ token: readOnlyToken(this.baseToken, i), region: r.name, roles: new Set(READ_ONLY_ROLES), description: "demo token, read-only roles" });
    });
    for (const t of this.extraTokens) this.addToken({ ...t, roles: new Set(t.roles) });
  }

  addToken(t: SimToken) {
    this.tokens.set(t.token, t);
  }

  region(prefix: string): RegionState | undefined {
    return this.regions.get(prefix.toLowerCase());
  }

  regionByName(name: string): RegionState | undefined {
    return [...this.regions.values()].find((r) => r.name === name);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Finishes every operation whose time has come; called before each read or write. */
  tick(region: RegionState) {
    const now = this.clock.now();
    for (const c of [...region.clusters.values()]) {
      if (c.op && c.op.endsAt <= now) this.finish(region, c, c.op);
    }
  }

  private finish(region: RegionState, c: SimCluster, op: ClusterOp) {
    const at = op.endsAt;
    c.op = undefined;
    c.updatedAt = at;
    const fail = (msg: string) => c.errors.push({ msg, createdAt: at });
    switch (op.kind) {
      case "create":
        if (op.fail) {
          fail(op.fail);
          c.status = "Error";
          for (const p of c.pools) Object.assign(p, { status: "Error", updatedAt: at });
        } else {
          c.status = "Running";
          for (const p of c.pools) Object.assign(p, { status: "Running", updatedAt: at, quantity: p.autoscale ? p.sizeMin : p.size });
        }
        return;
      case "upgrade":
        if (op.fail) {
          fail(op.fail);
          c.status = "Error";
        } else {
          c.versionId = op.targetVersionId;
          c.status = "Running";
        }
        for (const p of c.pools) Object.assign(p, { status: "Running", updatedAt: at });
        return;
      case "delete":
        if (op.fail) {
          fail(op.fail);
          c.status = "Error";
          for (const p of c.pools) Object.assign(p, { status: "Error", updatedAt: at });
        } else {
          region.clusters.delete(c.id);
        }
        return;
      case "pool": {
        c.status = op.resume;
        const pool = c.pools.find((p) => p.id === op.poolId);
        if (!pool) return;
        pool.updatedAt = at;
        if (op.fail) {
          // node pool failures are reported through the cluster's error list too (docs/providers/cloudferro.md §10.3)
          fail(`node pool ${pool.name}: ${op.fail}`);
          pool.errors.push({ msg: op.fail, createdAt: at });
          pool.status = "Error";
        } else if (op.poolOp === "delete") {
          c.pools = c.pools.filter((p) => p.id !== pool.id);
        } else {
          pool.status = "Running";
          pool.quantity = pool.autoscale ? Math.min(pool.sizeMax, Math.max(pool.sizeMin, pool.quantity || pool.sizeMin)) : pool.size;
        }
      }
    }
  }

  private startOp(c: SimCluster, op: ClusterOp) {
    if (c.failNext) {
      op.fail = c.failNext;
      c.failNext = undefined;
    }
    c.op = op;
  }

  /** Admin: the running (or else the next) operation of a cluster ends in Error with `message`. */
  failCluster(clusterId: string, message: string): boolean {
    for (const r of this.regions.values()) {
      const c = r.clusters.get(clusterId);
      if (!c) continue;
      if (c.op) c.op.fail = message;
      else c.failNext = message;
      return true;
    }
    return false;
  }

  // ---- clusters ----------------------------------------------------------------------------------

  getCluster(region: RegionState, id: string): SimCluster {
    this.tick(region);
    const c = region.clusters.get(id);
    if (!c) throw new ApiError(404, GRPC.NOT_FOUND, `cluster ${id} not found`);
    return c;
  }

  listClusters(region: RegionState, filters: { region?: string | null; orderBy?: string | null }): SimCluster[] {
    this.tick(region);
    if (filters.region && !region.name.toLowerCase().includes(filters.region.toLowerCase())) return [];
    const list = [...region.clusters.values()];
    // default order [assume]: newest first; orderBy accepts "name" and "created_at" with an optional "-" for descending
    const by = filters.orderBy ?? "-created_at";
    const desc = by.startsWith("-");
    const key = by.replace(/^-/, "");
    list.sort((a, b) => {
      const d = key === "name" ? a.name.localeCompare(b.name) : a.createdAt - b.createdAt;
      return desc ? -d : d;
    });
    return list;
  }

  private activeVersion(region: RegionState, id: string | undefined, field: string, out: Violation[]): SimVersion | undefined {
    if (!id) {
      out.push({ field, description: "value is required" });
      return undefined;
    }
    const v = region.versions.find((x) => x.id === id);
    if (!v) throw new ApiError(404, GRPC.NOT_FOUND, `kubernetes version ${id} not found`);
    if (!v.isActive) out.push({ field, description: `kubernetes version ${v.version} is not active` });
    return v;
  }

  private spec(region: RegionState, id: string | undefined, field: string, tag: string, out: Violation[]) {
    if (!id) {
      out.push({ field, description: "value is required" });
      return undefined;
    }
    const s = region.specs.find((x) => x.id === id);
    if (!s) throw new ApiError(404, GRPC.NOT_FOUND, `machine spec ${id} not found`);
    if (!s.isActive) out.push({ field, description: `machine spec ${s.name} is not active` });
    else if (!s.tags.includes(tag)) out.push({ field, description: `machine spec ${s.name} cannot be used for ${tag} nodes` });
    return s;
  }

  private poolFromBody(region: RegionState, body: Record<string, unknown>, prefix: string, out: Violation[], now: number, takenNames: string[]): SimPool | undefined {
    const before = out.length;
    const name = checkName(body.name, `${prefix}name`, out, false) ?? (body.name ? undefined : `pool-${petName(this.rnd)}`);
    if (name && FLAGS.uniqueNames && takenNames.includes(name)) out.push({ field: `${prefix}name`, description: `node pool ${name} already exists in this cluster` });
    const spec = this.spec(region, idRef(body.machine_spec), `${prefix}machine_spec.id`, "worker", out);
    const sizing = checkSizing(body, prefix, out);
    const labels = checkLabels(body.labels, `${prefix}labels`, out);
    const taints = checkTaints(body.taints, `${prefix}taints`, out);
    const sharedNetworks = checkNetworks(body.shared_networks, `${prefix}shared_networks`, out);
    if (out.length > before || !name || !spec || !sizing) return undefined;
    const pool = newPool(this.rnd, { name, specId: spec.id, ...sizing, createdAt: now, labels, taints, sharedNetworks });
    return { ...pool, status: "Creating", quantity: 0 };
  }

  createCluster(region: RegionState, body: unknown): SimCluster {
    this.tick(region);
    if (!isObject(body)) throw invalid([{ field: "(body)", description: "a JSON object is required" }]);
    const now = this.clock.now();
    const out: Violation[] = [];
    const name = checkName(body.name, "name", out, false) ?? (body.name ? undefined : petName(this.rnd));
    if (name && FLAGS.uniqueNames && [...region.clusters.values()].some((c) => c.name === name)) {
      throw new ApiError(409, GRPC.ALREADY_EXISTS, `cluster with name "${name}" already exists`);
    }
    const version = this.activeVersion(region, idRef(body.kubernetes_version), "kubernetes_version.id", out);
    const custom = isObject(body.control_plane) && isObject(body.control_plane.custom) ? body.control_plane.custom : undefined;
    if (!custom) out.push({ field: "control_plane.custom", description: "value is required" });
    const size = custom?.size;
    if (custom && (typeof size !== "number" || ![1, 3, 5].includes(size))) out.push({ field: "control_plane.custom.size", description: "value must be one of 1, 3, 5" });
    const cpSpec = custom ? this.spec(region, idRef(custom.machine_spec), "control_plane.custom.machine_spec.id", "control-plane", out) : undefined;
    const pools: SimPool[] = [];
    if (body.node_pools !== undefined && body.node_pools !== null && !Array.isArray(body.node_pools)) out.push({ field: "node_pools", description: "value must be a list" });
    if (Array.isArray(body.node_pools)) {
      body.node_pools.forEach((p, i) => {
        if (!isObject(p)) return out.push({ field: `node_pools[${i}]`, description: "value must be an object" });
        const pool = this.poolFromBody(region, p, `node_pools[${i}].`, out, now, pools.map((x) => x.name));
        if (pool) pools.push(pool);
      });
    }
    if (out.length || !name || !version || !cpSpec) throw invalid(out);
    const c = newCluster(this.rnd, region, { name, createdAt: now, versionId: version.id, cpSize: size as number, cpSpecId: cpSpec.id });
    c.status = "Creating";
    c.pools = pools;
    c.counts = { pods: 0, services: 0, "deployments.apps": 0 };
    this.startOp(c, { kind: "create", endsAt: now + DURATIONS.clusterCreate });
    region.clusters.set(c.id, c);
    return c;
  }

  /** PUT /cluster/{id}: the only user-facing change is the Kubernetes version (rolling upgrade). */
  updateCluster(region: RegionState, id: string, body: unknown): SimCluster {
    const c = this.getCluster(region, id);
    if (!isObject(body)) throw invalid([{ field: "(body)", description: "a JSON object is required" }]);
    if (FLAGS.rejectImmutableChanges) {
      const out: Violation[] = [];
      if (body.name !== undefined && body.name !== c.name) out.push({ field: "name", description: "cannot be changed" });
      const custom = isObject(body.control_plane) && isObject(body.control_plane.custom) ? body.control_plane.custom : undefined;
      if (custom?.size !== undefined && custom.size !== c.cpSize) out.push({ field: "control_plane.custom.size", description: "cannot be changed" });
      const specId = idRef(custom?.machine_spec);
      if (specId !== undefined && specId !== c.cpSpecId) out.push({ field: "control_plane.custom.machine_spec.id", description: "cannot be changed" });
      if (out.length) throw invalid(out);
    }
    const targetId = idRef(body.version);
    if (!targetId) throw invalid([{ field: "version.id", description: "value is required" }]);
    const target = region.versions.find((v) => v.id === targetId);
    if (!target) throw new ApiError(404, GRPC.NOT_FOUND, `kubernetes version ${targetId} not found`);
    if (c.status !== "Running") throw new ApiError(BUSY.http, BUSY.code, BUSY.message);
    const current = region.versions.find((v) => v.id === c.versionId)!;
    const precondition = (msg: string) => new ApiError(400, GRPC.FAILED_PRECONDITION, msg);
    if (!target.isActive) throw precondition(`kubernetes version ${target.version} is not active`);
    const { major: cm, minor: cn } = parseKubeVersion(current.version)!;
    const distance = minorDistance(current.version, target.version);
    if (target.id === current.id) throw precondition(`cluster already runs kubernetes version ${current.version}`);
    if (compareKubeVersions(target.version, current.version) < 0) throw precondition(`downgrade from ${current.version} to ${target.version} is not supported`);
    if (distance === null) throw precondition(`upgrade from ${current.version} to ${target.version} changes the major version`);
    if (distance > 1) throw precondition(`upgrade from ${current.version} to ${target.version} skips minor version ${cm}.${cn + 1}; upgrade one minor version at a time`);
    if (distance === 0 && !FLAGS.allowPatchUpgrade) throw precondition(`upgrade from ${current.version} to ${target.version} is not to the next minor version`);
    const now = this.clock.now();
    c.status = "Upgrading";
    c.updatedAt = now;
    for (const p of c.pools) Object.assign(p, { status: "Upgrading", updatedAt: now });
    this.startOp(c, { kind: "upgrade", endsAt: now + DURATIONS.clusterUpgrade, targetVersionId: target.id });
    return c;
  }

  deleteCluster(region: RegionState, id: string): SimCluster {
    const c = this.getCluster(region, id);
    if (c.status !== "Running" && c.status !== "Error") throw new ApiError(BUSY.http, BUSY.code, BUSY.message);
    const now = this.clock.now();
    c.status = "Deleting";
    c.updatedAt = now;
    for (const p of c.pools) Object.assign(p, { status: "Deleting", updatedAt: now });
    this.startOp(c, { kind: "delete", endsAt: now + DURATIONS.clusterDelete });
    return c;
  }

  /** the kubeconfig exists once the control plane is up and stays the same across upgrades */
  kubeconfigCluster(region: RegionState, id: string): SimCluster {
    const c = this.getCluster(region, id);
    if (c.status === "Creating" || c.status === "Deleting" || (c.status === "Error" && c.counts.pods === 0)) {
      throw new ApiError(400, GRPC.FAILED_PRECONDITION, `kubeconfig of cluster ${c.id} is not available while the cluster is ${c.status}`);
    }
    return c;
  }

  refreshKubeconfig(region: RegionState, id: string): SimCluster {
    const c = this.kubeconfigCluster(region, id);
    c.kubeToken = this.rnd.hex(48);
    return c;
  }

  // ---- node pools --------------------------------------------------------------------------------

  getPool(region: RegionState, clusterId: string, poolId: string): { c: SimCluster; p: SimPool } {
    const c = this.getCluster(region, clusterId);
    const p = c.pools.find((x) => x.id === poolId);
    if (!p) throw new ApiError(404, GRPC.NOT_FOUND, `node pool ${poolId} not found`);
    return { c, p };
  }

  /** node pool changes need a settled cluster; one node-pool operation per cluster at a time */
  private requireIdle(c: SimCluster) {
    if ((c.status !== "Running" && c.status !== "Error") || c.op) throw new ApiError(BUSY.http, BUSY.code, BUSY.message);
  }

  private startPoolOp(c: SimCluster, p: SimPool, poolOp: "create" | "scale" | "delete", duration: number) {
    const now = this.clock.now();
    const resume = c.status;
    c.status = "Configuring";
    c.updatedAt = now;
    p.updatedAt = now;
    this.startOp(c, { kind: "pool", poolOp, poolId: p.id, endsAt: now + duration, resume });
  }

  createPool(region: RegionState, clusterId: string, body: unknown): SimPool {
    const c = this.getCluster(region, clusterId);
    if (!isObject(body)) throw invalid([{ field: "(body)", description: "a JSON object is required" }]);
    const out: Violation[] = [];
    const pool = this.poolFromBody(region, body, "", out, this.clock.now(), c.pools.map((p) => p.name));
    if (out.length || !pool) throw invalid(out);
    this.requireIdle(c);
    c.pools.push(pool);
    this.startPoolOp(c, pool, "create", DURATIONS.poolCreate);
    return pool;
  }

  /** PUT of the whole pool as read: only size, size_min, size_max, autoscale and shared_networks may differ. */
  updatePool(region: RegionState, clusterId: string, poolId: string, body: unknown): SimPool {
    const { c, p } = this.getPool(region, clusterId, poolId);
    if (!isObject(body)) throw invalid([{ field: "(body)", description: "a JSON object is required" }]);
    const out: Violation[] = [];
    if (body.name !== undefined && body.name !== p.name) out.push({ field: "name", description: "cannot be changed" });
    const specId = idRef(body.machine_spec);
    if (specId !== undefined && specId !== p.specId) out.push({ field: "machine_spec.id", description: "cannot be changed" });
    const merged = { autoscale: p.autoscale, size: p.size, size_min: p.sizeMin, size_max: p.sizeMax, ...pick(body, ["autoscale", "size", "size_min", "size_max"]) };
    // a static pool's size_min/size_max as read are irrelevant once autoscale is false
    const sizing = checkSizing(merged.autoscale === true ? merged : { autoscale: false, size: merged.size }, "", out);
    const networks = body.shared_networks === undefined ? p.sharedNetworks : checkNetworks(body.shared_networks, "shared_networks", out);
    if (out.length || !sizing) throw invalid(out);
    this.requireIdle(c);
    if (p.status !== "Running" && p.status !== "Error") throw new ApiError(BUSY.http, BUSY.code, BUSY.message);
    Object.assign(p, sizing, { sharedNetworks: networks, status: "Scaling" });
    this.startPoolOp(c, p, "scale", DURATIONS.poolScale);
    return p;
  }

  deletePool(region: RegionState, clusterId: string, poolId: string): SimPool {
    const { c, p } = this.getPool(region, clusterId, poolId);
    this.requireIdle(c);
    if (p.status !== "Running" && p.status !== "Error") throw new ApiError(BUSY.http, BUSY.code, BUSY.message);
    p.status = "Deleting";
    this.startPoolOp(c, p, "delete", DURATIONS.poolDelete);
    return p;
  }

  describe() {
    const out: Record<string, unknown> = {};
    for (const r of this.regions.values()) {
      this.tick(r);
      const byStatus: Record<string, number> = {};
      for (const c of r.clusters.values()) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      out[r.name] = { clusters: r.clusters.size, byStatus };
    }
    return { regions: out, tokens: this.tokens.size, waf: this.waf };
  }
}

function pick(o: Record<string, unknown>, keys: string[]) {
  const r: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
export function isRegionName(s: string): s is RegionName {
  return REGIONS.some((r) => r.name === s);
}
