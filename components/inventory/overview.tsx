"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { StateBadge } from "@/components/connections/state-badge";
import type { OverviewResponse } from "@/lib/inventory/api-types";
import { fetchOverview, inventoryKeys, overviewIsBusy, POLL_BUSY_MS, POLL_CALM_MS } from "./api";
import { Badge, EolBadge, Skeleton, StatusBadge, statusLabel } from "./badges";
import { ConnectionWarnings, SyncButton } from "./connection-warnings";
import { formatAge, formatDateTime, plural } from "./format";
import { OperationsList } from "./operations";
import { providerName, type ProviderMap } from "./providers";
import { Clip } from "@/components/ui/clip";
import { compareKubeVersions, isPlainKubeVersion } from "@/lib/kube-version";

function Stat({ label, value, href, tone }: { label: string; value: React.ReactNode; href?: string; tone?: "red" | "amber" }) {
  const color = tone === "red" ? "text-red-600 dark:text-red-400" : tone === "amber" ? "text-amber-600 dark:text-amber-400" : "";
  const body = (
    <>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${color}`}>{value}</div>
    </>
  );
  return href ? (
    <Link href={href} className="card block p-4 transition hover:border-brand-500">
      {body}
    </Link>
  ) : (
    <div className="card p-4">{body}</div>
  );
}

function Section({ title, children, action, testId }: { title: string; children: React.ReactNode; action?: React.ReactNode; testId?: string }) {
  return (
    <section className="card p-4" data-testid={testId} aria-label={title}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** horizontal bars; `tone` colours a bar by what it means (EOL past / soon) */
export function BarChart({ rows, label }: { rows: { key: string; label: string; value: number; href?: string; tone?: "red" | "amber" | "brand" }[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (rows.length === 0) return <p className="text-sm text-slate-500">No data yet.</p>;
  return (
    <ul className="space-y-1.5" aria-label={label}>
      {rows.map((r) => {
        const bar = r.tone === "red" ? "bg-red-500" : r.tone === "amber" ? "bg-amber-500" : "bg-brand-500";
        const inner = (
          <>
            <span className="w-28 shrink-0 truncate text-sm sm:w-44" title={r.label}>
              {r.label}
            </span>
            <span className="relative h-4 flex-1 overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
              <span className={`absolute inset-y-0 left-0 rounded ${bar}`} style={{ width: `${Math.max(2, (r.value / max) * 100)}%` }} />
            </span>
            <span className="w-12 shrink-0 text-right text-sm tabular-nums">{r.value.toLocaleString()}</span>
          </>
        );
        return (
          <li key={r.key} data-bar={r.key} data-tone={r.tone ?? "brand"}>
            {r.href ? (
              <Link href={r.href} className="flex items-center gap-2 rounded hover:bg-slate-50 dark:hover:bg-slate-800/50" aria-label={`${r.label}: ${r.value}`}>
                {inner}
              </Link>
            ) : (
              <div className="flex items-center gap-2">{inner}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const EOL_ROWS = 12;

function OverviewSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading overview">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="card p-4">
            <Skeleton className="h-3 w-20" />
            <Skeleton className="mt-2 h-7 w-12" />
          </div>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="card space-y-2 p-4">
            {Array.from({ length: 5 }, (_, j) => (
              <Skeleton key={j} className="h-4 w-full" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

export function OverviewView({
  providers,
  canSync,
  initial,
  empty,
}: {
  providers: ProviderMap;
  canSync: boolean;
  initial: { data: OverviewResponse; at: number } | null;
  /** rendered while the team has no connection (the demo / connect actions) */
  empty: React.ReactNode;
}) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: inventoryKeys.overview(),
    queryFn: ({ signal }) => fetchOverview(signal),
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
    refetchInterval: (query) => {
      const d = query.state.data;
      return !d || d.connections.length === 0 || overviewIsBusy(d) ? POLL_BUSY_MS : POLL_CALM_MS;
    },
  });
  // a server re-render (e.g. after "Add demo connections") brings newer data than the cache
  useEffect(() => {
    if (!initial) return;
    const state = qc.getQueryState(inventoryKeys.overview());
    if (!state || state.dataUpdatedAt < initial.at) qc.setQueryData(inventoryKeys.overview(), initial.data, { updatedAt: initial.at });
  }, [initial, qc]);

  const d = q.data;
  if (!d) {
    if (q.isError)
      return (
        <div className="card px-6 py-10 text-center" role="alert">
          <p className="font-medium">The overview could not be loaded.</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{(q.error as Error).message}</p>
          <button type="button" className="btn-secondary mt-4" onClick={() => q.refetch()}>
            Try again
          </button>
        </div>
      );
    return <OverviewSkeleton />;
  }
  if (d.connections.length === 0) return <>{empty}</>;

  const t = d.totals;
  const failed = t.byStatus.failed ?? 0;
  const healthy = d.connections.filter((c) => c.state === "fresh" || c.state === "syncing").length;
  const firstSync = d.connections.some((c) => c.state === "never_synced");

  // EOL colour per minor from the API's complete per-version states (not from the capped list of EOL clusters)
  const versionTone = new Map<string, "red" | "amber">(Object.entries(t.eolByVersion ?? {}).map(([k, s]) => [k, s === "past" ? "red" : "amber"]));
  const versionRows = Object.entries(t.byVersion)
    // newest first; clusters whose version the provider does not report go last
    .sort(([a], [b]) => Number(!isPlainKubeVersion(a)) - Number(!isPlainKubeVersion(b)) || compareKubeVersions(b, a))
    .map(([v, n]) => ({ key: v, label: v === "" || v === "unknown" ? "unknown" : v, value: n, tone: versionTone.get(v) ?? ("brand" as const), href: isPlainKubeVersion(v) ? `/clusters?version=${encodeURIComponent(v)}` : undefined }));
  const providerRows = Object.entries(t.byProvider)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => ({ key: k, label: providerName(providers, k), value: n, href: `/clusters?provider=${encodeURIComponent(k)}` }));
  const statusRows = Object.entries(t.byStatus).sort(([, a], [, b]) => b - a);

  return (
    <div className="space-y-4">
      <ConnectionWarnings connections={d.connections} canSync={canSync} context="overview" />
      {firstSync && (
        <p className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100" role="status">
          The first sync of a new connection is running — its clusters appear here in a moment.
        </p>
      )}

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat label="Clusters" value={<span data-testid="total-clusters">{t.clusters.toLocaleString()}</span>} href="/clusters" />
        <Stat label="Failed" value={failed} tone={failed ? "red" : undefined} href="/clusters?status=failed" />
        <Stat label="Past end of life" value={d.eol.past} tone={d.eol.past ? "red" : undefined} href="/clusters?eol=past" />
        <Stat label="EOL within 90 days" value={d.eol.soon} tone={d.eol.soon ? "amber" : undefined} href="/clusters?eol=soon" />
        <Stat label="Connections up to date" value={`${healthy}/${d.connections.length}`} tone={healthy < d.connections.length ? "amber" : undefined} href="/connections" />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Clusters by provider" testId="by-provider">
          <BarChart rows={providerRows} label="Clusters by provider" />
        </Section>
        <Section title="Kubernetes version spread" testId="version-chart" action={<Link href="/versions" className="text-xs text-brand-600 hover:underline">Versions</Link>}>
          <BarChart rows={versionRows} label="Clusters by Kubernetes version" />
          <p className="mt-2 flex gap-3 text-xs text-slate-500">
            <span className="inline-flex items-center gap-1">
              <span className="h-2 w-2 rounded-sm bg-red-500" /> past EOL
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="h-2 w-2 rounded-sm bg-amber-500" /> EOL soon
            </span>
          </p>
        </Section>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <Section title="By status" testId="by-status">
          <ul className="flex flex-wrap gap-2">
            {statusRows.map(([s, n]) => (
              <li key={s}>
                <Link href={`/clusters?status=${encodeURIComponent(s)}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 text-sm hover:border-brand-500 dark:border-slate-700" aria-label={`${statusLabel(s)}: ${n}`}>
                  <StatusBadge status={s} /> <span className="tabular-nums">{n}</span>
                </Link>
              </li>
            ))}
            {statusRows.length === 0 && <li className="text-sm text-slate-500">No clusters yet.</li>}
          </ul>
        </Section>
        <Section title="Connections" testId="connections-health" action={<Link href="/connections" className="text-xs text-brand-600 hover:underline">Manage</Link>}>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {d.connections.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-sm" data-connection={c.name} data-state={c.state}>
                <Link href={`/connections/${c.id}`} className="line-clamp-1 min-w-0 break-all font-medium hover:underline" title={c.name}>
                  {c.name}
                </Link>
                <span className="text-xs text-slate-500">{c.providerName}</span>
                <span className="ml-auto flex items-center gap-2">
                  <span className="text-xs text-slate-500" title={c.syncedAt ? formatDateTime(c.syncedAt) : undefined}>
                    {formatAge(c.ageSeconds)}
                  </span>
                  <StateBadge state={c.state} />
                </span>
                {c.error && c.state !== "fresh" && <p className="basis-full break-words font-mono text-xs text-red-700 dark:text-red-400">{c.error}</p>}
              </li>
            ))}
          </ul>
          {canSync && (
            <div className="mt-2 text-right">
              <SyncAll />
            </div>
          )}
        </Section>
        <Section title="Operations in progress" testId="running-operations" action={<span className="text-xs text-slate-500">{d.runningOperations.length || ""}</span>}>
          {d.runningOperations.length === 0 ? <p className="text-sm text-slate-500">Nothing running.</p> : <OperationsList operations={d.runningOperations} compact />}
        </Section>
      </div>

      <Section
        title="Clusters past or near end of life"
        testId="eol-clusters"
        action={
          d.eol.past + d.eol.soon > 0 ? (
            <Link href="/clusters?eol=past,soon" className="text-xs text-brand-600 hover:underline">
              All {plural(d.eol.past + d.eol.soon, "cluster")}
            </Link>
          ) : undefined
        }
      >
        {d.eol.clusters.length === 0 ? (
          <p className="text-sm text-slate-500">Every cluster runs a supported version.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Cluster</th>
                  <th className="py-1 pr-3 font-medium">Provider</th>
                  <th className="py-1 pr-3 font-medium">Connection</th>
                  <th className="py-1 pr-3 font-medium">Version</th>
                  <th className="py-1 pr-3 font-medium">End of life</th>
                </tr>
              </thead>
              <tbody>
                {d.eol.clusters.slice(0, EOL_ROWS).map((c) => (
                  <tr key={c.id} className={`border-t border-slate-100 dark:border-slate-800 ${c.goneAt ? "opacity-50" : ""}`}>
                    <td className="whitespace-nowrap py-1.5 pr-3">
                      <Link href={`/clusters/${c.id}`} className="font-medium text-brand-600 hover:underline">
                        <Clip text={c.name} max="max-w-[16rem]" />
                      </Link>
                    </td>
                    <td className="whitespace-nowrap py-1.5 pr-3">{providerName(providers, c.provider)}</td>
                    <td className="whitespace-nowrap py-1.5 pr-3">
                      <Clip text={c.connectionName} max="max-w-[12rem]" />
                    </td>
                    <td className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs">
                      <Clip text={c.version} max="max-w-[8rem]" />
                    </td>
                    <td className="whitespace-nowrap py-1.5 pr-3">
                      <EolBadge state={c.eolState} eol={c.eol} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {q.isError && (
        <p className="text-xs text-red-600 dark:text-red-400" role="status">
          Could not refresh: {(q.error as Error).message} <Badge tone="slate">showing the last answer</Badge>
        </p>
      )}
    </div>
  );
}

function SyncAll() {
  return <SyncButton label="Refresh all now" />;
}
