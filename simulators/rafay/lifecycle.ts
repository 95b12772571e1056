/**
 * Asynchronous lifecycles, advanced lazily from SimClock time on every request. Durations are
 * the controller's realistic ones (MKS bring-up ~30 min, upgrades node by node, deletion minutes);
 * SIM_TIME_SCALE or POST /__sim/clock make them pass faster.
 *
 * [uncertain] choices (docs/providers/rafay.md §7.2/§7.4 leave them open), kept consistent everywhere:
 * - commonStatus.conditionType: "ClusterOperationSubmitted" while anything runs (the one value
 *   the OAS example shows), "ClusterOperationSucceeded" / "ClusterOperationFailed" afterwards.
 * - deletion shows as Submitted with reason "clusterdeleteisbeingapplied" (same form as the
 *   documented "clusterOperationisbeingapplied"); clients can tell it apart only by the reason.
 * - provisionStatus: INFRA_CREATION_INPROGRESS / INFRA_CREATION_FAILED; omitted once the cluster
 *   is up, since no source names a success value.
 */
import { MINUTE } from "@/simulators/kit/clock";
import {
  CONDITION_TYPES,
  STATUS_FAILED,
  STATUS_OK,
  STATUS_SUBMITTED,
  type Condition,
  type ConditionType,
  type Failure,
  type Json,
  type SimCluster,
} from "./model";

export const SUBMITTED_TYPE = "ClusterOperationSubmitted";
export const SUBMITTED_REASON = "clusterOperationisbeingapplied";
export const DELETE_REASON = "clusterdeleteisbeingapplied";
const SUCCEEDED_TYPE = "ClusterOperationSucceeded";
const FAILED_TYPE = "ClusterOperationFailed";

const STEP_REASON: Record<ConditionType, string> = {
  ClusterRegisterSucceeded: "cluster registered",
  ClusterApproveSucceeded: "nodes approved",
  ClusterCheckInSucceeded: "cluster checked in",
  ClusterNodeSyncSucceeded: "nodes synced",
  ClusterBlueprintSyncSucceeded: "blueprint placement processed",
  ClusterNamespaceSyncSucceeded: "namespaces synced",
  ClusterReady: "cluster is ready",
};
const IN_PROGRESS_REASON: Partial<Record<ConditionType, string>> = {
  ClusterBlueprintSyncSucceeded: "blueprint placement created",
};

/** minutes after apply at which each condition turns True, per cluster type */
const STEP_MINUTES: Record<string, number[]> = {
  // installer runs on the nodes, they register, control plane and workers come up, then syncs
  mks: [3, 5, 14, 17, 24, 26, 28],
  aks: [2, 2, 11, 12, 18, 19, 20],
  gke: [2, 2, 10, 11, 17, 18, 19],
  // once the bootstrap YAML is applied in the target cluster
  imported: [4, 4, 6, 7, 12, 13, 14],
};

export function freshConditions(at: number): Condition[] {
  return CONDITION_TYPES.map((type) => ({ type, status: "False", reason: "pending", lastUpdated: at }));
}

export function readyConditions(at: number): Condition[] {
  return CONDITION_TYPES.map((type) => ({ type, status: "True", reason: STEP_REASON[type], lastUpdated: at }));
}

function condition(c: SimCluster, type: ConditionType): Condition {
  return c.conditions.find((x) => x.type === type)!;
}

function setCondition(c: SimCluster, type: ConditionType, status: Condition["status"], reason: string, at: number) {
  const cond = condition(c, type);
  if (cond.status === status && cond.reason === reason) return;
  Object.assign(cond, { status, reason, lastUpdated: at });
}

/** the Kubernetes version the spec asks for, where the type has one */
export function specVersion(spec: Json & { type?: unknown }): string | null {
  const config = asObj(spec.config);
  if (spec.type === "mks") return typeof config.kubernetesVersion === "string" ? config.kubernetesVersion : null;
  if (spec.type === "aks") {
    const v = asObj(asObj(asObj(asObj(config.spec).managedCluster).properties)).kubernetesVersion;
    return typeof v === "string" ? v : null;
  }
  if (spec.type === "gke") return typeof config.controlPlaneVersion === "string" ? config.controlPlaneVersion : null;
  return null;
}

export function asObj(v: unknown): Json {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
}

export function nodeList(spec: Json): Json[] {
  const nodes = asObj(spec.config).nodes;
  return Array.isArray(nodes) ? nodes.map(asObj) : [];
}

function roles(node: Json): string[] {
  return Array.isArray(node.roles) ? node.roles.map(String) : [];
}
export const isControlPlane = (n: Json) => roles(n).some((r) => r === "ControlPlane" || r === "Master");
export const isWorker = (n: Json) => roles(n).includes("Worker");

export function startProvision(c: SimCluster, now: number, fail?: Failure) {
  const minutes = STEP_MINUTES[c.spec.type] ?? STEP_MINUTES.mks;
  // bigger MKS clusters take longer: every node beyond three adds ~40 s after check-in
  const extra = c.spec.type === "mks" ? Math.max(0, nodeList(c.spec).length - 3) * 40_000 : 0;
  c.conditions = freshConditions(now);
  c.common = { conditionStatus: STATUS_SUBMITTED, conditionType: SUBMITTED_TYPE, reason: SUBMITTED_REASON, lastUpdated: now };
  c.provisionStatus = "INFRA_CREATION_INPROGRESS";
  c.lastTasksets = [];
  c.kubeVersion = null;
  c.endpoint = null;
  c.op = {
    kind: "provision",
    startedAt: now,
    steps: CONDITION_TYPES.map((type, i) => ({ type, afterMs: minutes[i] * MINUTE + (i >= 2 ? extra : 0), reason: STEP_REASON[type] })),
    fail,
  };
}

/** MKS upgrades the control plane, then workers sequentially or `workerConcurrency` at a time */
export function upgradeDuration(c: SimCluster): number {
  if (c.spec.type === "aks") return 15 * MINUTE + (c.aksPools?.length ?? 1) * 10 * MINUTE;
  if (c.spec.type !== "mks") return 20 * MINUTE;
  const nodes = nodeList(c.spec);
  const controlPlanes = nodes.filter(isControlPlane).length || 1;
  const workers = nodes.filter((n) => isWorker(n) && !isControlPlane(n)).length;
  const upgrade = asObj(asObj(c.spec.config).kubernetesUpgrade);
  let batches = workers;
  if (upgrade.strategy === "concurrent") {
    const raw = String(asObj(upgrade.params).workerConcurrency ?? "1");
    const perBatch = raw.endsWith("%") ? Math.max(1, Math.floor((workers * Number.parseInt(raw, 10)) / 100)) : Math.max(1, Number.parseInt(raw, 10) || 1);
    batches = Math.ceil(workers / perBatch);
  }
  return controlPlanes * 6 * MINUTE + batches * 5 * MINUTE + 4 * MINUTE;
}

export function startUpgrade(c: SimCluster, now: number, to: string, fail?: Failure) {
  c.common = { conditionStatus: STATUS_SUBMITTED, conditionType: SUBMITTED_TYPE, reason: SUBMITTED_REASON, lastUpdated: now };
  c.lastTasksets = [{ tasksetOperations: [{ operationName: "ClusterUpgrade" }] }];
  c.op = { kind: "upgrade", startedAt: now, durationMs: upgradeDuration(c), from: c.kubeVersion, to, fail };
}

/** a re-apply that changes the blueprint: the blueprint is synced again */
export function startUpdate(c: SimCluster, now: number) {
  c.common = { conditionStatus: STATUS_SUBMITTED, conditionType: SUBMITTED_TYPE, reason: SUBMITTED_REASON, lastUpdated: now };
  setCondition(c, "ClusterBlueprintSyncSucceeded", "False", "blueprint placement created", now);
  c.op = { kind: "update", startedAt: now, durationMs: 4 * MINUTE };
}

export function startDelete(c: SimCluster, now: number) {
  c.common = { conditionStatus: STATUS_SUBMITTED, conditionType: SUBMITTED_TYPE, reason: DELETE_REASON, lastUpdated: now };
  const minutes = c.spec.type === "mks" ? 8 : c.spec.type === "imported" ? 2 : 12;
  c.op = { kind: "delete", startedAt: now, durationMs: minutes * MINUTE };
}

export type BlueprintResolver = (project: string, name: string, version: string) => string;

/** Applies every transition due by `now`. Returns "gone" when a deletion has finished. */
export function advance(c: SimCluster, now: number, resolveBlueprint: BlueprintResolver): "gone" | undefined {
  const op = c.op;
  if (!op) return undefined;
  const applyBlueprint = () => {
    const bp = c.spec.blueprint;
    c.appliedBlueprint = bp ? { name: bp.name, version: resolveBlueprint(c.project, bp.name, bp.version) } : null;
  };
  switch (op.kind) {
    case "provision": {
      let previousDone = true;
      for (const step of op.steps) {
        const at = op.startedAt + step.afterMs;
        if (now < at) {
          if (previousDone) setCondition(c, step.type, "False", IN_PROGRESS_REASON[step.type] ?? "pending", condition(c, step.type).lastUpdated);
          previousDone = false;
          continue;
        }
        if (op.fail?.condition === step.type) {
          setCondition(c, step.type, "False", op.fail.reason, at);
          c.common = { conditionStatus: STATUS_FAILED, conditionType: FAILED_TYPE, reason: op.fail.reason, lastUpdated: at };
          c.provisionStatus = "INFRA_CREATION_FAILED";
          c.lastTasksets = [{ errorSummary: op.fail.reason, tasksetOperations: [] }];
          c.op = undefined;
          return undefined;
        }
        setCondition(c, step.type, "True", step.reason, at);
        if (step.type === "ClusterCheckInSucceeded" && !c.kubeVersion) {
          c.kubeVersion = specVersion(c.spec) ?? c.kubeVersion;
          c.endpoint = endpointFor(c);
        }
        if (step.type === "ClusterBlueprintSyncSucceeded") applyBlueprint();
      }
      if (previousDone) {
        const last = op.startedAt + op.steps[op.steps.length - 1].afterMs;
        c.common = { conditionStatus: STATUS_OK, conditionType: SUCCEEDED_TYPE, reason: "cluster operation completed", lastUpdated: last };
        c.provisionStatus = undefined;
        c.op = undefined;
      }
      return undefined;
    }
    case "upgrade": {
      const end = op.startedAt + op.durationMs;
      if (op.fail && now >= op.startedAt + op.durationMs / 2) {
        const at = op.startedAt + op.durationMs / 2;
        c.common = { conditionStatus: STATUS_FAILED, conditionType: FAILED_TYPE, reason: op.fail.reason, lastUpdated: at };
        c.lastTasksets = [{ errorSummary: op.fail.reason, tasksetOperations: [{ operationName: "ClusterUpgrade", errorSummary: op.fail.reason }] }];
        c.op = undefined;
        return undefined;
      }
      if (now < end) return undefined;
      c.kubeVersion = op.to;
      for (const p of c.aksPools ?? []) p.kubeVersion = op.to;
      c.common = { conditionStatus: STATUS_OK, conditionType: SUCCEEDED_TYPE, reason: "cluster operation completed", lastUpdated: end };
      c.op = undefined;
      return undefined;
    }
    case "update": {
      const end = op.startedAt + op.durationMs;
      if (now < end) return undefined;
      setCondition(c, "ClusterBlueprintSyncSucceeded", "True", "blueprint placement processed", end);
      applyBlueprint();
      c.common = { conditionStatus: STATUS_OK, conditionType: SUCCEEDED_TYPE, reason: "cluster operation completed", lastUpdated: end };
      c.op = undefined;
      return undefined;
    }
    case "delete":
      return now >= op.startedAt + op.durationMs ? "gone" : undefined;
  }
}

export function endpointFor(c: SimCluster): { host: string; port: number } | null {
  if (c.spec.type === "mks") {
    const cp = nodeList(c.spec).find(isControlPlane);
    const ip = cp && (cp.privateIP ?? cp.privateip);
    return typeof ip === "string" ? { host: ip, port: 6443 } : null;
  }
  if (c.spec.type === "aks") {
    const mc = asObj(asObj(asObj(c.spec.config).spec).managedCluster);
    const location = typeof mc.location === "string" ? mc.location : "eastus";
    return { host: `${c.name}-${c.id}.hcp.${location}.azmk8s.io`, port: 443 };
  }
  return null;
}
