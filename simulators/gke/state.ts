/**
 * In-memory GKE: clusters, node pools, long-running operations and their lifecycles, advanced lazily
 * from the SimClock on every request (docs/providers/gke.md §4).
 */
import { MINUTE, type SimClock } from "@/simulators/kit/clock";
import type { SeededRandom } from "@/simulators/kit/random";
import { compareKubeVersions, minorDistance, normalizeKubeVersion } from "@/lib/kube-version";
import { allMasterVersions, CHANNEL_CONFIGS, VALID_MASTER_VERSIONS, VALID_NODE_VERSIONS, type Channel } from "./catalog";
import { Accounts } from "./keys";

export type ClusterStatus = "PROVISIONING" | "RUNNING" | "RECONCILING" | "STOPPING" | "ERROR" | "DEGRADED";
export type PoolStatus = "PROVISIONING" | "RUNNING" | "RUNNING_WITH_ERROR" | "RECONCILING" | "STOPPING" | "ERROR";
export type OperationType = "CREATE_CLUSTER" | "DELETE_CLUSTER" | "UPGRADE_MASTER" | "UPGRADE_NODES" | "CREATE_NODE_POOL" | "DELETE_NODE_POOL" | "SET_NODE_POOL_SIZE" | "UPDATE_CLUSTER";
export type OperationStatus = "PENDING" | "RUNNING" | "DONE" | "ABORTING";

export interface PoolRecord {
  name: string;
  machineType: string;
  diskSizeGb: number;
  imageType: string;
  initialNodeCount: number;
  /** nodes per zone now (the instance groups' target size) */
  sizePerZone: number;
  locations: string[];
  version: string;
  status: PoolStatus;
  autoscaling?: { enabled: boolean; minNodeCount: number; maxNodeCount: number };
  igmSuffix: string;
  etag: string;
}

export interface ClusterRecord {
  id: string;
  name: string;
  location: string;
  locations: string[];
  channel: Channel;
  initialClusterVersion: string;
  masterVersion: string;
  status: ClusterStatus;
  statusMessage?: string;
  conditions: { code: string; message: string }[];
  endpoint: string;
  createTime: number;
  pools: PoolRecord[];
  clusterIpv4Cidr: string;
  servicesIpv4Cidr: string;
  labels: Record<string, string>;
  etag: string;
}

export interface OperationRecord {
  id: string;
  project: string;
  location: string;
  type: OperationType;
  status: OperationStatus;
  cluster: string;
  pool?: string;
  startTime: number;
  /** simulated time at which the work is done */
  doneAt: number;
  endTime?: number;
  error?: { code: number; message: string };
  /** applied once when the operation finishes */
  effect: () => void;
}

export interface GkeConfig {
  project: string;
  projectNumber: string;
  /** how the instance groups' URLs start ("http://127.0.0.1:4106"; set from each request's Host) */
  scheme: "http" | "https";
}

export const key = (project: string, location: string, name: string) => `${project}/${location}/${name}`;

export class GkeState {
  clusters = new Map<string, ClusterRecord & { project: string }>();
  operations = new Map<string, OperationRecord>();
  accounts = new Accounts();
  failNextCreates = 0;

  constructor(
    public clock: SimClock,
    public rnd: SeededRandom,
    public config: GkeConfig,
  ) {}

  /** finishes every operation whose time has come, in order */
  advance() {
    const now = this.clock.now();
    const due = [...this.operations.values()].filter((o) => o.status !== "DONE" && o.doneAt <= now).sort((a, b) => a.doneAt - b.doneAt);
    for (const o of due) {
      o.status = "DONE";
      o.endTime = o.doneAt;
      o.effect();
    }
    for (const o of this.operations.values()) if (o.status === "PENDING" && now - o.startTime >= 5_000) o.status = "RUNNING";
  }

  newId(prefix = "operation"): string {
    return `${prefix}-${this.clock.now()}-${this.rnd.hex(8)}`;
  }

  /** the running operation on a cluster, if any (GKE runs one at a time per cluster) */
  busy(project: string, location: string, cluster: string): OperationRecord | undefined {
    return [...this.operations.values()].find((o) => o.status !== "DONE" && o.project === project && o.location === location && o.cluster === cluster);
  }

  startOperation(init: Omit<OperationRecord, "id" | "status" | "startTime" | "doneAt"> & { durationMs: number }): OperationRecord {
    const now = this.clock.now();
    const op: OperationRecord = { ...init, id: this.newId(), status: "RUNNING", startTime: now, doneAt: now + init.durationMs };
    this.operations.set(op.id, op);
    return op;
  }
}

// ------------------------------------------------------------------------------------------ rules

/** the GKE version a requested one resolves to among `candidates` ("1.34" → newest 1.34.x-gke.N; "-"/"latest" → newest) */
export function resolveVersion(requested: string, candidates: string[]): string | undefined {
  const want = requested.trim();
  const sorted = [...candidates].sort((a, b) => compareKubeVersions(b, a));
  if (want === "-" || want === "latest") return sorted[0];
  if (/-gke\.\d+$/.test(want)) return candidates.includes(want) ? want : undefined;
  const parts = want.split(".");
  if (parts.length === 2) return sorted.find((v) => v.startsWith(`${want}.`));
  if (parts.length === 3) return sorted.find((v) => normalizeKubeVersion(v) === want);
  return undefined;
}

/** the versions a cluster's control plane may use: its channel's, or the static list */
export function masterCandidates(channel: Channel): string[] {
  if (channel === "UNSPECIFIED") return VALID_MASTER_VERSIONS;
  return CHANNEL_CONFIGS.find((c) => c.channel === channel)?.validVersions ?? [];
}

export const MAX_NODE_SKEW = 2;

/** why a control-plane upgrade to `target` is refused, or undefined */
export function masterUpgradeProblem(c: ClusterRecord, requested: string): { status: "INVALID_ARGUMENT" | "FAILED_PRECONDITION"; message: string } | undefined {
  const candidates = masterCandidates(c.channel);
  const target = resolveVersion(requested, candidates);
  if (!target) {
    const known = resolveVersion(requested, allMasterVersions());
    if (known && c.channel !== "UNSPECIFIED") return { status: "INVALID_ARGUMENT", message: `Master version "${requested}" is not available in release channel ${c.channel}.` };
    return { status: "INVALID_ARGUMENT", message: `Master version "${requested}" is unsupported.` };
  }
  const cmp = compareKubeVersions(target, c.masterVersion);
  if (cmp === 0) return { status: "INVALID_ARGUMENT", message: `Master cannot be upgraded to "${requested}": the cluster already runs ${c.masterVersion}.` };
  if (cmp < 0) return { status: "INVALID_ARGUMENT", message: `Master cannot be downgraded from ${c.masterVersion} to ${target}.` };
  const d = minorDistance(c.masterVersion, target);
  if (d === null || d > 1) return { status: "INVALID_ARGUMENT", message: `Master cannot be upgraded from ${c.masterVersion} to ${target}: upgrades across more than one minor version are not supported.` };
  const lagging = c.pools.find((p) => (minorDistance(p.version, target) ?? 0) > MAX_NODE_SKEW);
  if (lagging) return { status: "FAILED_PRECONDITION", message: `Node pool "${lagging.name}" runs ${lagging.version}, which would be more than ${MAX_NODE_SKEW} minor versions older than the control plane at ${target}. Upgrade the node pool first.` };
  return undefined;
}

export function nodeVersionProblem(c: ClusterRecord, requested: string): { message: string; version?: string } {
  const v = requested === "-" ? c.masterVersion : resolveVersion(requested, VALID_NODE_VERSIONS);
  if (!v) return { message: `Node version "${requested}" is unsupported.` };
  if (compareKubeVersions(v, c.masterVersion) > 0) return { message: `Node version "${v}" must not be newer than the master version "${c.masterVersion}".` };
  if ((minorDistance(v, c.masterVersion) ?? 0) > MAX_NODE_SKEW) return { message: `Node version "${v}" is more than ${MAX_NODE_SKEW} minor versions older than the master version "${c.masterVersion}".` };
  return { message: "", version: v };
}

export const DURATIONS = {
  createZonal: 5 * MINUTE,
  createRegional: 8 * MINUTE,
  upgradeMaster: 10 * MINUTE,
  upgradeNodes: 6 * MINUTE,
  createPool: 3 * MINUTE,
  resizePool: 2 * MINUTE,
  deletePool: 3 * MINUTE,
  deleteCluster: 4 * MINUTE,
};
