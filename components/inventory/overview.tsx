/**
 * The Overview: totals, charts, connections, running operations and end-of-life clusters. Rendered
 * on the server from the overview read model (issue 20: no chart or list code ships to the browser);
 * <LiveRefresh> (live-refresh.tsx) keeps it fresh by re-rendering the page on the old polling rhythm.
 */
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { StateBadge } from "@/components/connections/state-badge";
import { Clip } from "@/components/ui/clip";
import { DataTable } from "@/components/ui/data-table";
import { SectionCard } from "@/components/ui/section-card";
import type { OverviewResponse } from "@/lib/inventory/api-types";
import { EolBadge, StatusBadge, statusLabel } from "./badges";
import { ConnectionWarnings, SyncButton } from "./connection-warnings";
import { formatAge, formatDateTime, plural } from "./format";
import { BarChart, providerRows, versionRows } from "./overview-charts";
import { OperationsList } from "./operations";
import { providerName, type ProviderMap } from "./providers";

// the Overview's many links to filtered lists do not prefetch (each would be a server render at page load; issue 20)
function Stat({ label, value, href, tone }: { label: string; value: React.ReactNode; href?: string; tone?: "red" | "amber" }) {
  const color = tone === "red" ? "text-red-600 dark:text-red-400" : tone === "amber" ? "text-amber-600 dark:text-amber-400" : "";
  const body = (
    <>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${color}`}>{value}</div>
    </>
  );
  return href ? (
    <Link prefetch={false} href={href} className="card block p-4 transition hover:border-brand-500">
      {body}
    </Link>
  ) : (
    <div className="card p-4">{body}</div>
  );
}

const EOL_ROWS = 12;

function Stats({ d }: { d: OverviewResponse }) {
  const t = d.totals;
  const failed = t.byStatus.failed ?? 0;
  const healthy = d.connections.filter((c) => c.state === "fresh" || c.state === "syncing").length;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
      <Stat label="Clusters" value={<span data-testid="total-clusters">{t.clusters.toLocaleString()}</span>} href="/clusters" />
      <Stat label="Failed" value={failed} tone={failed ? "red" : undefined} href="/clusters?status=failed" />
      <Stat label="Past end of life" value={d.eol.past} tone={d.eol.past ? "red" : undefined} href="/clusters?eol=past" />
      <Stat label="EOL within 90 days" value={d.eol.soon} tone={d.eol.soon ? "amber" : undefined} href="/clusters?eol=soon" />
      <Stat label="Connections up to date" value={`${healthy}/${d.connections.length}`} tone={healthy < d.connections.length ? "amber" : undefined} href="/connections" />
    </div>
  );
}

function Charts({ d, providers }: { d: OverviewResponse; providers: ProviderMap }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <SectionCard title="Clusters by provider" testId="by-provider">
        <BarChart rows={providerRows(d.totals, providers)} label="Clusters by provider" />
      </SectionCard>
      <SectionCard title="Kubernetes version spread" testId="version-chart" action={<Link href="/versions" className="text-xs text-brand-600 hover:underline">Versions</Link>}>
        <BarChart rows={versionRows(d.totals)} label="Clusters by Kubernetes version" />
        <p className="mt-2 flex gap-3 text-xs text-slate-500">
          <span className="inline-flex items-center gap-1">
            <span className="h-2 w-2 rounded-sm bg-red-500" /> past EOL
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="h-2 w-2 rounded-sm bg-amber-500" /> EOL soon
          </span>
        </p>
      </SectionCard>
    </div>
  );
}

function ByStatus({ byStatus }: { byStatus: Record<string, number> }) {
  const statusRows = Object.entries(byStatus).sort(([, a], [, b]) => b - a);
  return (
    <SectionCard title="By status" testId="by-status">
      <ul className="flex flex-wrap gap-2">
        {statusRows.map(([s, n]) => (
          <li key={s}>
            <Link prefetch={false} href={`/clusters?status=${encodeURIComponent(s)}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 text-sm hover:border-brand-500 dark:border-slate-700" aria-label={`${statusLabel(s)}: ${n}`}>
              <StatusBadge status={s} /> <span className="tabular-nums">{n}</span>
            </Link>
          </li>
        ))}
        {statusRows.length === 0 && <li className="text-sm text-slate-500">No clusters yet.</li>}
      </ul>
    </SectionCard>
  );
}

function ConnectionsHealth({ connections, canSync }: { connections: OverviewResponse["connections"]; canSync: boolean }) {
  return (
    <SectionCard title="Connections" testId="connections-health" action={<Link href="/connections" className="text-xs text-brand-600 hover:underline">Manage</Link>}>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {connections.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-sm" data-connection={c.name} data-state={c.state}>
            <Link prefetch={false} href={`/connections/${c.id}`} className="line-clamp-1 min-w-0 break-all font-medium hover:underline" title={c.name}>
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
          <SyncButton label="Refresh all now" />
        </div>
      )}
    </SectionCard>
  );
}

type EolCluster = OverviewResponse["eol"]["clusters"][number];

function eolColumns(providers: ProviderMap): ColumnDef<EolCluster, unknown>[] {
  const th = "py-1 pr-3 font-medium";
  const td = "whitespace-nowrap py-1.5 pr-3";
  return [
    {
      id: "cluster",
      header: "Cluster",
      meta: { thClassName: th, tdClassName: td },
      cell: ({ row: { original: c } }) => (
        <Link prefetch={false} href={`/clusters/${c.id}`} className="font-medium text-brand-600 hover:underline">
          <Clip text={c.name} max="max-w-[16rem]" />
        </Link>
      ),
    },
    { id: "provider", header: "Provider", meta: { thClassName: th, tdClassName: td }, cell: ({ row }) => providerName(providers, row.original.provider) },
    { id: "connection", header: "Connection", meta: { thClassName: th, tdClassName: td }, cell: ({ row }) => <Clip text={row.original.connectionName} max="max-w-[12rem]" /> },
    { id: "version", header: "Version", meta: { thClassName: th, tdClassName: `${td} font-mono text-xs` }, cell: ({ row }) => <Clip text={row.original.version} max="max-w-[8rem]" /> },
    { id: "eol", header: "End of life", meta: { thClassName: th, tdClassName: td }, cell: ({ row }) => <EolBadge state={row.original.eolState} eol={row.original.eol} /> },
  ];
}

function EolClusters({ eol, providers }: { eol: OverviewResponse["eol"]; providers: ProviderMap }) {
  const all = eol.past + eol.soon;
  const action = all > 0 ? <Link prefetch={false} href="/clusters?eol=past,soon" className="text-xs text-brand-600 hover:underline">All {plural(all, "cluster")}</Link> : undefined;
  return (
    <SectionCard title="Clusters past or near end of life" testId="eol-clusters" action={action}>
      {eol.clusters.length === 0 ? (
        <p className="text-sm text-slate-500">Every cluster runs a supported version.</p>
      ) : (
        <div className="overflow-x-auto">
          <DataTable
            data={eol.clusters.slice(0, EOL_ROWS)}
            columns={eolColumns(providers)}
            getRowId={(c) => c.id}
            theadClassName="text-xs uppercase tracking-wide text-slate-500"
            caption="Clusters past or near end of life"
            rowProps={(c) => ({ className: `border-t border-slate-100 dark:border-slate-800 ${c.goneAt ? "opacity-50" : ""}` })}
          />
        </div>
      )}
    </SectionCard>
  );
}

/** the Overview of a team with connections (the page shows its empty state otherwise) */
export function OverviewBody({ d, providers, canSync }: { d: OverviewResponse; providers: ProviderMap; canSync: boolean }) {
  const firstSync = d.connections.some((c) => c.state === "never_synced");
  return (
    <div className="space-y-4">
      <ConnectionWarnings connections={d.connections} canSync={canSync} context="overview" />
      {firstSync && (
        <p className="rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100" role="status">
          The first sync of a new connection is running — its clusters appear here in a moment.
        </p>
      )}
      <Stats d={d} />
      <Charts d={d} providers={providers} />
      <div className="grid gap-4 lg:grid-cols-3">
        <ByStatus byStatus={d.totals.byStatus} />
        <ConnectionsHealth connections={d.connections} canSync={canSync} />
        <SectionCard title="Operations in progress" testId="running-operations" action={<span className="text-xs text-slate-500">{d.runningOperations.length || ""}</span>}>
          {d.runningOperations.length === 0 ? <p className="text-sm text-slate-500">Nothing running.</p> : <OperationsList operations={d.runningOperations} compact />}
        </SectionCard>
      </div>
      <EolClusters eol={d.eol} providers={providers} />
    </div>
  );
}

/** the overview's read failed on the server: said plainly, with a way to try again */
export function OverviewUnavailable() {
  return (
    <div className="card px-6 py-10 text-center" role="alert">
      <p className="font-medium">The overview could not be loaded.</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The inventory did not answer in time; the page tries again by itself.</p>
      <Link href="/" className="btn-secondary mt-4 inline-block">
        Try again
      </Link>
    </div>
  );
}
