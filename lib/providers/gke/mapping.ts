import { normalizeKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, NodePool, ProviderCluster } from "../types";
import { isZone, regionOf } from "./catalog";
import type { GkeCluster, GkeNodePool } from "./client";

/**
 * Cluster.Status → normalized status (docs/providers/gke.md §4). RECONCILING covers
 * upgrades, resizes and node-pool changes alike, with nothing in the cluster telling them apart:
 * "updating".
 */
export const CLUSTER_STATUS_MAP: Readonly<Record<string, ClusterStatus>> = {
  STATUS_UNSPECIFIED: "unknown",
  PROVISIONING: "provisioning",
  RUNNING: "running",
  RECONCILING: "updating",
  STOPPING: "deleting",
  ERROR: "failed",
  DEGRADED: "failed",
};

const CLUSTER_ENUM = ["STATUS_UNSPECIFIED", "PROVISIONING", "RUNNING", "RECONCILING", "STOPPING", "ERROR", "DEGRADED"];
const POOL_ENUM = ["STATUS_UNSPECIFIED", "PROVISIONING", "RUNNING", "RUNNING_WITH_ERROR", "RECONCILING", "STOPPING", "ERROR"];
const CHANNEL_ENUM = ["UNSPECIFIED", "RAPID", "REGULAR", "STABLE", "EXTENDED"];

/** the SDK decodes enums to names; a number (an enum newer than the SDK) is kept readable */
function enumName(v: unknown, names: string[]): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return names[v] ?? String(v);
  return names[0];
}

export const clusterStatusName = (v: unknown) => enumName(v, CLUSTER_ENUM);
export const poolStatusName = (v: unknown) => enumName(v, POOL_ENUM);
export const channelName = (v: unknown) => enumName(v, CHANNEL_ENUM);

/** "projects/p/locations/l/operations/operation-1" → "operation-1" */
export function operationId(name: string | null | undefined): string | null {
  if (!name) return null;
  return name.split("/").pop() || null;
}

/** The dashboard's id of a GKE cluster: names are unique per location, so "location/name". */
export function externalIdOf(location: string, name: string): string {
  return `${location}/${name}`;
}

export function splitExternalId(externalId: string, scope?: string): { location: string; name: string } | null {
  const i = externalId.lastIndexOf("/");
  if (i > 0) return { location: externalId.slice(0, i), name: externalId.slice(i + 1) };
  return scope && externalId ? { location: scope, name: externalId } : null;
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v === "" ? undefined : v);

/** nodes in a pool: the instance groups' sizes when read, else initialNodeCount per zone (docs/providers/gke.md §8) */
export function toNodePool(p: GkeNodePool, clusterZones: number, sizes?: Map<string, number>): NodePool {
  const zones = p.locations?.length || clusterZones || 1;
  const known = sizes?.get(p.name ?? "");
  const auto = p.autoscaling?.enabled ?? false;
  return {
    externalId: p.name ?? "",
    name: p.name ?? "",
    version: normalizeKubeVersion(p.version),
    nodeCount: known ?? (p.initialNodeCount ?? 0) * zones,
    minNodes: auto ? p.autoscaling?.totalMinNodeCount || (p.autoscaling?.minNodeCount ?? 0) * zones : null,
    maxNodes: auto ? p.autoscaling?.totalMaxNodeCount || (p.autoscaling?.maxNodeCount ?? 0) * zones : null,
    autoscaling: auto,
    instanceType: blank(p.config?.machineType) ?? null,
    status: poolStatusName(p.status),
  };
}

export function toProviderCluster(c: GkeCluster, opts: { upgradeTargets?: string[]; poolSizes?: Map<string, number> } = {}): ProviderCluster {
  const location = c.location || c.zone || "";
  const status = clusterStatusName(c.status);
  const zones = c.locations?.length || 1;
  const pools = (c.nodePools ?? []).map((p) => toNodePool(p, zones, opts.poolSizes));
  const single = pools.length === 1 && !opts.poolSizes?.size;
  // one pool: the cluster's own current node count is that pool's size
  if (single && typeof c.currentNodeCount === "number") pools[0].nodeCount = c.currentNodeCount;
  const version = normalizeKubeVersion(c.currentMasterVersion);
  const normalized = CLUSTER_STATUS_MAP[status] ?? "unknown";
  const endpoint = blank(c.endpoint);
  return {
    externalId: externalIdOf(location, c.name ?? ""),
    name: c.name ?? "",
    scope: location,
    scopeName: location || null,
    region: location ? regionOf(location) : null,
    version,
    status: normalized,
    providerStatus: status,
    nodeCount: typeof c.currentNodeCount === "number" ? c.currentNodeCount : pools.reduce((n, p) => n + p.nodeCount, 0),
    nodePools: pools,
    apiEndpoint: endpoint ? `https://${endpoint}` : null,
    createdAt: blank(c.createTime) ?? null,
    updatedAt: null,
    upgradeTargets: opts.upgradeTargets ?? [],
    raw: {
      id: c.id ?? null,
      // the project, from the cluster's selfLink (…/projects/<project>/locations|zones/…): for the console link
      project: /\/projects\/([^/]+)\//.exec(c.selfLink ?? "")?.[1] ?? null,
      location,
      locationType: location && isZone(location) ? "zonal" : "regional",
      releaseChannel: channelName(c.releaseChannel?.channel),
      currentNodeVersion: c.currentNodeVersion ?? null,
      gkeVersion: c.currentMasterVersion ?? null,
      statusMessage: blank(c.statusMessage) ?? null,
      autopilot: c.autopilot?.enabled ?? false,
      network: blank(c.network) ?? null,
      subnetwork: blank(c.subnetwork) ?? null,
      nodeLocations: c.locations ?? [],
      labels: c.resourceLabels ?? {},
    },
  };
}
