/**
 * Shapes of tracked operations, shared by the server (lib/operations) and the browser
 * (components/operations, components/wizards). Browser-safe: no server imports.
 */
import type { OperationSummary } from "@/lib/inventory/api-types";
import type { UpgradeOption } from "@/lib/providers/types";

export type { OperationSummary };

export const OPERATION_KINDS = ["create", "upgrade", "delete", "nodepool_create", "nodepool_scale", "nodepool_delete", "nodepool_upgrade"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATES = ["pending", "running", "succeeded", "failed", "cancelled"] as const;
export type OperationState = (typeof OPERATION_STATES)[number];
export const ACTIVE_STATES: OperationState[] = ["pending", "running"];

export interface TimelineEntry {
  at: string;
  message: string;
  /** operation state at that moment, or a marker: "accepted", "observed", "retry", "error" */
  state?: string;
  /**
   * the process that wrote the entry (lib/log.ts PROCESS_ID: the worker that ran the step, or the
   * replica that took the request); kept in the database and the logs, not sent to browsers
   */
  worker?: string;
}

/** answer of GET /api/v1/clusters/{id}/upgrade-options (the cluster re-read live at the provider) */
export interface UpgradeOptionsResponse {
  cluster: { id: string; name: string; provider: string; providerName: string; version: string | null; status: string; providerStatus: string | null };
  options: UpgradeOption[];
  runningOperation: OperationSummary | null;
}

/** answer of GET /api/v1/operations */
export interface OperationListResponse {
  items: OperationSummary[];
}

export const KIND_LABELS: Record<string, string> = {
  create: "Create",
  upgrade: "Upgrade",
  delete: "Delete",
  nodepool_create: "Add node pool",
  nodepool_scale: "Scale node pool",
  nodepool_delete: "Remove node pool",
  nodepool_upgrade: "Upgrade node pool",
};

/** "Upgrade of prod-1 to 1.31.2" */
export function describeOperation(op: Pick<OperationSummary, "kind" | "targetName" | "params">): string {
  const p = op.params ?? {};
  switch (op.kind) {
    case "create":
      return `Create ${op.targetName}`;
    case "upgrade":
      return `Upgrade ${op.targetName} to ${String(p.version ?? "?")}`;
    case "delete":
      return `Delete ${op.targetName}`;
    case "nodepool_create":
      return `Add node pool ${String(p.poolName ?? "")} to ${op.targetName}`;
    case "nodepool_scale":
      return `Scale node pool ${String(p.poolName ?? p.poolId ?? "")} of ${op.targetName}`;
    case "nodepool_delete":
      return `Remove node pool ${String(p.poolName ?? p.poolId ?? "")} from ${op.targetName}`;
    case "nodepool_upgrade":
      return `Upgrade node pool ${String(p.poolName ?? p.poolId ?? "")} of ${op.targetName} to ${String(p.version ?? "?")}`;
    default:
      return `${op.kind} ${op.targetName}`;
  }
}
