import { compareKubeVersions, kubeMinor, normalizeKubeVersion } from "@/lib/kube-version";
import {
  ProviderError,
  type ConnectionConfig,
  type KubernetesVersion,
  type NodePoolChange,
  type OperationHandle,
  type ProviderAdapter,
  type ProviderCluster,
  type Scope,
  type TestConnectionResult,
} from "../types";
import { GKE_LOCATIONS, GKE_MACHINE_TYPES, GKE_SUPPORT, regionOf } from "./catalog";
import { GkeClient, PROVIDER, type GkeCluster, type GkeOperation, type GkeServerConfig } from "./client";
import { createInputSchema, nodePoolInputSchema, type GkeCreateInput, type GkeNodePoolInput } from "./create-schema";
import { channelName, clusterStatusName, externalIdOf, splitExternalId, toProviderCluster } from "./mapping";

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: PROVIDER, message, fields });

function zodFields(issues: { path: PropertyKey[]; message: string }[], prefix = "") {
  const fields: Record<string, string[]> = {};
  for (const i of issues) (fields[prefix + (i.path.map(String).join(".") || "input")] ??= []).push(i.message);
  return fields;
}

/** Wizard node-pool values → a NodePool of the API (sizes are per zone, as GKE counts them). */
export function toNodePoolRequest(p: GkeNodePoolInput, version?: string) {
  return {
    name: p.name,
    initialNodeCount: p.nodeCount,
    config: { machineType: p.machineType, ...(p.diskSizeGb ? { diskSizeGb: p.diskSizeGb } : {}) },
    ...(version ? { version } : {}),
  };
}

/** Wizard values → the Cluster of a CreateClusterRequest. Only set fields are sent. */
export function toCreateRequest(v: GkeCreateInput): GkeCluster {
  return {
    name: v.name,
    releaseChannel: { channel: v.releaseChannel },
    ...(v.version ? { initialClusterVersion: v.version } : {}),
    nodePools: v.nodePools.map((p) => toNodePoolRequest(p)),
  };
}

/** The versions a cluster may move to in its location: its channel's, or the valid control-plane versions without one. */
export function channelVersions(cfg: GkeServerConfig, channel: string): string[] {
  if (channel && channel !== "UNSPECIFIED") return cfg.channels?.find((c) => channelName(c.channel) === channel)?.validVersions ?? [];
  return cfg.validMasterVersions ?? [];
}

export class GkeAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  readonly client: GkeClient;
  private readonly defaultScope: string | null;
  private readonly serverConfigs = new Map<string, Promise<GkeServerConfig>>();

  constructor(config: ConnectionConfig) {
    this.client = new GkeClient({ baseUrl: config.baseUrl, credentials: config.credentials, http: config.http });
    this.defaultScope = config.defaultScope?.trim() || null;
  }

  private serverConfig(location: string): Promise<GkeServerConfig> {
    let p = this.serverConfigs.get(location);
    if (!p) {
      p = this.client.getServerConfig(location);
      p.catch(() => this.serverConfigs.delete(location));
      this.serverConfigs.set(location, p);
    }
    return p;
  }

  /** the versions a cluster's channel offers (upgradeTargets); empty when the server config cannot be read */
  private async targetsOf(c: GkeCluster): Promise<string[]> {
    const location = c.location || c.zone || "";
    if (!location) return [];
    try {
      const cfg = await this.serverConfig(location);
      const set = new Set(channelVersions(cfg, channelName(c.releaseChannel?.channel)).map((v) => normalizeKubeVersion(v)).filter((v): v is string => !!v));
      return [...set].sort(compareKubeVersions);
    } catch {
      return [];
    }
  }

  private async map(c: GkeCluster): Promise<ProviderCluster> {
    return toProviderCluster(c, { upgradeTargets: await this.targetsOf(c) });
  }

  /** every cluster of the project; zones that did not answer make the whole list unreliable */
  private async all(location = "-"): Promise<GkeCluster[]> {
    const { clusters, missingZones } = await this.client.listClusters(location);
    if (missingZones.length) {
      throw new ProviderError({ kind: "unavailable", provider: PROVIDER, message: `GKE could not list the clusters of ${missingZones.join(", ")}; try again later` });
    }
    return clusters;
  }

  async testConnection(): Promise<TestConnectionResult> {
    const clusters = await this.all();
    const scopes = await this.listScopesFrom(clusters);
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    const used = new Set(clusters.map((c) => c.location || c.zone)).size;
    return { ok: true, summary: `project ${this.client.project}: ${plural(clusters.length, "cluster")} in ${plural(used, "location")}`, scopes: scopes.length, clusters: clusters.length };
  }

  private async listScopesFrom(clusters: GkeCluster[]): Promise<Scope[]> {
    const counts = new Map<string, number>();
    for (const c of clusters) {
      const l = c.location || c.zone;
      if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    // the common locations (where a new cluster can go) and the connection's default one
    for (const l of [...GKE_LOCATIONS.map((x) => x.id), ...(this.defaultScope ? [this.defaultScope] : [])]) if (!counts.has(l)) counts.set(l, 0);
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([location, n]) => ({ externalId: location, name: location, kind: "location", raw: { project: this.client.project, region: regionOf(location), clusters: n } }));
  }

  /**
   * GKE's API has no list of locations: the scopes are the locations the project's clusters are in,
   * plus the common regions and zones (docs/providers/gke.md §5) so that a new one can be chosen.
   */
  async listScopes(): Promise<Scope[]> {
    return this.listScopesFrom(await this.all());
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const clusters = await this.all(scope || "-");
    return Promise.all(clusters.map((c) => this.map(c)));
  }

  private locate(scope: string, externalId: string): { location: string; name: string } {
    const id = splitExternalId(externalId, scope);
    if (!id || !/^[a-z][-a-z0-9]*$/.test(id.name) || !/^[a-z]+-[a-z]+\d+(-[a-z])?$/.test(id.location)) {
      throw new ProviderError({ kind: "not_found", provider: PROVIDER, message: `no GKE cluster "${externalId}"` });
    }
    return id;
  }

  /** nodes per pool from its instance groups; pools whose groups cannot be read are left out (estimated) */
  private async poolSizes(c: GkeCluster): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    await Promise.all(
      (c.nodePools ?? []).map(async (p) => {
        const urls = p.instanceGroupUrls ?? [];
        if (!p.name || !urls.length) return;
        try {
          const each = await Promise.all(urls.map((u) => this.client.instanceGroupSize(u)));
          if (each.every((n): n is number => typeof n === "number")) sizes.set(p.name, each.reduce((a, b) => a + b, 0));
        } catch {
          // the pool's size stays an estimate; the cluster itself was read
        }
      }),
    );
    return sizes;
  }

  /** one cluster, with every pool's current size read from its instance groups */
  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const { location, name } = this.locate(scope, externalId);
    const c = await this.client.getCluster(location, name);
    const [upgradeTargets, poolSizes] = await Promise.all([this.targetsOf(c), this.poolSizes(c)]);
    return toProviderCluster(c, { upgradeTargets, poolSizes });
  }

  async listVersions(scope?: string): Promise<KubernetesVersion[]> {
    const location = scope || this.defaultScope || "us-central1";
    const cfg = await this.serverConfig(location);
    const control = new Set<string>();
    for (const v of cfg.validMasterVersions ?? []) control.add(v);
    for (const ch of cfg.channels ?? []) for (const v of ch.validVersions ?? []) control.add(v);
    const all = new Set<string>([...control, ...(cfg.validNodeVersions ?? [])]);
    const byVersion = new Map<string, KubernetesVersion>();
    const def = normalizeKubeVersion(cfg.defaultClusterVersion);
    for (const raw of [...all].sort(compareKubeVersions)) {
      const version = normalizeKubeVersion(raw);
      if (!version) continue;
      const prev = byVersion.get(version);
      const active = control.has(raw) || !!prev?.active;
      byVersion.set(version, { version, eol: GKE_SUPPORT[kubeMinor(version)!]?.standardEnd ?? null, active, ...(version === def ? { default: true } : {}) });
    }
    return [...byVersion.values()];
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    switch (source) {
      case "locations":
        return GKE_LOCATIONS.map((l) => ({ value: l.id, label: `${l.id} — ${l.label}` }));
      case "machineTypes":
        return GKE_MACHINE_TYPES.map((m) => ({ value: m.id, label: m.label }));
      case "versions": {
        const location = typeof context.location === "string" && context.location ? context.location : typeof context.scope === "string" ? context.scope : "";
        if (!location) return [];
        const channel = typeof context.releaseChannel === "string" && context.releaseChannel ? context.releaseChannel : "REGULAR";
        const cfg = await this.serverConfig(location);
        const def = channel !== "UNSPECIFIED" ? cfg.channels?.find((c) => channelName(c.channel) === channel)?.defaultVersion : cfg.defaultClusterVersion;
        return [...channelVersions(cfg, channel)].sort((a, b) => compareKubeVersions(b, a)).map((v) => ({ value: v, label: v === def ? `${v} (default)` : v }));
      }
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  /** a finished operation that carries an error: the request was refused after all */
  private checked(op: GkeOperation): GkeOperation {
    const status = typeof op.status === "string" ? op.status : "";
    if (status === "DONE" && op.error?.message) {
      throw new ProviderError({ kind: op.error.code === 3 ? "invalid" : op.error.code === 9 ? "conflict" : "unavailable", provider: PROVIDER, message: op.error.message });
    }
    return op;
  }

  private handle(location: string, name: string, op: GkeOperation): OperationHandle {
    return { externalId: externalIdOf(location, name), scope: location, providerRequestId: op.name ?? null };
  }

  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = createInputSchema.safeParse(input);
    if (!parsed.success) {
      throw invalid(`invalid cluster: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, zodFields(parsed.error.issues));
    }
    const location = scope || parsed.data.location;
    if (parsed.data.location !== location) throw invalid(`the cluster's location ${parsed.data.location} differs from the chosen scope ${location}`, { location: ["must match the scope"] });
    const body = toCreateRequest(parsed.data);
    try {
      return this.handle(location, body.name!, this.checked(await this.client.createCluster(location, body)));
    } catch (e) {
      // a create that timed out may still have happened: names are unique per location, so look for it
      if (e instanceof ProviderError && (e.kind === "timeout" || (e.kind === "unavailable" && e.status === null))) {
        const found = await this.client.getCluster(location, body.name!).catch(() => undefined);
        if (found && clusterStatusName(found.status) === "PROVISIONING") return { externalId: externalIdOf(location, body.name!), scope: location };
      }
      throw e;
    }
  }

  /** the control plane to `version` through updateMaster; GKE picks the newest build of a "1.x.y" */
  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, externalId);
    if (!/^\d+\.\d+(\.\d+(-gke\.\d+)?)?$/.test(version.trim().replace(/^v/, ""))) throw invalid(`"${version}" is not a GKE version`, { version: ["not a Kubernetes version"] });
    return this.handle(location, name, this.checked(await this.client.updateMaster(location, name, version.trim().replace(/^v/, ""))));
  }

  /** GKE deletes a cluster with its node pools in one operation (docs/providers/gke.md §8). */
  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, externalId);
    return this.handle(location, name, this.checked(await this.client.deleteCluster(location, name)));
  }

  async createNodePool(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, clusterId);
    const parsed = nodePoolInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(`invalid node pool: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, zodFields(parsed.error.issues));
    return this.handle(location, name, this.checked(await this.client.createNodePool(location, name, toNodePoolRequest(parsed.data))));
  }

  /**
   * Scaling: `nodeCount` is the pool's total; GKE sizes pools per zone, so a pool in three zones
   * grows in steps of three. Autoscaling limits go through setAutoscaling (also per zone).
   */
  async updateNodePool(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, clusterId);
    const cluster = await this.client.getCluster(location, name);
    const pool = cluster.nodePools?.find((p) => p.name === poolId);
    if (!pool) throw new ProviderError({ kind: "not_found", provider: PROVIDER, message: `cluster ${name} has no node pool ${poolId}` });
    const zones = pool.locations?.length || cluster.locations?.length || 1;
    const perZone = (n: number, field: string) => {
      if (n % zones !== 0) throw invalid(`node pool ${poolId} spans ${zones} zones, so its size changes in steps of ${zones} nodes`, { [field]: [`a multiple of ${zones}`] });
      return n / zones;
    };
    let op: GkeOperation | undefined;
    if (change.autoscaling !== undefined || change.minNodes != null || change.maxNodes != null) {
      const enabled = change.autoscaling ?? pool.autoscaling?.enabled ?? false;
      op = await this.client.setNodePoolAutoscaling(location, name, poolId, {
        enabled,
        ...(enabled
          ? {
              minNodeCount: perZone(change.minNodes ?? (pool.autoscaling?.minNodeCount ?? 0) * zones, "minNodes"),
              maxNodeCount: perZone(change.maxNodes ?? (pool.autoscaling?.maxNodeCount || Math.max(pool.initialNodeCount ?? 1, 1)) * zones, "maxNodes"),
            }
          : {}),
      });
      this.checked(op);
    }
    if (change.nodeCount !== undefined) op = this.checked(await this.client.setNodePoolSize(location, name, poolId, perZone(change.nodeCount, "nodeCount")));
    if (!op) throw invalid("say what to change: nodeCount, minNodes, maxNodes or autoscaling");
    return this.handle(location, name, op);
  }

  /** Node upgrade (GKE's updateNodePool with a node version): at most the control plane's version. */
  async upgradeNodePool(scope: string, clusterId: string, poolId: string, version: string): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, clusterId);
    return this.handle(location, name, this.checked(await this.client.updateNodePoolVersion(location, name, poolId, version)));
  }

  async deleteNodePool(scope: string, clusterId: string, poolId: string): Promise<OperationHandle> {
    const { location, name } = this.locate(scope, clusterId);
    return this.handle(location, name, this.checked(await this.client.deleteNodePool(location, name, poolId)));
  }

  /** one long-running operation (`providerRequestId` of a handle) */
  async operation(scope: string, operationName: string): Promise<GkeOperation> {
    const id = operationName.split("/").pop() ?? operationName;
    const location = /\/locations\/([^/]+)\//.exec(operationName)?.[1] ?? scope;
    return this.client.getOperation(location, id);
  }
}
