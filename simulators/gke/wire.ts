/**
 * GKE's wire format as the REST transport of @google-cloud/container reads it: proto3 JSON with
 * lowerCamelCase names, default values omitted, int64 as strings, and enums as names - or as numbers
 * when the request says `$alt=json;enum-encoding=int` (the SDK always does). Errors are
 * google.rpc.Status in Google's JSON envelope (docs/providers/gke.md §3).
 */
import type { SimResponse } from "@/simulators/kit/server";
import { CHANNELS } from "./catalog";
import type { ClusterRecord, GkeState, OperationRecord, PoolRecord } from "./state";

const ENUMS: Record<string, readonly string[]> = {
  clusterStatus: ["STATUS_UNSPECIFIED", "PROVISIONING", "RUNNING", "RECONCILING", "STOPPING", "ERROR", "DEGRADED"],
  poolStatus: ["STATUS_UNSPECIFIED", "PROVISIONING", "RUNNING", "RUNNING_WITH_ERROR", "RECONCILING", "STOPPING", "ERROR"],
  opStatus: ["STATUS_UNSPECIFIED", "PENDING", "RUNNING", "DONE", "ABORTING"],
  channel: CHANNELS,
  upgradeStrategy: ["NODE_POOL_UPDATE_STRATEGY_UNSPECIFIED", "BLUE_GREEN", "SURGE"],
};
const OP_TYPES: Record<string, number> = {
  TYPE_UNSPECIFIED: 0, CREATE_CLUSTER: 1, DELETE_CLUSTER: 2, UPGRADE_MASTER: 3, UPGRADE_NODES: 4, REPAIR_CLUSTER: 5, UPDATE_CLUSTER: 6,
  CREATE_NODE_POOL: 7, DELETE_NODE_POOL: 8, SET_NODE_POOL_MANAGEMENT: 9, AUTO_REPAIR_NODES: 10, SET_NODE_POOL_SIZE: 14, RESIZE_CLUSTER: 18,
};

export interface Wire {
  ints: boolean;
  /** "http://127.0.0.1:4106": where this simulator's Compute Engine surface is reached */
  origin: string;
}

function en(w: Wire, kind: keyof typeof ENUMS, name: string): string | number {
  return w.ints ? Math.max(0, ENUMS[kind].indexOf(name)) : name;
}

/** an enum in a request: its name or its number (numeric enums), or undefined when neither */
export function enumIn(kind: keyof typeof ENUMS, v: unknown): string | undefined {
  if (typeof v === "number") return ENUMS[kind][v];
  if (typeof v === "string" && ENUMS[kind].includes(v)) return v;
  return undefined;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** proto3 JSON leaves out default values */
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined || v === null || v === "" || v === 0 || v === false || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}

export function igmName(c: ClusterRecord, p: PoolRecord): string {
  return `gke-${c.name.slice(0, 14)}-${p.name.slice(0, 12)}-${p.igmSuffix}-grp`;
}

export function poolView(s: GkeState, w: Wire, c: ClusterRecord, p: PoolRecord) {
  const base = `projects/${s.config.project}/locations/${c.location}/clusters/${c.name}/nodePools/${p.name}`;
  return compact({
    name: p.name,
    config: compact({
      machineType: p.machineType,
      diskSizeGb: p.diskSizeGb,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      serviceAccount: "default",
      imageType: p.imageType,
      diskType: "pd-balanced",
      metadata: { "disable-legacy-endpoints": "true" },
      shieldedInstanceConfig: { enableIntegrityMonitoring: true },
    }),
    initialNodeCount: p.initialNodeCount,
    locations: p.locations,
    selfLink: `https://container.googleapis.com/v1/${base}`,
    version: p.version,
    instanceGroupUrls: p.locations.map((z) => `${w.origin}/compute/v1/projects/${s.config.project}/zones/${z}/instanceGroupManagers/${igmName(c, p)}`),
    status: en(w, "poolStatus", p.status),
    autoscaling: p.autoscaling?.enabled ? { enabled: true, minNodeCount: p.autoscaling.minNodeCount, maxNodeCount: p.autoscaling.maxNodeCount, locationPolicy: w.ints ? 1 : "BALANCED" } : {},
    management: { autoUpgrade: true, autoRepair: true },
    maxPodsConstraint: { maxPodsPerNode: "110" },
    podIpv4CidrSize: 24,
    upgradeSettings: { maxSurge: 1, strategy: en(w, "upgradeStrategy", "SURGE") },
    etag: p.etag,
  });
}

export function clusterView(s: GkeState, w: Wire, c: ClusterRecord) {
  const base = `projects/${s.config.project}/locations/${c.location}/clusters/${c.name}`;
  const nodeVersions = c.pools.map((p) => p.version).sort();
  const nodes = c.pools.reduce((n, p) => n + p.sizePerZone * p.locations.length, 0);
  const first = c.pools[0];
  return compact({
    name: c.name,
    nodeConfig: first ? poolView(s, w, c, first).config : undefined,
    masterAuth: { clientCertificateConfig: {}, clusterCaCertificate: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVMVENDQXBXZ0F3SUJBZ0lSQUxzaW11bGF0ZWQKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" },
    loggingService: "logging.googleapis.com/kubernetes",
    monitoringService: "monitoring.googleapis.com/kubernetes",
    network: "default",
    clusterIpv4Cidr: c.clusterIpv4Cidr,
    addonsConfig: { httpLoadBalancing: {}, horizontalPodAutoscaling: {}, networkPolicyConfig: { disabled: true }, gcePersistentDiskCsiDriverConfig: { enabled: true } },
    subnetwork: "default",
    nodePools: c.pools.map((p) => poolView(s, w, c, p)),
    locations: c.locations,
    resourceLabels: Object.keys(c.labels).length ? c.labels : undefined,
    labelFingerprint: "a9dc16a7",
    legacyAbac: {},
    networkPolicy: {},
    ipAllocationPolicy: { useIpAliases: true, clusterIpv4Cidr: c.clusterIpv4Cidr, servicesIpv4Cidr: c.servicesIpv4Cidr, clusterIpv4CidrBlock: c.clusterIpv4Cidr, servicesIpv4CidrBlock: c.servicesIpv4Cidr },
    masterAuthorizedNetworksConfig: {},
    maintenancePolicy: { resourceVersion: "e3b0c442" },
    networkConfig: { network: `projects/${s.config.project}/global/networks/default`, subnetwork: `projects/${s.config.project}/regions/${c.location.replace(/-[a-z]$/, "")}/subnetworks/default`, defaultSnatStatus: {} },
    releaseChannel: c.channel === "UNSPECIFIED" ? {} : { channel: en(w, "channel", c.channel) },
    selfLink: `https://container.googleapis.com/v1/${base}`,
    zone: c.location,
    endpoint: c.status === "PROVISIONING" ? "" : c.endpoint,
    initialClusterVersion: c.initialClusterVersion,
    currentMasterVersion: c.masterVersion,
    currentNodeVersion: nodeVersions[0],
    createTime: iso(c.createTime),
    status: en(w, "clusterStatus", c.status),
    statusMessage: c.statusMessage,
    servicesIpv4Cidr: c.servicesIpv4Cidr,
    instanceGroupUrls: c.pools.flatMap((p) => p.locations.map((z) => `${w.origin}/compute/v1/projects/${s.config.project}/zones/${z}/instanceGroupManagers/${igmName(c, p)}`)),
    currentNodeCount: nodes,
    location: c.location,
    conditions: c.conditions.length ? c.conditions.map((x) => ({ code: x.code, message: x.message })) : undefined,
    id: c.id,
    etag: c.etag,
  });
}

export function operationView(s: GkeState, w: Wire, o: OperationRecord) {
  const target = `projects/${s.config.projectNumber}/locations/${o.location}/clusters/${o.cluster}${o.pool ? `/nodePools/${o.pool}` : ""}`;
  return compact({
    name: o.id,
    zone: o.location,
    operationType: w.ints ? OP_TYPES[o.type] : o.type,
    status: en(w, "opStatus", o.status),
    statusMessage: o.error?.message,
    selfLink: `https://container.googleapis.com/v1/projects/${s.config.projectNumber}/locations/${o.location}/operations/${o.id}`,
    targetLink: `https://container.googleapis.com/v1/${target}`,
    location: o.location,
    startTime: iso(o.startTime),
    endTime: o.endTime ? iso(o.endTime) : undefined,
    error: o.error,
  });
}

// ------------------------------------------------------------------------------------------ errors

export const CODES = {
  INVALID_ARGUMENT: [400, 3],
  FAILED_PRECONDITION: [400, 9],
  OUT_OF_RANGE: [400, 11],
  UNAUTHENTICATED: [401, 16],
  PERMISSION_DENIED: [403, 7],
  NOT_FOUND: [404, 5],
  ALREADY_EXISTS: [409, 6],
  ABORTED: [409, 10],
  RESOURCE_EXHAUSTED: [429, 8],
  INTERNAL: [500, 13],
  UNAVAILABLE: [503, 14],
  DEADLINE_EXCEEDED: [504, 4],
} as const;
export type StatusName = keyof typeof CODES;

export function gError(status: StatusName, message: string, details: unknown[] = [], headers?: Record<string, string>): SimResponse {
  const [http] = CODES[status];
  return { status: http, headers, body: { error: { code: http, message, status, ...(details.length ? { details } : {}) } } };
}

export function badRequest(field: string, message: string): SimResponse {
  return gError("INVALID_ARGUMENT", message, [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field, description: message }] }]);
}

export const UNAUTHENTICATED_MISSING =
  "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";
export const UNAUTHENTICATED_INVALID =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export function unauthenticated(message: string): SimResponse {
  return gError("UNAUTHENTICATED", message, [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "CREDENTIALS_MISSING", domain: "googleapis.com", metadata: { service: "container.googleapis.com", method: "google.container.v1.ClusterManager" } }], {
    "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"',
  });
}

/** injected faults in Google's format (429 with RetryInfo, 5xx as INTERNAL / UNAVAILABLE) */
export function injectedError(status: number): unknown {
  if (status === 429) {
    return { error: { code: 429, message: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'container.googleapis.com'.", status: "RESOURCE_EXHAUSTED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com" }] } };
  }
  if (status === 500) return { error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } };
  if (status === 502) return { error: { code: 502, message: "Bad Gateway", status: "UNAVAILABLE" } };
  return { error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } };
}
