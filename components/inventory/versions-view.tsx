/**
 * The Versions page: per provider, its Kubernetes versions with end of life, defaults, the clusters on
 * each and where they may upgrade. Rendered on the server (issue 20); <LiveRefresh> keeps it fresh.
 */
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import type { VersionRow } from "@/lib/inventory/api-types";
import { compareKubeVersions, isPlainKubeVersion } from "@/lib/kube-version";
import type { VersionsResponse } from "./api";
import { Badge } from "./badges";
import { formatDate, plural } from "./format";
import { providerName, type ProviderMap } from "./providers";

function EolCell({ v }: { v: VersionRow }) {
  const date = v.eol ? formatDate(v.eol) : null;
  if (v.eolState === "past") return <Badge tone="red">ended {date}</Badge>;
  if (v.eolState === "soon") return <Badge tone="amber">ends {date}</Badge>;
  return <span className="text-xs text-slate-600 dark:text-slate-400">{date ?? "—"}</span>;
}

function VersionCell({ v }: { v: VersionRow }) {
  return (
    <>
      <span className={`font-mono text-xs ${v.active ? "" : "text-slate-500"}`}>{v.version}</span> {v.isDefault && <Badge tone="blue">default</Badge>}{" "}
      {!v.active && (
        <Badge tone="slate" title="No longer offered for new clusters">
          inactive
        </Badge>
      )}
    </>
  );
}

// links to filtered cluster lists do not prefetch: each would be a server render at page load (issue 20)
function ClusterCountCell({ v, kind }: { v: VersionRow; kind: string }) {
  return v.clusterCount > 0 && isPlainKubeVersion(v.version) ? (
    <Link prefetch={false} href={`/clusters?provider=${encodeURIComponent(kind)}&version=${encodeURIComponent(v.version)}`} className="text-brand-600 hover:underline">
      {v.clusterCount}
    </Link>
  ) : (
    <span className={v.clusterCount ? "" : "text-slate-400"}>{v.clusterCount}</span>
  );
}

function UpgradesCell({ v }: { v: VersionRow }) {
  if (v.upgradesTo.length === 0) return <span className="text-xs text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {v.upgradesTo
        .slice()
        .sort(compareKubeVersions)
        .map((t) => (
          <span key={t} className="version-chip">
            {t}
          </span>
        ))}
    </span>
  );
}

/** one provider's versions table; the cluster count links to the clusters on that version */
function versionColumns(kind: string): ColumnDef<VersionRow, unknown>[] {
  const th = "px-4 py-1.5 font-medium";
  return [
    { id: "version", header: "Version", meta: { thClassName: th, tdClassName: "whitespace-nowrap px-4 py-1.5" }, cell: ({ row }) => <VersionCell v={row.original} /> },
    { id: "eol", header: "End of life", meta: { thClassName: th, tdClassName: "whitespace-nowrap px-4 py-1.5" }, cell: ({ row }) => <EolCell v={row.original} /> },
    { id: "clusters", header: "Clusters", meta: { thClassName: `${th} text-right`, tdClassName: "px-4 py-1.5 text-right tabular-nums" }, cell: ({ row }) => <ClusterCountCell v={row.original} kind={kind} /> },
    { id: "upgrades", header: "Clusters on it may upgrade to", meta: { thClassName: th, tdClassName: "px-4 py-1.5" }, cell: ({ row }) => <UpgradesCell v={row.original} /> },
  ];
}

const EOL_ROW_CLASS: Record<string, string> = { past: "bg-red-50 dark:bg-red-950/30", soon: "bg-amber-50 dark:bg-amber-950/30" };

function ProviderVersions({ kind, rows, providers }: { kind: string; rows: VersionRow[]; providers: ProviderMap }) {
  const sorted = rows.slice().sort((a, b) => compareKubeVersions(b.version, a.version));
  const clusters = rows.reduce((n, r) => n + r.clusterCount, 0);
  const onPast = rows.filter((r) => r.eolState === "past").reduce((n, r) => n + r.clusterCount, 0);
  const name = rows[0]?.providerName ?? providerName(providers, kind);
  return (
    <section className="card overflow-hidden" data-provider={kind} aria-label={name}>
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 className="font-semibold">{name}</h2>
        <span className="text-xs text-slate-500">
          {plural(rows.length, "version")} · {plural(clusters, "cluster")}
        </span>
        {onPast > 0 && (
          <Link prefetch={false} href={`/clusters?provider=${encodeURIComponent(kind)}&eol=past`} className="ml-auto">
            <Badge tone="red">{plural(onPast, "cluster")} past EOL</Badge>
          </Link>
        )}
      </header>
      <div className="overflow-x-auto">
        <DataTable
          data={sorted}
          columns={versionColumns(kind)}
          getRowId={(v) => v.version}
          theadClassName="text-xs uppercase tracking-wide text-slate-500"
          caption={`${name} Kubernetes versions`}
          rowProps={(v) => ({ "data-version": v.version, "data-eol": v.eolState, className: `border-t border-slate-100 dark:border-slate-800 ${EOL_ROW_CLASS[v.eolState] ?? ""}` })}
        />
      </div>
    </section>
  );
}

export function VersionsView({ providers, data }: { providers: ProviderMap; data: VersionsResponse | null }) {
  if (!data) {
    return (
      <div className="card px-6 py-10 text-center" role="alert">
        <p className="font-medium">Versions could not be loaded.</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The inventory did not answer in time; the page tries again by itself.</p>
      </div>
    );
  }
  if (data.items.length === 0) {
    return (
      <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center" role="status">
        <h2 className="text-lg font-semibold">No versions known yet</h2>
        <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">Each provider&apos;s Kubernetes versions appear here after the first sync of a connection.</p>
        <Link href="/connections" className="btn-primary">
          Connections
        </Link>
      </div>
    );
  }
  const byProvider = new Map<string, VersionRow[]>();
  for (const v of data.items) byProvider.set(v.provider, [...(byProvider.get(v.provider) ?? []), v]);
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
        <span className="inline-flex items-center gap-1">
          <span className="h-2.5 w-2.5 rounded-sm bg-red-200 dark:bg-red-900" /> past end of life
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="h-2.5 w-2.5 rounded-sm bg-amber-200 dark:bg-amber-900" /> end of life within 90 days
        </span>
      </p>
      {[...byProvider.entries()].map(([kind, rows]) => (
        <ProviderVersions key={kind} kind={kind} rows={rows} providers={providers} />
      ))}
    </div>
  );
}
