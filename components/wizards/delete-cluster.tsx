"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { OperationSummary } from "@/lib/operations/types";
import { apiRequest, ApiRequestError } from "@/components/operations/api";
import { OperationTimeline } from "@/components/operations/timeline";
import { formatDateTime } from "@/components/dates";

export interface DeleteClusterProps {
  cluster: { id: string; name: string; providerName: string; protected: boolean; goneAt: string | null; status: string };
  runningOperation: OperationSummary | null;
  canDelete: boolean;
  canProtect: boolean;
  canForget: boolean;
}

type Cluster = DeleteClusterProps["cluster"];

/** the typed-name confirmation and the DELETE; a refusal because the cluster is protected turns the notice on */
function ConfirmDeleteForm({ cluster, blocked, busy, setBusy, onError, onProtected }: { cluster: Cluster; blocked: boolean; busy: boolean; setBusy: (b: boolean) => void; onError: (message: string | null) => void; onProtected: () => void }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const del = async (e: React.FormEvent) => {
    e.preventDefault();
    onError(null);
    setFieldError(null);
    if (confirm !== cluster.name) {
      setFieldError(`type the cluster's name "${cluster.name}" exactly`);
      return;
    }
    setBusy(true);
    try {
      const r = await apiRequest<{ operation: OperationSummary }>(`/api/v1/clusters/${cluster.id}`, { method: "DELETE", body: { confirm } });
      router.push(`/operations/${r.operation.id}`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiRequestError && err.fields.some((f) => f.field === "confirm")) setFieldError(err.fields.find((f) => f.field === "confirm")!.message);
      else onError((err as Error).message);
      if (err instanceof ApiRequestError && err.code === "protected") onProtected();
    }
  };
  return (
    <form className="card space-y-4 border-red-300 p-5" onSubmit={del} noValidate>
      <p className="text-sm">
        Deleting <span className="font-semibold">{cluster.name}</span> removes the cluster and its nodes at {cluster.providerName}. This cannot be undone.
      </p>
      <div>
        <label htmlFor="f-confirm" className="label">
          Type <span className="font-mono">{cluster.name}</span> to confirm
        </label>
        <input id="f-confirm" className="input" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={!!fieldError} aria-describedby={fieldError ? "f-confirm-error" : undefined} />
        {fieldError && (
          <p id="f-confirm-error" className="field-error" role="alert">
            {fieldError}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-danger" disabled={busy || blocked}>
          Delete cluster
        </button>
        <Link href={`/clusters/${cluster.id}`} className="btn-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** "forget": remove a cluster the provider no longer has from the inventory (the server checks live first) */
function ForgetCard({ cluster, busy, setBusy, onError }: { cluster: Cluster; busy: boolean; setBusy: (b: boolean) => void; onError: (message: string | null) => void }) {
  const router = useRouter();
  const [forgetMsg, setForgetMsg] = useState<string | null>(null);
  const forget = async () => {
    onError(null);
    setForgetMsg(null);
    setBusy(true);
    try {
      await apiRequest(`/api/v1/clusters/${cluster.id}/forget`, { method: "POST" });
      router.push("/clusters");
    } catch (err) {
      setBusy(false);
      setForgetMsg((err as Error).message);
    }
  };
  return (
    <div className="card space-y-2 p-5 text-sm">
      <p className="font-medium">Already gone at the provider?</p>
      <p className="text-slate-600 dark:text-slate-400">
        {cluster.goneAt ? `The last sync no longer found it (${formatDateTime(cluster.goneAt)}). ` : ""}
        Forgetting removes it from the inventory only, after checking live that the provider no longer has it.
      </p>
      <button type="button" className="btn-secondary" onClick={forget} disabled={busy}>
        Forget this cluster
      </button>
      {forgetMsg && (
        <p className="field-error" role="alert">
          {forgetMsg}
        </p>
      )}
    </div>
  );
}

/** Type the name to confirm; protected clusters say why they cannot go (admins may unprotect); "forget" for clusters gone at the provider. */
export function DeleteCluster({ cluster, runningOperation, canDelete, canProtect, canForget }: DeleteClusterProps) {
  const router = useRouter();
  const [isProtected, setProtected] = useState(cluster.protected);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggleProtection = async (next: boolean) => {
    setError(null);
    try {
      await apiRequest(`/api/v1/clusters/${cluster.id}/protection`, { method: "PUT", body: { protected: next } });
      setProtected(next);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="space-y-5">
      {runningOperation && (
        <div className="card p-5">
          <p className="mb-2 text-sm font-medium">Another operation runs on this cluster; it must finish first.</p>
          <OperationTimeline operation={runningOperation} compact />
        </div>
      )}
      {canProtect && (
        <div className="card p-5">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="h-4 w-4" checked={isProtected} onChange={(e) => void toggleProtection(e.target.checked)} />
            Protected against deletion
          </label>
        </div>
      )}
      {isProtected ? (
        <div className="card border-amber-300 p-5 text-sm" role="status" data-testid="protected-notice">
          <p className="font-medium">{cluster.name} is protected and cannot be deleted.</p>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            {canProtect ? "Remove the protection above to delete it." : "Ask an admin to remove the protection first."}
          </p>
        </div>
      ) : canDelete ? (
        <ConfirmDeleteForm cluster={cluster} blocked={!!runningOperation} busy={busy} setBusy={setBusy} onError={setError} onProtected={() => setProtected(true)} />
      ) : (
        <p className="text-sm text-slate-600">Deleting clusters needs the admin role.</p>
      )}
      {canForget && <ForgetCard cluster={cluster} busy={busy} setBusy={setBusy} onError={setError} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
