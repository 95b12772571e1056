/**
 * Every [assume] choice of the CloudFerro simulator, in one place (docs/providers/cloudferro.md "What a faithful simulator
 * must do", last item). Where docs/providers/cloudferro.md leaves a behaviour open, the value
 * here is the one we picked and the comment says why.
 */
import { MINUTE } from "../kit/clock";

/**
 * Regions served. The real service has one host per region (managed-kubernetes.<region>.cloudferro.com);
 * the simulator serves them as path prefixes on one port: http://127.0.0.1:PORT/<region lower-case>/api/v1.
 * The first region is the default one (its token is the plain demo token).
 */
export const REGIONS = [
  { name: "WAW3-1", prefix: "waw3-1", clusters: 16, ipPrefix: "185.178.84" },
  { name: "WAW4-1", prefix: "waw4-1", clusters: 12, ipPrefix: "91.212.152" },
  { name: "FRA1-2", prefix: "fra1-2", clusters: 11, ipPrefix: "193.24.208" },
] as const;
export type RegionName = (typeof REGIONS)[number]["name"];

export const DEFAULT_TOKEN = "cfmk-demo-7c1e4b92d05a4f3e";

/**
 * Demo token derivation (documented in docs and the simulator module):
 *   first region (WAW3-1): the token itself; other regions: `<token>-<region lower-case>`;
 *   read-only variant of each: `<region token>-readonly`.
 */
export function regionToken(base: string, regionIndex: number): string {
  return regionIndex === 0 ? base : `${base}-${REGIONS[regionIndex].prefix}`;
}
export function readOnlyToken(base: string, regionIndex: number): string {
  return `${regionToken(base, regionIndex)}-readonly`;
}

/**
 * Role identifiers. No public source names them (open question 1); these are docs/providers/cloudferro.md's
 * proposal, one per API operation.
 */
export const ROLES = [
  "cluster.list",
  "cluster.get",
  "cluster.create",
  "cluster.update",
  "cluster.delete",
  "cluster.kubeconfig",
  "cluster.resource_counts",
  "node_pool.list",
  "node_pool.get",
  "node_pool.create",
  "node_pool.update",
  "node_pool.delete",
  "kubernetes_version.list",
  "region.list",
  "machine_spec.list",
  "backup.manage",
] as const;
export type Role = (typeof ROLES)[number];

export const READ_ONLY_ROLES: Role[] = [
  "cluster.list",
  "cluster.get",
  "cluster.resource_counts",
  "node_pool.list",
  "node_pool.get",
  "kubernetes_version.list",
  "region.list",
  "machine_spec.list",
];

/** gRPC status codes used in `{code, message, details}` bodies (gRPC-gateway transcoding). */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** "cluster is busy": ABORTED -> 409 is docs/providers/cloudferro.md's default; FAILED_PRECONDITION -> 400 is the alternative. */
export const BUSY = { code: GRPC.ABORTED, http: 409, message: "cluster is busy" } as const;

/** Section 8.4 suggested defaults, in simulated time. */
export const DURATIONS = {
  clusterCreate: 12 * MINUTE,
  clusterUpgrade: 15 * MINUTE,
  clusterDelete: 4 * MINUTE,
  poolCreate: 6 * MINUTE,
  poolScale: 4 * MINUTE,
  poolDelete: 3 * MINUTE,
} as const;

export const FLAGS = {
  /** patch upgrades within a minor (1.32.6 -> 1.32.9): not documented either way; allowed */
  allowPatchUpgrade: true,
  /** emit router_ip on clusters (absent from the documented sample); phase/health are always emitted (docs/providers/cloudferro.md §16) */
  optionalClusterFields: false,
  /**
   * PUT /cluster/{id} with a different name or control plane: refused with 400 (the official clients
   * PUT the object exactly as read, so only a real attempt to change them differs).
   */
  rejectImmutableChanges: true,
  /** upper bound for a node pool's size (stands in for the OpenStack project quota) */
  maxPoolSize: 100,
  /** names of a cluster or pool must be unique among live objects of the same parent */
  uniqueNames: true,
} as const;

/** Name pattern of clusters and node pools, from the Terraform provider's validators. */
export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9-_ ]*$/;
export const NAME_MAX = 64;
export const TAINT_EFFECTS = ["NoSchedule", "NoExecute", "PreferNoSchedule"] as const;
export const MAX_LABELS = 50;
export const MAX_LABEL_VALUE = 63;

/** WAF block page (docs/providers/cloudferro.md §10.3, channel 3): served with 200 when the WAF fault mode is on. */
export const WAF_PAGE = `<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 11958324729418233671<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`;
