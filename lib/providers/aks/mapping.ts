import type { AgentPool, ManagedCluster, ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import { normalizeKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, NodePool, ProviderCluster } from "../types";

/** "/subscriptions/{s}/resourcegroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}" (any case) */
const ID_RE = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)$/i;

export function parseClusterId(id: string): { subscriptionId: string; resourceGroup: string; name: string } | null {
  const m = ID_RE.exec(id.trim());
  return m ? { subscriptionId: m[1], resourceGroup: decodeURIComponent(m[2]), name: decodeURIComponent(m[3]) } : null;
}

/** provisioningState (+ powerState) → the shared status (docs/providers/aks.md §4) */
export function statusOf(provisioningState: string | undefined, powerState: string | undefined): ClusterStatus {
  switch ((provisioningState ?? "").toLowerCase()) {
    case "creating":
      return "provisioning";
    case "upgrading":
      return "upgrading";
    case "updating":
    case "scaling":
    case "starting":
    case "stopping":
    case "migrating":
      return "updating";
    case "deleting":
      return "deleting";
    case "failed":
      return "failed";
    case "succeeded":
      return (powerState ?? "Running").toLowerCase() === "running" ? "running" : "unknown";
    default:
      return "unknown";
  }
}

type PoolLike = Pick<ManagedClusterAgentPoolProfile, "count" | "vmSize" | "orchestratorVersion" | "currentOrchestratorVersion" | "enableAutoScaling" | "minCount" | "maxCount" | "provisioningState"> & { name?: string };

export function toNodePool(p: PoolLike): NodePool {
  return {
    externalId: p.name ?? "",
    name: p.name ?? "",
    version: normalizeKubeVersion(p.currentOrchestratorVersion ?? p.orchestratorVersion),
    nodeCount: p.count ?? 0,
    minNodes: p.minCount ?? null,
    maxNodes: p.maxCount ?? null,
    autoscaling: p.enableAutoScaling === true,
    instanceType: p.vmSize ?? null,
    status: p.provisioningState ?? null,
  };
}

export const poolFromAgentPool = (p: AgentPool): NodePool => toNodePool(p);

export function toProviderCluster(c: ManagedCluster, subscriptionId: string, upgradeTargets?: string[]): ProviderCluster {
  const parsed = parseClusterId(c.id ?? "");
  const pools = (c.agentPoolProfiles ?? []).map(toNodePool);
  const power = c.powerState?.code;
  return {
    externalId: c.id ?? "",
    name: c.name ?? parsed?.name ?? "",
    scope: subscriptionId,
    scopeName: subscriptionId,
    region: c.location ?? null,
    version: normalizeKubeVersion(c.currentKubernetesVersion ?? c.kubernetesVersion),
    status: statusOf(c.provisioningState, power),
    providerStatus: c.provisioningState ?? "",
    nodeCount: pools.reduce((n, p) => n + p.nodeCount, 0),
    nodePools: pools,
    apiEndpoint: c.fqdn ? `https://${c.fqdn}:443` : c.privateFqdn ? `https://${c.privateFqdn}:443` : null,
    createdAt: c.systemData?.createdAt ? new Date(c.systemData.createdAt).toISOString() : null,
    updatedAt: c.systemData?.lastModifiedAt ? new Date(c.systemData.lastModifiedAt).toISOString() : null,
    ...(upgradeTargets ? { upgradeTargets } : {}),
    raw: {
      resourceGroup: parsed?.resourceGroup ?? null,
      powerState: power ?? null,
      requestedVersion: c.kubernetesVersion ?? null,
      tier: c.sku?.tier ?? null,
      supportPlan: c.supportPlan ?? null,
      nodeResourceGroup: c.nodeResourceGroup ?? null,
      networkPlugin: c.networkProfile?.networkPlugin ?? null,
      dnsPrefix: c.dnsPrefix ?? null,
    },
  };
}
