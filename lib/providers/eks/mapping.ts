/** EKS objects (as the SDK returns them) → the shared model (docs/providers/eks.md §5). */
import type { Cluster, ClusterVersionInformation, Nodegroup } from "@aws-sdk/client-eks";
import { normalizeKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, KubernetesVersion, NodePool, ProviderCluster } from "../types";
import { isoDay } from "@/lib/dates";

const STATUS: Record<string, ClusterStatus> = { CREATING: "provisioning", PENDING: "provisioning", ACTIVE: "running", UPDATING: "updating", DELETING: "deleting", FAILED: "failed" };

export function toNodePool(n: Nodegroup): NodePool {
  const s = n.scalingConfig ?? {};
  return {
    externalId: n.nodegroupName ?? "",
    name: n.nodegroupName ?? "",
    version: normalizeKubeVersion(n.version),
    nodeCount: s.desiredSize ?? 0,
    minNodes: s.minSize ?? null,
    maxNodes: s.maxSize ?? null,
    autoscaling: s.minSize !== undefined && s.maxSize !== undefined && s.minSize !== s.maxSize,
    instanceType: n.instanceTypes?.[0] ?? null,
    status: n.status ?? null,
  };
}

export function toProviderCluster(c: Cluster, region: string, nodegroups: Nodegroup[]): ProviderCluster {
  const pools = nodegroups.map(toNodePool);
  const vpc = c.resourcesVpcConfig ?? {};
  return {
    externalId: c.name ?? "",
    name: c.name ?? "",
    scope: region,
    scopeName: region,
    region,
    version: normalizeKubeVersion(c.version),
    status: STATUS[c.status ?? ""] ?? "unknown",
    providerStatus: c.status ?? "",
    nodeCount: pools.reduce((n, p) => n + p.nodeCount, 0),
    nodePools: pools,
    apiEndpoint: c.endpoint ?? null,
    createdAt: c.createdAt ? c.createdAt.toISOString() : null,
    updatedAt: null,
    raw: {
      arn: c.arn ?? null,
      platformVersion: c.platformVersion ?? null,
      supportType: c.upgradePolicy?.supportType ?? null,
      vpcId: vpc.vpcId ?? null,
      subnetIds: vpc.subnetIds ?? [],
      endpointPublicAccess: vpc.endpointPublicAccess ?? null,
      endpointPrivateAccess: vpc.endpointPrivateAccess ?? null,
      roleArn: c.roleArn ?? null,
      healthIssues: (c.health?.issues ?? []).map((i) => `${i.code ?? "issue"}: ${i.message ?? ""}`),
    },
  };
}


/**
 * One catalogue entry per minor. `eol` is the end of extended support (the last day EKS runs the
 * version at all); standard support ends 12 months earlier (docs/providers/eks.md §7).
 */
export function toVersion(v: ClusterVersionInformation): KubernetesVersion | null {
  const version = normalizeKubeVersion(v.clusterVersion);
  if (!version) return null;
  return { version, eol: isoDay(v.endOfExtendedSupportDate), active: (v.versionStatus ?? "").toUpperCase() !== "UNSUPPORTED" && v.status !== "unsupported", ...(v.defaultVersion ? { default: true } : {}) };
}

/** the day standard support ends, derived from the end of extended support (EKS: 14 months standard, then 12 months extended) */
export function endOfStandardSupport(eol: string | null | undefined): Date | null {
  if (!eol) return null;
  const d = new Date(`${eol.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}
