/**
 * ProviderAdapter for one CloudFerro regional host. Scopes are the region(s) that host serves
 * (GET /region: one item on today's per-region hosts, several on the older shared host); a scope's
 * externalId is the region name (what GET /cluster?region= filters by).
 */
import { compareKubeVersions, eolStateOf, normalizeKubeVersion } from "@/lib/kube-version";
import {
  ProviderError,
  isProviderError,
  type ConnectionConfig,
  type KubernetesVersion,
  type NodePoolChange,
  type OperationHandle,
  type ProviderAdapter,
  type ProviderCluster,
  type Scope,
  type TestConnectionResult,
} from "../types";
import { CloudferroClient, PROVIDER } from "./client";
import { OPERATION_ROLES } from "./errors";
import { createClusterSchema, MAX_POOL_SIZE, nodePoolInputSchema, type NodePoolInput } from "./create-schema";
import { mapCluster, mapVersion, specLabel } from "./mapping";
import type { CfCluster, CfNodePool, CfRegion, MachineSpec } from "./schemas";
import { mapLimit } from "../concurrency";

const POOL_FETCH_CONCURRENCY = 6;

function invalid(message: string, fields?: Record<string, string[]>): ProviderError {
  return new ProviderError({ kind: "invalid", provider: PROVIDER, message, fields });
}

function zodInvalid(what: string, issues: { path: PropertyKey[]; message: string }[]): ProviderError {
  const fields: Record<string, string[]> = {};
  for (const i of issues) (fields[i.path.map(String).join(".") || "(input)"] ??= []).push(i.message);
  return invalid(`invalid ${what}: ${Object.entries(fields).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")}`, fields);
}

/** forbidden / not_found on an auxiliary read means "not visible"; anything else propagates */
const hidden = (e: unknown) => isProviderError(e) && (e.kind === "forbidden" || e.kind === "not_found");

export class CloudferroAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  private readonly client: CloudferroClient;
  private regionCache?: Promise<CfRegion[]>;

  constructor(private readonly config: ConnectionConfig) {
    this.client = new CloudferroClient(config);
  }

  private regions(): Promise<CfRegion[]> {
    if (!this.regionCache) {
      this.regionCache = this.client.listRegions();
      this.regionCache.catch(() => (this.regionCache = undefined));
    }
    return this.regionCache;
  }

  private async region(scope: string): Promise<CfRegion> {
    const r = (await this.regions()).find((x) => x.name === scope || x.id === scope);
    if (!r) throw new ProviderError({ kind: "not_found", provider: PROVIDER, status: null, message: `region ${scope} is not served by this endpoint` });
    return r;
  }

  private async scopeForContext(context: Record<string, unknown>): Promise<CfRegion> {
    const wanted = typeof context.scope === "string" && context.scope ? context.scope : this.config.defaultScope;
    if (wanted) return this.region(wanted);
    const [first] = await this.regions();
    if (!first) throw new ProviderError({ kind: "not_found", provider: PROVIDER, message: "this endpoint serves no region" });
    return first;
  }

  async testConnection(): Promise<TestConnectionResult> {
    const regions = await this.regions();
    const names = regions.map((r) => r.name).join(", ");
    const head = `${regions.length} region${regions.length === 1 ? "" : "s"} (${names})`;
    try {
      const lists = await Promise.all(regions.map((r) => this.client.listClusters(r.name)));
      const clusters = lists.reduce((n, l) => n + l.length, 0);
      return { ok: true, summary: `${head}, ${clusters} cluster${clusters === 1 ? "" : "s"}`, scopes: regions.length, clusters };
    } catch (e) {
      if (isProviderError(e) && e.kind === "forbidden") {
        return { ok: true, summary: `${head}; the token lacks the role "${OPERATION_ROLES.listClusters}", so 0 clusters are visible`, scopes: regions.length };
      }
      throw e;
    }
  }

  async listScopes(): Promise<Scope[]> {
    return (await this.regions()).map((r) => ({ externalId: r.name, name: r.name, kind: "region", raw: { id: r.id, isActive: r.is_active ?? true } }));
  }

  private async pools(clusterId: string): Promise<CfNodePool[] | null> {
    return this.client.listNodePools(clusterId).catch((e) => {
      if (hidden(e)) return null;
      throw e;
    });
  }

  private async withPools(c: CfCluster, region: string): Promise<ProviderCluster> {
    return mapCluster(c, region, await this.pools(c.id));
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const regions = scope ? [await this.region(scope)] : await this.regions();
    const perRegion = await mapLimit(regions, 3, async (r) => {
      const clusters = await this.client.listClusters(r.name);
      return mapLimit(clusters, POOL_FETCH_CONCURRENCY, (c) => this.withPools(c, r.name));
    });
    return perRegion.flat();
  }

  async getKubeconfig(scope: string, externalId: string): Promise<string> {
    await this.region(scope);
    return this.client.getKubeconfig(externalId);
  }

  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const r = await this.region(scope);
    return this.withPools(await this.client.getCluster(externalId, true), r.name);
  }

  async listVersions(): Promise<KubernetesVersion[]> {
    const seen = new Map<string, KubernetesVersion>();
    for (const v of await this.client.listVersions()) {
      const m = mapVersion(v);
      if (m && (!seen.has(m.version) || m.active)) seen.set(m.version, m);
    }
    return [...seen.values()].sort((a, b) => compareKubeVersions(b.version, a.version));
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    if (source === "regions") return (await this.listScopes()).map((s) => ({ value: s.externalId, label: s.name }));
    if (source === "versions") {
      const now = new Date();
      return (await this.listVersions())
        .filter((v) => v.active)
        .map((v) => {
          const eol = v.eol ? v.eol.slice(0, 10) : null;
          const note = !eol ? "" : eolStateOf(v.eol, now) === "past" ? ` — past end of life (${eol})` : ` — end of life ${eol}`;
          return { value: v.version, label: `${v.version}${note}` };
        });
    }
    const tag = source === "controlPlaneMachineSpecs" ? "control-plane" : source === "workerMachineSpecs" ? "worker" : source === "machineSpecs" ? null : undefined;
    if (tag === undefined) throw invalid(`unknown option source "${source}"`);
    const region = await this.scopeForContext(context);
    const specs = await this.client.listMachineSpecs(region.id);
    return specs
      .filter((s) => s.is_active && (tag === null || s.tags.includes(tag)))
      .sort((a, b) => (a.cpu ?? 0) - (b.cpu ?? 0) || a.name.localeCompare(b.name))
      .map((s) => ({ value: s.name, label: specLabel(s) }));
  }

  /** exact, client-side match: the server's `version` filter is a substring match */
  private async versionId(version: string): Promise<string> {
    const wanted = normalizeKubeVersion(version);
    const hit = (await this.client.listVersions()).find((v) => v.is_active && normalizeKubeVersion(v.version) === wanted);
    if (!hit) throw invalid(`Kubernetes version ${version} is not an active version of the catalogue`, { version: ["not available"] });
    return hit.id;
  }

  private specResolver(region: CfRegion) {
    let specs: Promise<MachineSpec[]> | undefined;
    return async (name: string, tag: string, field: string): Promise<string> => {
      specs ??= this.client.listMachineSpecs(region.id);
      const s = (await specs).find((x) => x.name === name);
      if (!s || !s.is_active) throw invalid(`machine spec ${name} is not available in ${region.name}`, { [field]: ["not available"] });
      if (!s.tags.includes(tag)) throw invalid(`machine spec ${name} cannot be used for ${tag} nodes`, { [field]: [`not a ${tag} spec`] });
      return s.id;
    };
  }

  private poolBody(p: NodePoolInput, specId: string): Record<string, unknown> {
    const sizing = p.autoscale ? { autoscale: true, size: p.size ?? p.sizeMin, size_min: p.sizeMin, size_max: p.sizeMax } : { autoscale: false, size: p.size };
    return { name: p.name, machine_spec: { id: specId }, ...sizing, shared_networks: [], labels: p.labels, taints: p.taints };
  }

  /** The API has no idempotency key; a repeated create is refused by the unique name instead. */
  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = createClusterSchema.safeParse(input);
    if (!parsed.success) throw zodInvalid("cluster", parsed.error.issues);
    const v = parsed.data;
    const region = await this.region(scope);
    const spec = this.specResolver(region);
    const versionId = await this.versionId(v.version);
    const cpSpec = await spec(v.controlPlaneMachineSpec, "control-plane", "controlPlaneMachineSpec");
    const nodePools = [];
    for (const [i, p] of v.nodePools.entries()) nodePools.push(this.poolBody(p, await spec(p.machineSpec, "worker", `nodePools.${i}.machineSpec`)));
    const created = await this.client.createCluster({
      name: v.name,
      kubernetes_version: { id: versionId },
      control_plane: { custom: { size: v.controlPlaneSize, machine_spec: { id: cpSpec } } },
      node_pools: nodePools,
    });
    return { externalId: created.id, scope: region.name, cluster: mapCluster(created, region.name, []) };
  }

  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    const region = await this.region(scope);
    const current = await this.client.getCluster(externalId, false);
    const wanted = normalizeKubeVersion(version);
    const target = (await this.client.listVersions()).find((v) => v.is_active && normalizeKubeVersion(v.version) === wanted);
    if (!target) throw invalid(`Kubernetes version ${version} is not an active version of the catalogue`, { version: ["not available"] });
    const updated = await this.client.updateCluster(externalId, { ...current, version: target });
    return { externalId, scope: region.name, cluster: mapCluster(updated, region.name, null) };
  }

  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    const region = await this.region(scope);
    await this.client.deleteCluster(externalId);
    return { externalId, scope: region.name };
  }

  async createNodePool(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = nodePoolInputSchema.safeParse(input);
    if (!parsed.success) throw zodInvalid("node pool", parsed.error.issues);
    const region = await this.region(scope);
    const specId = await this.specResolver(region)(parsed.data.machineSpec, "worker", "machineSpec");
    const pool = await this.client.createNodePool(clusterId, this.poolBody(parsed.data, specId));
    return { externalId: clusterId, scope: region.name, providerRequestId: pool.id };
  }

  /** GET the pool, change only the sizing, PUT the whole object back (what the official clients do). */
  async updateNodePool(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle> {
    const region = await this.region(scope);
    const pool = await this.client.getNodePool(clusterId, poolId);
    if (change.name !== undefined && change.name !== pool.name) throw invalid("a node pool's name cannot be changed", { name: ["cannot be changed"] });
    if (change.instanceType !== undefined && change.instanceType !== pool.machine_spec?.name) throw invalid("a node pool's machine spec cannot be changed", { instanceType: ["cannot be changed"] });
    const autoscale = change.autoscaling ?? pool.autoscale;
    const fields: Record<string, string[]> = {};
    const inRange = (n: number | null | undefined, field: string) => {
      if (n === undefined || n === null || !Number.isInteger(n) || n < 1 || n > MAX_POOL_SIZE) (fields[field] ??= []).push(`must be a whole number from 1 to ${MAX_POOL_SIZE}`);
      return n ?? 0;
    };
    let sizing: Record<string, unknown>;
    if (autoscale) {
      const min = inRange(change.minNodes ?? pool.size_min, "minNodes");
      const max = inRange(change.maxNodes ?? pool.size_max, "maxNodes");
      if (min > max) (fields.maxNodes ??= []).push("must be at least minNodes");
      const size = Math.min(max, Math.max(min, change.nodeCount ?? pool.size ?? pool.quantity ?? min));
      sizing = { autoscale: true, size, size_min: min, size_max: max };
    } else {
      const size = inRange(change.nodeCount ?? pool.size ?? pool.quantity, "nodeCount");
      sizing = { autoscale: false, size, size_min: size, size_max: size };
    }
    if (Object.keys(fields).length) throw invalid(`invalid node pool change: ${Object.entries(fields).map(([k, v]) => `${k} ${v.join(", ")}`).join("; ")}`, fields);
    await this.client.updateNodePool(clusterId, poolId, { ...pool, ...sizing });
    return { externalId: clusterId, scope: region.name, providerRequestId: poolId };
  }

  async deleteNodePool(scope: string, clusterId: string, poolId: string): Promise<OperationHandle> {
    const region = await this.region(scope);
    await this.client.deleteNodePool(clusterId, poolId);
    return { externalId: clusterId, scope: region.name, providerRequestId: poolId };
  }
}
