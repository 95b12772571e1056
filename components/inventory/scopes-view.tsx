"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { StateBadge } from "@/components/connections/state-badge";
import { DataTable } from "@/components/ui/data-table";
import type { ScopeRow } from "@/lib/inventory/api-types";
import { fetchScopes, inventoryKeys, isBusyConnection, POLL_BUSY_MS, POLL_CALM_MS, type ScopesResponse } from "./api";
import { Skeleton } from "./badges";
import { ConnectionWarnings } from "./connection-warnings";
import { formatAge, plural } from "./format";
import { providerName, scopeLabel, type ProviderMap } from "./providers";

/** the columns of one connection's scopes table; the cluster count links to the clusters of that scope */
function scopeColumns(connectionId: string, label: string): ColumnDef<ScopeRow, unknown>[] {
  const cell = "px-4 py-1.5";
  return [
    {
      id: "name",
      header: label,
      meta: { thClassName: `${cell} font-medium`, tdClassName: cell },
      cell: ({ row: { original: s } }) => (
        <>
          {s.name}
          {s.kind && s.kind.toLowerCase() !== label.toLowerCase() && <span className="ml-1 text-xs text-slate-500">({s.kind})</span>}
        </>
      ),
    },
    { id: "id", header: "Id", meta: { thClassName: `${cell} font-medium`, tdClassName: `${cell} font-mono text-xs text-slate-500` }, cell: ({ row }) => row.original.externalId },
    {
      id: "clusters",
      header: "Clusters",
      meta: { thClassName: `${cell} text-right font-medium`, tdClassName: `${cell} text-right tabular-nums` },
      cell: ({ row: { original: s } }) =>
        s.clusterCount > 0 ? (
          <Link href={`/clusters?connection=${encodeURIComponent(connectionId)}&scope=${encodeURIComponent(s.externalId)}`} className="text-brand-600 hover:underline" aria-label={`${plural(s.clusterCount, "cluster")} in ${s.name}`}>
            {s.clusterCount}
          </Link>
        ) : (
          <span className="text-slate-400">0</span>
        ),
    },
  ];
}

export function ScopesView({ providers, initial, canSync }: { providers: ProviderMap; initial: { data: ScopesResponse; at: number } | null; canSync: boolean }) {
  const q = useQuery({
    queryKey: inventoryKeys.scopes(),
    queryFn: ({ signal }) => fetchScopes(signal),
    initialData: initial?.data,
    initialDataUpdatedAt: initial?.at,
    refetchInterval: (query) => (query.state.data?.connections.some(isBusyConnection) ? POLL_BUSY_MS : POLL_CALM_MS),
  });
  const d = q.data;
  if (!d) {
    if (q.isError)
      return (
        <div className="card px-6 py-10 text-center" role="alert">
          <p className="font-medium">Scopes could not be loaded.</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{(q.error as Error).message}</p>
        </div>
      );
    return (
      <div className="card space-y-2 p-4" aria-busy="true">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    );
  }
  if (d.connections.length === 0) {
    return (
      <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center" role="status">
        <h2 className="text-lg font-semibold">No connections yet</h2>
        <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">Organizations, projects, regions and zones appear here once a provider is connected.</p>
        <Link href="/connections" className="btn-primary">
          Connect a provider
        </Link>
      </div>
    );
  }
  const byConnection = new Map<string, ScopeRow[]>();
  for (const s of d.items) byConnection.set(s.connectionId, [...(byConnection.get(s.connectionId) ?? []), s]);

  return (
    <div className="space-y-4">
      <ConnectionWarnings connections={d.connections} canSync={canSync} />
      <div className="grid gap-4 lg:grid-cols-2">
        {d.connections.map((c) => {
          const scopes = (byConnection.get(c.id) ?? []).slice().sort((a, b) => b.clusterCount - a.clusterCount || a.name.localeCompare(b.name));
          const label = scopeLabel(providers, c.provider);
          return (
            <section key={c.id} className="card overflow-hidden" data-connection={c.name} aria-label={c.name}>
              <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
                <Link href={`/connections/${c.id}`} className="font-semibold hover:underline">
                  {c.name}
                </Link>
                <span className="text-xs text-slate-500">{providerName(providers, c.provider)}</span>
                <span className="ml-auto flex items-center gap-2 text-xs text-slate-500">
                  {formatAge(c.ageSeconds)} <StateBadge state={c.state} />
                </span>
              </header>
              {scopes.length === 0 ? (
                <p className="px-4 py-3 text-sm text-slate-500">{c.state === "never_synced" ? "Not synced yet." : `No ${label.toLowerCase()}s visible to these credentials.`}</p>
              ) : (
                <div className="overflow-x-auto">
                  <DataTable
                    data={scopes}
                    columns={scopeColumns(c.id, label)}
                    getRowId={(s) => s.id}
                    theadClassName="text-xs uppercase tracking-wide text-slate-500"
                    rowProps={(s) => ({ className: "border-t border-slate-100 dark:border-slate-800", "data-scope": s.name })}
                  />
                </div>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
