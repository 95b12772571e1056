"use client";

import { useQuery } from "@tanstack/react-query";
import { compareKubeVersions, parseKubeVersion } from "@/lib/kube-version";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { OperationSummary, UpgradeOptionsResponse } from "@/lib/operations/types";
import { apiRequest } from "@/components/operations/api";
import { OperationTimeline } from "@/components/operations/timeline";
import { formatDate } from "@/components/dates";

const eolText = (eol: string | null | undefined) => {
  if (!eol) return "end of life unknown";
  const d = formatDate(eol);
  return Date.parse(eol) < Date.now() ? `past end of life (${d})` : `end of life ${d}`;
};

type Option = UpgradeOptionsResponse["options"][number];

/** every version the provider knows, allowed or disabled with the reason; older ones folded away */
function TargetVersions({ options, current, choice, onChoose }: { options: Option[]; current: string | null | undefined; choice: string; onChoose: (version: string) => void }) {
  const [showOlder, setShowOlder] = useState(false);
  // versions below the current one can never be chosen (no provider downgrades): folded away by default
  const isOlder = (v: string) => !!current && parseKubeVersion(v) !== null && compareKubeVersions(v, current) < 0;
  const olderCount = options.filter((o) => isOlder(o.version)).length;
  return (
    <fieldset className="card p-5">
      <legend className="px-1 text-sm font-semibold">Target version</legend>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {options.filter((o) => showOlder || !isOlder(o.version)).map((o) => (
          <li key={o.version} className="py-2" data-version={o.version} data-allowed={o.allowed && !o.current ? "true" : "false"}>
            <label className={`flex items-start gap-3 ${o.allowed && !o.current ? "cursor-pointer" : "cursor-not-allowed opacity-60"}`}>
              <input type="radio" name="version" value={o.version} className="mt-1" disabled={!o.allowed || o.current} checked={choice === o.version} onChange={() => onChoose(o.version)} aria-label={`Kubernetes ${o.version}`} />
              <span>
                <span className="font-mono font-medium">{o.version}</span>
                {o.current && <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-700">current</span>}
                <span className="ml-2 text-xs text-slate-500">{eolText(o.eol)}</span>
                {!o.allowed && o.reason && <span className="block text-xs text-slate-600 dark:text-slate-400">Not available: {o.reason}</span>}
              </span>
            </label>
          </li>
        ))}
        {options.length === 0 && <li className="py-2 text-sm text-slate-500">The provider offers no versions for this cluster.</li>}
      </ul>
      {olderCount > 0 && (
        <button type="button" className="mt-2 text-xs text-brand-600 hover:underline" aria-expanded={showOlder} onClick={() => setShowOlder((v) => !v)} data-testid="toggle-older">
          {showOlder ? "Hide older versions" : `Show older versions (${olderCount}, downgrades are not possible)`}
        </button>
      )}
    </fieldset>
  );
}

function UpgradeSummary({ from, target }: { from: string | null | undefined; target: Option }) {
  return (
    <div className="card p-5 text-sm" data-testid="upgrade-summary">
      <h2 className="mb-2 font-semibold">What changes</h2>
      <p>
        Kubernetes <span className="font-mono">{from ?? "?"}</span> → <span className="font-mono font-semibold">{target.version}</span>
      </p>
      <p className="mt-1">Target: {eolText(target.eol)}.</p>
      <p className="mt-1 text-slate-600 dark:text-slate-400">The provider upgrades the control plane (and, depending on the provider, the nodes); workloads may be rescheduled while nodes are replaced.</p>
    </div>
  );
}

/**
 * Every version the provider knows for this cluster, allowed or disabled with the reason, from the
 * cluster re-read live; shows what changes (from → to, EOL of the target), confirm → operation.
 */
export function UpgradeWizard({ clusterId, clusterName }: { clusterId: string; clusterName: string }) {
  const router = useRouter();
  const q = useQuery({
    queryKey: ["upgrade-options", clusterId],
    queryFn: () => apiRequest<UpgradeOptionsResponse>(`/api/v1/clusters/${clusterId}/upgrade-options`),
    staleTime: 0,
  });
  const [choice, setChoice] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (q.isPending) return <p className="text-sm text-slate-500">Reading {clusterName} from the provider…</p>;
  if (q.isError) {
    return (
      <p className="field-error" role="alert">
        Could not read the cluster from the provider: {(q.error as Error).message}
      </p>
    );
  }
  const { cluster, options, runningOperation } = q.data;
  const target = options.find((o) => o.version === choice);
  const submit = async () => {
    if (!target) {
      setError("version: choose a version to upgrade to");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await apiRequest<{ operation: OperationSummary }>(`/api/v1/clusters/${clusterId}/upgrade`, { method: "POST", body: { version: target.version } });
      router.push(`/operations/${r.operation.id}`);
    } catch (e) {
      setBusy(false);
      setError((e as Error).message);
      void q.refetch();
    }
  };
  return (
    <div className="space-y-5">
      <div className="card p-5 text-sm">
        <p>
          <span className="font-medium">{cluster.name}</span> ({cluster.providerName}) runs Kubernetes <span className="font-mono" data-testid="current-version">{cluster.version ?? "unknown"}</span> and is{" "}
          <span className="font-medium">{cluster.status}</span>
          {cluster.providerStatus && cluster.providerStatus !== cluster.status ? ` (${cluster.providerStatus})` : ""} — read live from the provider just now.
        </p>
      </div>
      {runningOperation && (
        <div className="card p-5">
          <p className="mb-2 text-sm font-medium">Another operation runs on this cluster; upgrades wait until it finishes.</p>
          <OperationTimeline operation={runningOperation} compact />
        </div>
      )}
      <TargetVersions options={options} current={cluster.version} choice={choice} onChoose={setChoice} />
      {target && <UpgradeSummary from={cluster.version} target={target} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="button" className="btn-primary" onClick={submit} disabled={busy || !target || !!runningOperation}>
          {busy ? "Starting…" : target ? `Upgrade to ${target.version}` : "Upgrade"}
        </button>
        <Link href={`/clusters/${clusterId}`} className="btn-secondary">
          Cancel
        </Link>
      </div>
    </div>
  );
}
