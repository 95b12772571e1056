/**
 * Rafay v3 objects -> the normalized model.
 *
 * Status mapping (commonStatus.conditionStatus is the operation tracker, ClusterReady the readiness):
 *
 * | conditionStatus        | other signals                                      | normalized   |
 * | ---------------------- | -------------------------------------------------- | ------------ |
 * | Submitted (1)          | reason / conditionType mentions deletion           | deleting     |
 * | Submitted (1)          | spec version differs from status.controPlane       | upgrading    |
 * | Submitted (1)          | ClusterReady True (re-apply: blueprint, settings)  | updating     |
 * | Submitted (1)          | otherwise (first bring-up)                         | provisioning |
 * | Failed (3)             | –                                                  | failed       |
 * | OK (2) / NotSet (0)    | ClusterReady True                                  | running      |
 * | OK (2)                 | ClusterRegisterSucceeded not True (imported, waiting for bootstrap) | provisioning |
 * | anything else          |                                                    | unknown      |
 */
import type { ClusterStatus, NodePool, ProviderCluster } from "../types";
import type { RafayCluster } from "./schemas";
import { normalizeKubeVersion } from "@/lib/kube-version";

export const CONDITION_STATUS_NAMES = ["StatusNotSet", "StatusSubmitted", "StatusOK", "StatusFailed"] as const;

/** 0..3 from either the number or the enum name; null if unrecognised */
export function parseConditionStatus(v: unknown): 0 | 1 | 2 | 3 | null {
  if (typeof v === "number") return v >= 0 && v <= 3 ? (v as 0 | 1 | 2 | 3) : null;
  if (typeof v === "string") {
    const i = CONDITION_STATUS_NAMES.findIndex((n) => n.toLowerCase() === v.toLowerCase());
    if (i >= 0) return i as 0 | 1 | 2 | 3;
    if (/^\d$/.test(v)) return parseConditionStatus(Number(v));
  }
  return null;
}

/** RFC 3339 string from any accepted `lastUpdated` form */
export function parseTimestamp(v: unknown): string | null {
  if (typeof v === "string") return Number.isNaN(Date.parse(v)) ? null : new Date(v).toISOString();
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o.seconds !== undefined) {
      const ms = Number(o.seconds) * 1000 + Math.floor(Number(o.nanos ?? 0) / 1e6);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
    }
    return parseTimestamp(o.value ?? o.values);
  }
  return null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);

export function clusterType(c: RafayCluster): string {
  return c.spec?.type ?? "unknown";
}

/** the version the spec asks for, as written on the wire */
export function specVersion(c: RafayCluster): string | null {
  const config = obj(c.spec?.config);
  switch (clusterType(c)) {
    case "mks":
      return str(config.kubernetesVersion);
    case "aks":
      return str(obj(obj(obj(config.spec).managedCluster).properties).kubernetesVersion);
    case "gke":
      return str(config.controlPlaneVersion);
    default:
      return null;
  }
}

export function conditionValue(c: RafayCluster, type: string): string | null {
  return c.status?.conditions?.find((x) => x.type === type)?.status ?? null;
}

export function mapStatus(c: RafayCluster): ClusterStatus {
  const common = c.status?.commonStatus;
  const cs = parseConditionStatus(common?.conditionStatus);
  const ready = conditionValue(c, "ClusterReady") === "True";
  if (cs === 1) {
    if (/delet/i.test(`${common?.reason ?? ""} ${common?.conditionType ?? ""}`)) return "deleting";
    const want = normalizeKubeVersion(specVersion(c));
    const have = normalizeKubeVersion(c.status?.controPlane?.kubeVersion);
    if (want && have && want !== have) return "upgrading";
    return ready ? "updating" : "provisioning";
  }
  if (cs === 3) return "failed";
  if (ready && (cs === 2 || cs === 0 || cs === null)) return "running";
  if (cs === 2 && conditionValue(c, "ClusterRegisterSucceeded") !== "True") return "provisioning";
  return "unknown";
}

export function providerStatus(c: RafayCluster): string {
  const cs = parseConditionStatus(c.status?.commonStatus?.conditionStatus);
  const name = cs === null ? String(c.status?.commonStatus?.conditionStatus ?? "StatusUnknown") : CONDITION_STATUS_NAMES[cs];
  return c.status?.provisionStatus ? `${name} (${c.status.provisionStatus})` : name;
}

export function nodePoolsOf(c: RafayCluster): NodePool[] {
  const config = obj(c.spec?.config);
  if (clusterType(c) === "aks") {
    const statusPools = c.status?.aks?.nodepools ?? [];
    return arr(obj(config.spec).nodePools).map((p) => {
      const props = obj(p.properties);
      const name = str(p.name) ?? "pool";
      const st = statusPools.find((s) => s.name === name);
      return {
        externalId: st?.id ?? name,
        name,
        version: normalizeKubeVersion(st?.kubeVersion ?? str(props.orchestratorVersion)),
        nodeCount: num(props.count) ?? 0,
        minNodes: num(props.minCount),
        maxNodes: num(props.maxCount),
        autoscaling: props.enableAutoScaling === true,
        instanceType: str(props.vmSize),
        status: st?.provisionStatus ?? null,
      };
    });
  }
  if (clusterType(c) === "gke") {
    return arr(config.nodePools).map((p) => {
      const auto = obj(p.autoScaling ?? p.autoscaling);
      const name = str(p.name) ?? "pool";
      return {
        externalId: name,
        name,
        version: normalizeKubeVersion(str(p.nodeVersion)),
        nodeCount: num(p.nodeCount ?? p.initialNodeCount) ?? 0,
        minNodes: num(auto.minCount ?? auto.minNodeCount),
        maxNodes: num(auto.maxCount ?? auto.maxNodeCount),
        autoscaling: auto.enabled === true || auto.enableNodeAutoscaling === true,
        instanceType: str(obj(p.machineConfig).machineType ?? p.machineType),
        status: null,
      };
    });
  }
  return [];
}

function nodeCountOf(c: RafayCluster, pools: NodePool[]): number {
  if (clusterType(c) === "mks") return arr(obj(c.spec?.config).nodes).length;
  return pools.reduce((n, p) => n + p.nodeCount, 0);
}

function regionOf(c: RafayCluster): string | null {
  const config = obj(c.spec?.config);
  if (clusterType(c) === "aks") return str(obj(obj(config.spec).managedCluster).location);
  return str(config.location) ?? str(config.region);
}

function endpointOf(c: RafayCluster): string | null {
  const ep = c.status?.controPlane?.endpoint;
  if (!ep?.host) return null;
  return `https://${ep.host}${ep.port ? `:${ep.port}` : ""}`;
}

/** labels Rafay sets itself (prefix rafay.dev/); TF strips them too */
export function userLabels(labels: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !k.startsWith("rafay.dev/")));
}

export function toProviderCluster(c: RafayCluster, project: string): ProviderCluster {
  const pools = nodePoolsOf(c);
  const common = c.status?.commonStatus;
  const lastError = c.status?.lastTasksets?.[0]?.errorSummary ?? null;
  const conditions = Object.fromEntries((c.status?.conditions ?? []).map((x) => [x.type, x.status ?? "Unknown"]));
  return {
    externalId: c.metadata.name,
    name: c.metadata.name,
    scope: c.metadata.project ?? project,
    scopeName: c.metadata.project ?? project,
    region: regionOf(c),
    version: normalizeKubeVersion(c.status?.controPlane?.kubeVersion) ?? normalizeKubeVersion(specVersion(c)),
    status: mapStatus(c),
    providerStatus: providerStatus(c),
    nodeCount: nodeCountOf(c, pools),
    nodePools: pools,
    apiEndpoint: endpointOf(c),
    createdAt: c.status?.createdAt ?? c.metadata.createdAt ?? null,
    updatedAt: c.metadata.modifiedAt ?? parseTimestamp(common?.lastUpdated),
    raw: {
      type: clusterType(c),
      v1Id: c.status?.id ?? null,
      blueprint: c.status?.blueprint ?? c.spec?.blueprint ?? c.spec?.blueprintConfig ?? null,
      desiredVersion: normalizeKubeVersion(specVersion(c)),
      reason: common?.reason ?? null,
      conditionType: common?.conditionType ?? null,
      lastUpdated: parseTimestamp(common?.lastUpdated),
      conditions,
      lastError,
      labels: userLabels(c.metadata.labels),
    },
  };
}
