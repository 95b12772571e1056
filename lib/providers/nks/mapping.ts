import { normalizeKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, NodePool, ProviderCluster } from "../types";
import type { ErrorExtractor } from "../http";
import type { NksCluster, NksNodePool } from "./schemas";

/**
 * NKS cluster `state` → normalized status. Only draft/running/failed are documented; the others are
 * the vocabulary of nodes and pools, which the service is assumed to share. `is_failed` wins.
 */
export const STATUS_MAP: Record<string, ClusterStatus> = {
  draft: "provisioning",
  building: "provisioning",
  provisioned: "provisioning",
  running: "running",
  upgrading: "upgrading",
  deleting: "deleting",
  deleted: "deleting",
  failed: "failed",
};

export function mapStatus(state: string, isFailed?: boolean | null): ClusterStatus {
  if (isFailed) return "failed";
  return STATUS_MAP[state] ?? "unknown";
}

export function wireVersion(v: string): string {
  return v.startsWith("v") ? v : `v${v}`;
}

export function mapNodePool(p: NksNodePool): NodePool {
  const autoscaling = p.autoscaled === true;
  return {
    externalId: String(p.pk),
    name: p.name,
    version: null,
    nodeCount: p.node_count,
    autoscaling,
    minNodes: autoscaling ? p.min_count ?? null : null,
    maxNodes: autoscaling ? p.max_count ?? null : null,
    instanceType: p.instance_size ?? null,
    status: p.state,
  };
}

export function mapCluster(c: NksCluster, scope: string, pools: NksNodePool[] = [], scopeName?: string | null): ProviderCluster {
  const targets = (c.version_migrations ?? []).map(normalizeKubeVersion).filter((v): v is string => v !== null);
  return {
    externalId: String(c.pk),
    name: c.name,
    scope,
    scopeName: scopeName ?? null,
    region: c.region || null,
    version: normalizeKubeVersion(c.k8s_version),
    status: mapStatus(c.state, c.is_failed),
    providerStatus: c.state,
    nodeCount: c.node_count ?? 0,
    nodePools: pools.map(mapNodePool),
    // NKS has no API-server URL field; it only exists inside the kubeconfig
    apiEndpoint: null,
    createdAt: c.created ?? null,
    updatedAt: c.updated ?? null,
    upgradeTargets: targets,
    raw: {
      instanceId: c.instance_id ?? null,
      cloudProvider: c.provider ?? null,
      zone: c.zone || null,
      workspace: c.workspace?.name ?? null,
      platform: c.platform ?? null,
      channel: c.channel ?? null,
      etcdType: c.etcd_type ?? null,
      isFailed: c.is_failed ?? false,
      masterCount: c.master_count ?? null,
      workerCount: c.worker_count ?? null,
      kubeconfigAvailable: c.is_kubeconfig_available ?? null,
      solutions: (c.solutions ?? []).map((s) => `${s.solution}:${s.state}`),
      k8sVersionRaw: c.k8s_version ?? null,
    },
  };
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

/** DRF bodies: `{"detail": "..."}`, or a field map `{"name": ["..."], "non_field_errors": [...]}` */
export const extractNksError: ErrorExtractor = (body) => {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.detail === "string") return { message: b.detail };
  const fields: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(b)) {
    const msgs = strings(v);
    if (msgs.length) fields[k] = msgs;
  }
  if (!Object.keys(fields).length) return undefined;
  const message = Object.entries(fields)
    .map(([k, v]) => (k === "non_field_errors" ? v.join(" ") : `${k}: ${v.join(" ")}`))
    .join("; ");
  return { message, fields };
};
