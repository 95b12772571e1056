import type { AgentPool, ManagedCluster } from "@azure/arm-containerservice";
import { compareKubeVersions, kubeMinor, normalizeKubeVersion, sameKubeVersion } from "@/lib/kube-version";
import { ProviderError, type ConnectionConfig, type KubernetesVersion, type NodePoolChange, type OperationHandle, type ProviderAdapter, type ProviderCluster, type Scope, type TestConnectionResult } from "../types";
import { AksClient } from "./client";
import { createInputSchema, nodePoolInputSchema, VM_SIZES } from "./create-schema";
import { supportEnd } from "./eol";
import { PROVIDER } from "./errors";
import { parseClusterId, toProviderCluster } from "./mapping";

/** Azure public regions offered in the wizard (docs/providers/aks.md §6); versions are read per location. */
export const LOCATIONS = ["eastus", "eastus2", "westus2", "westus3", "centralus", "westeurope", "northeurope", "uksouth", "swedencentral", "germanywestcentral", "southeastasia", "australiaeast", "japaneast", "canadacentral", "brazilsouth"];
/** location whose versions list stands for the subscription when no cluster context is given */
export const VERSIONS_LOCATION = "eastus";

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: PROVIDER, message, fields });
const notFound = (message: string) => new ProviderError({ kind: "not_found", provider: PROVIDER, status: null, message });

function zodFields(issues: { path: PropertyKey[]; message: string }[]) {
  const fields: Record<string, string[]> = {};
  for (const i of issues) (fields[i.path.map(String).join(".") || "input"] ??= []).push(i.message);
  return fields;
}

export function clusterResourceId(subscriptionId: string, resourceGroup: string, name: string) {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export class AksAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  private readonly client: AksClient;
  private inflightList?: Promise<ManagedCluster[]>;

  constructor(config: ConnectionConfig) {
    this.client = new AksClient(config);
  }

  private get sub() {
    return this.client.subscriptionId;
  }

  /** every managed cluster of the subscription (all pages); concurrent callers share one listing */
  private listAll(): Promise<ManagedCluster[]> {
    this.inflightList ??= this.client
      .call("listClusters", "GET", (sdk, abortSignal) => collect(sdk.managedClusters.list({ abortSignal })))
      .finally(() => (this.inflightList = undefined));
    return this.inflightList;
  }

  private map(c: ManagedCluster, upgradeTargets?: string[]): ProviderCluster {
    const mapped = toProviderCluster(c, this.sub, upgradeTargets);
    const id = parseClusterId(c.id ?? "");
    return id ? { ...mapped, externalId: clusterResourceId(this.sub, id.resourceGroup, id.name) } : mapped;
  }

  private target(scope: string, externalId: string) {
    const id = parseClusterId(externalId);
    if (!id || id.subscriptionId.toLowerCase() !== this.sub.toLowerCase() || (scope && scope.toLowerCase() !== this.sub.toLowerCase())) {
      throw notFound(`no managed cluster ${externalId} in subscription ${this.sub}`);
    }
    return id;
  }

  async testConnection(): Promise<TestConnectionResult> {
    const all = await this.listAll();
    const groups = new Set(all.map((c) => parseClusterId(c.id ?? "")?.resourceGroup.toLowerCase()).filter(Boolean));
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    return { ok: true, summary: `subscription ${this.sub}: ${plural(all.length, "cluster")} in ${plural(groups.size, "resource group")}`, scopes: 1, clusters: all.length };
  }

  /** The scope is the subscription; its resource groups and locations are shown with it. */
  async listScopes(): Promise<Scope[]> {
    const all = await this.listAll();
    const groups = [...new Set(all.map((c) => parseClusterId(c.id ?? "")?.resourceGroup).filter((g): g is string => !!g))].sort();
    const locations = [...new Set(all.map((c) => c.location).filter((l): l is string => !!l))].sort();
    return [{ externalId: this.sub, name: `Subscription ${this.sub}`, kind: "subscription", raw: { resourceGroups: groups, locations, clusters: all.length } }];
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    if (scope && scope.toLowerCase() !== this.sub.toLowerCase()) return [];
    return (await this.listAll()).map((c) => this.map(c));
  }

  /** the cluster and the upgrade paths AKS offers it (upgrade profile), read together */
  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const { resourceGroup, name } = this.target(scope, externalId);
    const [c, profile] = await Promise.all([
      this.client.call("getCluster", "GET", (sdk, abortSignal) => sdk.managedClusters.get(resourceGroup, name, { abortSignal })),
      this.client.call("getUpgradeProfile", "GET", (sdk, abortSignal) => sdk.managedClusters.getUpgradeProfile(resourceGroup, name, { abortSignal })).catch((e: unknown) => {
        // the profile is advisory; a cluster mid-operation may not offer one
        if (e instanceof ProviderError && (e.kind === "not_found" || e.kind === "conflict")) return undefined;
        throw e;
      }),
    ]);
    const targets = profile?.controlPlaneProfile?.upgrades?.map((u) => normalizeKubeVersion(u.kubernetesVersion)).filter((v): v is string => !!v);
    return this.map(c, targets);
  }

  private async versionsAt(location: string): Promise<KubernetesVersion[]> {
    const res = await this.client.call("listVersions", "GET", (sdk, abortSignal) => sdk.managedClusters.listKubernetesVersions(location, { abortSignal }));
    const out: KubernetesVersion[] = [];
    for (const m of res.values ?? []) {
      const minor = kubeMinor(m.version);
      if (!minor) continue;
      const patches = Object.keys(m.patchVersions ?? {}).map((p) => normalizeKubeVersion(p)).filter((p): p is string => !!p).sort(compareKubeVersions);
      const eol = supportEnd(minor, m.capabilities?.supportPlan);
      for (const [i, p] of patches.entries()) {
        out.push({ version: p, eol, active: m.isPreview !== true, ...(m.isDefault && i === patches.length - 1 ? { default: true } : {}) });
      }
    }
    return out.sort((a, b) => compareKubeVersions(a.version, b.version));
  }

  async listVersions(): Promise<KubernetesVersion[]> {
    return this.versionsAt(VERSIONS_LOCATION);
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    switch (source) {
      case "locations":
        return LOCATIONS.map((l) => ({ value: l, label: l }));
      case "resourceGroups": {
        const counts = new Map<string, number>();
        for (const c of await this.listAll()) {
          const rg = parseClusterId(c.id ?? "")?.resourceGroup;
          if (rg) counts.set(rg, (counts.get(rg) ?? 0) + 1);
        }
        return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([rg, n]) => ({ value: rg, label: `${rg} (${n} cluster${n === 1 ? "" : "s"})` }));
      }
      case "versions": {
        const location = typeof context.location === "string" && context.location ? context.location : VERSIONS_LOCATION;
        return (await this.versionsAt(location)).filter((v) => v.active).reverse().map((v) => ({ value: v.version, label: v.default ? `${v.version} (default)` : v.version }));
      }
      case "vmSizes":
        return VM_SIZES.map((v) => ({ value: v, label: v }));
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = createInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(`invalid cluster: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, zodFields(parsed.error.issues));
    const v = parsed.data;
    if (scope && scope.toLowerCase() !== this.sub.toLowerCase()) throw invalid(`the scope ${scope} is not this connection's subscription`, { scope: ["must be the subscription"] });
    const body: ManagedCluster = {
      location: v.location,
      sku: { name: "Base", tier: v.tier },
      identity: { type: "SystemAssigned" },
      kubernetesVersion: v.version,
      dnsPrefix: v.dnsPrefix ?? `${v.name}-dns`.replace(/_/g, "-").slice(0, 54),
      supportPlan: v.longTermSupport ? "AKSLongTermSupport" : "KubernetesOfficial",
      enableRbac: true,
      agentPoolProfiles: [{ name: v.systemPoolName, mode: "System", count: v.nodeCount, vmSize: v.vmSize, osType: "Linux" }],
    };
    const id = clusterResourceId(this.sub, v.resourceGroup, v.name);
    try {
      // If-None-Match: * — a PUT on an existing name would otherwise update that cluster (ARM PUT semantics)
      await this.client.call("createCluster", "PUT", (sdk, abortSignal) => sdk.managedClusters.beginCreateOrUpdate(v.resourceGroup, v.name, body, { abortSignal, ifNoneMatch: "*" }), false);
    } catch (e) {
      if (e instanceof ProviderError && (e.kind === "timeout" || (e.kind === "unavailable" && e.status === null))) {
        const found = await this.getCluster(this.sub, id).catch(() => undefined);
        if (found) return { externalId: id, scope: this.sub, cluster: found };
      }
      if (e instanceof ProviderError && e.status === 412) throw new ProviderError({ kind: "conflict", provider: PROVIDER, status: 412, message: `a managed cluster named ${v.name} already exists in resource group ${v.resourceGroup}` });
      throw e;
    }
    return { externalId: id, scope: this.sub };
  }

  /**
   * Get-modify-put of the managed cluster, as `az aks upgrade` does: the control plane to `version`
   * and every agent pool that runs the control plane's version with it; pools behind stay (skew rule).
   */
  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    const target = normalizeKubeVersion(version);
    if (!target) throw invalid(`"${version}" is not a Kubernetes version`, { version: ["not a Kubernetes version"] });
    const { resourceGroup, name } = this.target(scope, externalId);
    const c = await this.client.call("getCluster", "GET", (sdk, abortSignal) => sdk.managedClusters.get(resourceGroup, name, { abortSignal }));
    const current = c.currentKubernetesVersion ?? c.kubernetesVersion;
    const next: ManagedCluster = {
      ...c,
      kubernetesVersion: target,
      agentPoolProfiles: c.agentPoolProfiles?.map((p) => (sameKubeVersion(p.currentOrchestratorVersion ?? p.orchestratorVersion, current) ? { ...p, orchestratorVersion: target } : p)),
    };
    await this.client.call("upgradeCluster", "PUT", (sdk, abortSignal) => sdk.managedClusters.beginCreateOrUpdate(resourceGroup, name, next, { abortSignal, ...(c.eTag ? { ifMatch: c.eTag } : {}) }), false);
    return { externalId: clusterResourceId(this.sub, resourceGroup, name), scope: this.sub };
  }

  /** One DELETE: AKS removes the agent pools and the node resource group with the cluster. */
  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    const { resourceGroup, name } = this.target(scope, externalId);
    await this.client.call("deleteCluster", "DELETE", (sdk, abortSignal) => sdk.managedClusters.beginDelete(resourceGroup, name, { abortSignal }), false);
    return { externalId: clusterResourceId(this.sub, resourceGroup, name), scope: this.sub };
  }

  async createNodePool(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = nodePoolInputSchema.safeParse({ ...input, instanceType: input.instanceType ?? input.vmSize });
    if (!parsed.success) throw invalid("invalid node pool", zodFields(parsed.error.issues));
    const v = parsed.data;
    const { resourceGroup, name } = this.target(scope, clusterId);
    const pool: AgentPool = {
      count: v.nodeCount,
      vmSize: v.instanceType,
      mode: v.mode,
      osType: "Linux",
      enableAutoScaling: v.autoscaling,
      ...(v.autoscaling ? { minCount: v.minNodes, maxCount: v.maxNodes } : {}),
    };
    await this.client.call("createNodePool", "PUT", (sdk, abortSignal) => sdk.agentPools.beginCreateOrUpdate(resourceGroup, name, v.name, pool, { abortSignal, ifNoneMatch: "*" }), false);
    return { externalId: clusterResourceId(this.sub, resourceGroup, name), scope: this.sub, providerRequestId: v.name };
  }

  async updateNodePool(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle> {
    const { resourceGroup, name } = this.target(scope, clusterId);
    const pool = await this.client.call("getNodePool", "GET", (sdk, abortSignal) => sdk.agentPools.get(resourceGroup, name, poolId, { abortSignal }));
    if (change.name !== undefined && change.name !== pool.name) throw invalid("AKS cannot rename an agent pool", { name: ["not supported"] });
    if (change.instanceType !== undefined && change.instanceType !== pool.vmSize) throw invalid("AKS cannot change an agent pool's VM size; add a new pool instead", { instanceType: ["not supported"] });
    const autoscaling = change.autoscaling ?? pool.enableAutoScaling === true;
    const next: AgentPool = { ...pool, enableAutoScaling: autoscaling };
    if (change.nodeCount !== undefined) {
      if (!Number.isInteger(change.nodeCount) || change.nodeCount < 0 || change.nodeCount > 1000) throw invalid("node count must be between 0 and 1000", { nodeCount: ["out of range"] });
      next.count = change.nodeCount;
    }
    if (autoscaling) {
      next.minCount = change.minNodes ?? pool.minCount;
      next.maxCount = change.maxNodes ?? pool.maxCount;
      if (next.minCount == null || next.maxCount == null) throw invalid("autoscaling needs a minimum and a maximum node count", { minNodes: ["required"] });
    } else {
      next.minCount = undefined;
      next.maxCount = undefined;
    }
    await this.client.call("updateNodePool", "PUT", (sdk, abortSignal) => sdk.agentPools.beginCreateOrUpdate(resourceGroup, name, poolId, next, { abortSignal, ...(pool.eTag ? { ifMatch: pool.eTag } : {}) }), false);
    return { externalId: clusterResourceId(this.sub, resourceGroup, name), scope: this.sub, providerRequestId: poolId };
  }

  async deleteNodePool(scope: string, clusterId: string, poolId: string): Promise<OperationHandle> {
    const { resourceGroup, name } = this.target(scope, clusterId);
    await this.client.call("deleteNodePool", "DELETE", (sdk, abortSignal) => sdk.agentPools.beginDelete(resourceGroup, name, poolId, { abortSignal }), false);
    return { externalId: clusterResourceId(this.sub, resourceGroup, name), scope: this.sub, providerRequestId: poolId };
  }
}
