/** In-memory shapes of the simulated controller (not the wire format; see views.ts). */

export const CONDITION_TYPES = [
  "ClusterRegisterSucceeded",
  "ClusterApproveSucceeded",
  "ClusterCheckInSucceeded",
  "ClusterNodeSyncSucceeded",
  "ClusterBlueprintSyncSucceeded",
  "ClusterNamespaceSyncSucceeded",
  "ClusterReady",
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export interface Condition {
  type: ConditionType;
  status: "True" | "False" | "Unknown";
  reason: string;
  lastUpdated: number;
}

/** commonStatus.conditionStatus, emitted as a number (docs/providers/rafay.md §7.2: enum order) */
export const STATUS_NOT_SET = 0;
export const STATUS_SUBMITTED = 1;
export const STATUS_OK = 2;
export const STATUS_FAILED = 3;
export type ConditionStatus = 0 | 1 | 2 | 3;

export interface CommonStatus {
  conditionStatus: ConditionStatus;
  conditionType: string;
  reason: string;
  lastUpdated: number;
}

export interface TasksetOperation {
  operationName: string;
  errorSummary?: string;
}
export interface Taskset {
  errorSummary?: string;
  tasksetOperations: TasksetOperation[];
}

export interface Failure {
  /** condition that turns False (provisioning) */
  condition?: ConditionType;
  reason: string;
}

export type Operation =
  | { kind: "provision"; startedAt: number; steps: { type: ConditionType; afterMs: number; reason: string }[]; fail?: Failure }
  | { kind: "upgrade"; startedAt: number; durationMs: number; from: string | null; to: string; fail?: Failure }
  | { kind: "update"; startedAt: number; durationMs: number }
  | { kind: "delete"; startedAt: number; durationMs: number };

export type Json = Record<string, unknown>;

export interface ClusterSpec extends Json {
  type: string;
  blueprint?: { name: string; version: string };
  config?: Json;
}

export interface SimCluster {
  project: string;
  name: string;
  /** the v1 ("edge") id, 7 lowercase alphanumerics */
  id: string;
  createdAt: number;
  modifiedAt: number;
  description?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: ClusterSpec;
  /** running control-plane version as the type writes it ("v1.35.6" for mks, "1.34.6" for aks) */
  kubeVersion: string | null;
  /** blueprint version actually applied ("latest" resolved) */
  appliedBlueprint: { name: string; version: string } | null;
  endpoint: { host: string; port: number } | null;
  /** AKS node pools as status.aks.nodepools reports them */
  aksPools?: { name: string; id: string; createdAt: number; kubeVersion: string; nodeImageVersion: string; provisionStatus: string }[];
  conditions: Condition[];
  common: CommonStatus;
  provisionStatus?: string;
  lastTasksets: Taskset[];
  op?: Operation;
}

export interface SimProject {
  name: string;
  id: string;
  description: string;
  createdAt: number;
  modifiedAt: number;
  default: boolean;
  labels: Record<string, string>;
  /** false: exists in the org, but the simulator's API key has no role in it (403) */
  accessible: boolean;
}

export interface SimBlueprint {
  /** null for system blueprints, visible in every project */
  project: string | null;
  name: string;
  version: string;
  description: string;
  base?: { name: string; version: string };
  createdAt: number;
  modifiedAt: number;
}
