/** CloudFerro objects -> the normalized model. */
import { normalizeKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, KubernetesVersion, NodePool, ProviderCluster } from "../types";
import type { CfCluster, CfKubernetesVersion, CfNodePool, MachineSpec } from "./schemas";

/**
 * Cluster status mapping. `Configuring` only appears in the CLI's colour table; the simulator
 * shows it while a node-pool operation runs, which is a change of the cluster: "updating".
 */
export const STATUS_MAP: Record<string, ClusterStatus> = {
  Creating: "provisioning",
  Running: "running",
  Upgrading: "upgrading",
  Configuring: "updating",
  Deleting: "deleting",
  Error: "failed",
};

export function mapStatus(status: string): ClusterStatus {
  return STATUS_MAP[status] ?? "unknown";
}

export function mapVersion(v: CfKubernetesVersion): KubernetesVersion | null {
  const version = normalizeKubeVersion(v.version);
  return version ? { version, eol: v.eol ?? null, active: v.is_active } : null;
}

/** current node count of a pool: `quantity` when reported, else its configured size */
export function poolNodeCount(p: CfNodePool): number {
  return p.quantity ?? p.size ?? p.size_min ?? 0;
}

export function mapNodePool(p: CfNodePool, clusterVersion: string | null): NodePool {
  return {
    externalId: p.id,
    name: p.name,
    // pools follow the cluster's version; while they show Upgrading they lag it
    version: p.status === "Upgrading" ? null : clusterVersion,
    nodeCount: poolNodeCount(p),
    minNodes: p.autoscale ? (p.size_min ?? null) : null,
    maxNodes: p.autoscale ? (p.size_max ?? null) : null,
    autoscaling: p.autoscale,
    instanceType: p.machine_spec?.name ?? null,
    status: p.status,
  };
}

/** newest error message, by created_at (the Terraform provider shows exactly this one) */
export function latestError(c: CfCluster): string | null {
  const errs = [...(c.errors ?? [])].sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""));
  return errs[0]?.msg || null;
}

export function mapCluster(c: CfCluster, region: string, pools: CfNodePool[] | null): ProviderCluster {
  const version = normalizeKubeVersion(c.version?.version);
  const nodePools = (pools ?? []).map((p) => mapNodePool(p, version));
  const cp = c.control_plane?.custom;
  const raw: Record<string, unknown> = {
    controlPlane: cp ? { size: cp.size ?? null, machineSpec: cp.machine_spec?.name ?? null, name: cp.name ?? null } : null,
    openstackProjectId: c.metadata?.openstack_project_id ?? null,
    versionEol: c.version?.eol ?? null,
    lastError: latestError(c),
  };
  if (c.router_ip) raw.routerIp = c.router_ip;
  if (pools === null) raw.nodePools = "not visible to this token";
  return {
    externalId: c.id,
    name: c.name,
    scope: region,
    scopeName: region,
    region,
    version,
    status: mapStatus(c.status),
    providerStatus: c.status,
    nodeCount: nodePools.reduce((n, p) => n + p.nodeCount, 0),
    nodePools,
    // the API exposes the endpoint only inside the kubeconfig (admin credentials); we do not fetch it on reads
    apiEndpoint: null,
    createdAt: c.created_at ?? null,
    updatedAt: c.updated_at ?? null,
    raw,
  };
}

export function specLabel(s: MachineSpec): string {
  const mem = s.memory ? `${Math.round((s.memory / 1024) * 10) / 10} GiB RAM` : "";
  const disk = s.local_disk_size ? `${s.local_disk_size} GB disk` : "";
  const gpu = s.gpu && s.gpu !== "NONE" ? `GPU ${s.gpu}` : "";
  return `${s.name} — ${[s.cpu ? `${s.cpu} vCPU` : "", mem, disk, gpu].filter(Boolean).join(", ")}`;
}
