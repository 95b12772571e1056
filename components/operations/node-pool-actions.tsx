"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { nodePoolUpgradeTarget } from "@/lib/operations/nodepool-rules";
import type { OperationSummary } from "@/lib/operations/types";
import type { NodePool } from "@/lib/providers/types";
import { apiRequest } from "./api";

/** the add form (react-hook-form, zod, the provider's schema) loads when "Add node pool" is pressed */
const AddPoolForm = dynamic(() => import("./node-pool-add-form").then((m) => m.AddPoolForm), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading…</p>,
});

export interface NodePoolActionsProps {
  clusterId: string;
  connectionId: string;
  scope: string;
  provider: string;
  nodePools: NodePool[];
  /** the control plane's version (pools upgrade towards it, never past it) */
  clusterVersion?: string | null;
  /** the provider definition's nodePools flags (ProviderDefinition.nodePools) */
  support: { create: boolean; scale: boolean; delete: boolean; upgrade?: boolean };
  /** the viewer's role allows clusters.nodepools (operator and up); viewers see no actions */
  canEdit: boolean;
  /** an operation already runs on the cluster: actions are disabled until it finishes */
  busy?: boolean;
  /** called with the started operation (default: go to its page) */
  onStarted?: (op: OperationSummary) => void;
}

/**
 * Scale, add and remove node pools where the provider's API allows it. Each action starts a tracked
 * operation (202); the cluster page shows its progress.
 */
// eslint-disable-next-line max-lines-per-function -- the node-pool action dialogs share one pending-action state
export function NodePoolActions(props: NodePoolActionsProps) {
  const { clusterId, nodePools, support, canEdit, busy, clusterVersion } = props;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const started = (op: OperationSummary) => {
    setAdding(false);
    setConfirming(null);
    if (props.onStarted) props.onStarted(op);
    else router.push(`/operations/${op.id}`);
  };
  const perPool = support.scale || support.delete || !!support.upgrade;

  if (!canEdit || (!support.create && !perPool)) return null;

  const act = async (pool: NodePool, what: string, url: string, init: { method: string; body?: unknown }) => {
    setError(null);
    setSending(`${what}:${pool.externalId}`);
    try {
      started((await apiRequest<{ operation: OperationSummary }>(url, init)).operation);
    } catch (e) {
      setError(`${pool.name}: ${(e as Error).message}`);
    } finally {
      setSending(null);
    }
  };
  const poolUrl = (pool: NodePool) => `/api/v1/clusters/${clusterId}/nodepools/${encodeURIComponent(pool.externalId)}`;

  return (
    <div className="space-y-3" data-testid="node-pool-actions">
      {perPool && nodePools.length > 0 && (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Node pool actions">
          {nodePools.map((p) => {
            const target = support.upgrade ? nodePoolUpgradeTarget(clusterVersion, p.version) : null;
            return (
              <li key={p.externalId} className="flex min-w-0 flex-wrap items-center gap-2 py-2 text-sm" data-node-pool={p.name}>
                <span className="min-w-0 break-all font-medium">{p.name}</span>
                {support.scale && <ScaleForm clusterId={clusterId} pool={p} disabled={busy} onStarted={started} onError={(m) => setError(m ? `${p.name}: ${m}` : null)} />}
                {target?.version && (
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={busy || sending !== null}
                    title={`Upgrade the nodes of ${p.name} from ${p.version} to the control plane's ${target.version}`}
                    onClick={() => void act(p, "upgrade", `${poolUrl(p)}/upgrade`, { method: "POST", body: { version: target.version } })}
                  >
                    Upgrade to {target.version}
                  </button>
                )}
                {support.delete &&
                  (confirming === p.externalId ? (
                    <span className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-2 py-1 dark:border-red-900/60 dark:bg-red-950/40" role="group" aria-label={`Confirm removing ${p.name}`}>
                      <span>
                        Remove {p.name} and its {p.nodeCount} node{p.nodeCount === 1 ? "" : "s"}?
                      </span>
                      <button type="button" className="btn-danger" disabled={busy || sending !== null} onClick={() => void act(p, "delete", poolUrl(p), { method: "DELETE" })}>
                        Remove node pool
                      </button>
                      <button type="button" className="btn-secondary" onClick={() => setConfirming(null)}>
                        Keep it
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="btn-secondary" disabled={busy} onClick={() => setConfirming(p.externalId)} aria-label={`Remove ${p.name}`}>
                      Remove
                    </button>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
      {support.create &&
        (adding ? (
          <AddPoolForm {...props} onCancel={() => setAdding(false)} onStarted={started} />
        ) : (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => setAdding(true)}>
            Add node pool
          </button>
        ))}
      {busy && <p className="text-xs text-slate-500">Node-pool actions wait until the running operation finishes.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function ScaleForm({ clusterId, pool, disabled, onStarted, onError }: { clusterId: string; pool: NodePool; disabled?: boolean; onStarted: (op: OperationSummary) => void; onError: (m: string | null) => void }) {
  const [count, setCount] = useState(String(pool.nodeCount));
  const [sending, setSending] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0) return onError("nodeCount: a whole number of nodes");
    onError(null);
    setSending(true);
    try {
      onStarted((await apiRequest<{ operation: OperationSummary }>(`/api/v1/clusters/${clusterId}/nodepools/${encodeURIComponent(pool.externalId)}`, { method: "PATCH", body: { nodeCount: n } })).operation);
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setSending(false);
    }
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`scale-${pool.externalId}`}>
        Nodes in {pool.name}
      </label>
      <input id={`scale-${pool.externalId}`} type="number" min={0} inputMode="numeric" className="input w-20" value={count} onChange={(e) => setCount(e.target.value)} />
      <button type="submit" className="btn-secondary" disabled={disabled || sending || Number(count) === pool.nodeCount}>
        Scale
      </button>
    </form>
  );
}
