"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { OperationSummary } from "@/lib/operations/types";
import { providerName, type ProviderMap } from "@/components/inventory/providers";
import { apiRequest } from "./api";
import { Duration, useNow } from "./operations-list";
import { OperationTimeline } from "./timeline";

/** the operation's cluster, provider, connection and how long it ran (or runs) */
function OperationFacts({ op, providers, now }: { op: OperationSummary; providers: ProviderMap; now: number }) {
  const active = op.state === "pending" || op.state === "running";
  return (
    <dl className="card grid grid-cols-2 gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-4" data-testid="operation-facts">
      <div className="min-w-0">
        <dt className="text-xs text-slate-500">Cluster</dt>
        <dd className="truncate" title={op.targetName}>
          {op.clusterId ? (
            <Link href={`/clusters/${op.clusterId}`} className="text-brand-600 hover:underline">
              {op.targetName}
            </Link>
          ) : (
            op.targetName
          )}
        </dd>
      </div>
      <div className="min-w-0">
        <dt className="text-xs text-slate-500">Provider</dt>
        <dd>{op.provider ? providerName(providers, op.provider) : "—"}</dd>
      </div>
      <div className="min-w-0">
        <dt className="text-xs text-slate-500">Connection</dt>
        <dd className="truncate" title={op.connectionName ?? undefined}>
          {op.connectionName ? (
            <Link href={`/connections/${op.connectionId}`} className="hover:underline">
              {op.connectionName}
            </Link>
          ) : (
            "—"
          )}
        </dd>
      </div>
      <div className="min-w-0">
        <dt className="text-xs text-slate-500">{active ? "Running for" : "Duration"}</dt>
        <dd className="tabular-nums">
          <Duration op={op} now={now} />
        </dd>
      </div>
    </dl>
  );
}

/** One operation, polled while it runs; admins may cancel it. */
export function OperationView({ initial, canCancel, providers }: { initial: OperationSummary; canCancel: boolean; providers: ProviderMap }) {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: ["operation", initial.id],
    queryFn: () => apiRequest<OperationSummary>(`/api/v1/operations/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (["pending", "running"].includes(q.state.data?.state ?? "") ? 2000 : false),
  });
  const op = data ?? initial;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = op.state === "pending" || op.state === "running";
  const now = useNow(active);
  const cancel = async () => {
    if (!window.confirm("Stop tracking this operation? Anything the provider already started continues there.")) return;
    setBusy(true);
    setError(null);
    try {
      const next = await apiRequest<OperationSummary>(`/api/v1/operations/${op.id}/cancel`, { method: "POST" });
      qc.setQueryData(["operation", op.id], next);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      <OperationFacts op={op} providers={providers} now={now} />
      <div className="card p-5">
        <OperationTimeline operation={op} />
      </div>
      <div className="flex flex-wrap gap-2">
        {op.clusterId && op.kind !== "delete" && (
          <Link className="btn-primary" href={`/clusters/${op.clusterId}`}>
            Open the cluster
          </Link>
        )}
        {op.kind === "delete" && op.state === "succeeded" && (
          <Link className="btn-primary" href="/clusters">
            Back to clusters
          </Link>
        )}
        {active && canCancel && (
          <button type="button" className="btn-danger" onClick={cancel} disabled={busy}>
            Cancel operation
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
