"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { memo, useCallback, useMemo, useState } from "react";
import type { ClusterListResponse, ClusterRow } from "@/lib/inventory/api-types";
import { fetchClusters, inventoryKeys, listIsBusy, POLL_BUSY_MS, POLL_CALM_MS, savePreference } from "./api";
import { Badge, EolBadge, Skeleton, StatusBadge } from "./badges";
import { ClusterFilters } from "./cluster-filters";
import { ConnectionWarnings } from "./connection-warnings";
import { formatDate, plural } from "./format";
import { hasInsecureTls, INSECURE_TLS_MARK } from "@/lib/providers/kubernetes/marks";
import { providerName, type ProviderMap } from "./providers";
import { activeFilterCount, apiQueryString, clearFilters, csvHref, PAGE_SIZES, pageQueryString, parseClusterQuery, sortState, type ClusterQuery, type GroupKey } from "./query";
import { acceptAll, reconcile, type StableView } from "./stable-rows";

export const COLUMNS_PREFERENCE = "clusters.columns";

type ColumnId = "name" | "status" | "provider" | "connection" | "scope" | "region" | "version" | "eol" | "nodes" | "created" | "providerStatus" | "externalId" | "apiEndpoint" | "lastSeen";
interface ColumnMeta {
  id: ColumnId;
  label: string;
  /** the API's sort key when the column sorts */
  sort?: string;
  always?: boolean;
  numeric?: boolean;
}

const COLUMN_META: readonly ColumnMeta[] = [
  { id: "name", label: "Name", sort: "name", always: true },
  { id: "status", label: "Status", sort: "status" },
  { id: "provider", label: "Provider", sort: "provider" },
  { id: "connection", label: "Connection", sort: "connection" },
  { id: "scope", label: "Scope", sort: "scope" },
  { id: "region", label: "Region", sort: "region" },
  { id: "version", label: "Version", sort: "version" },
  { id: "eol", label: "End of life", sort: "eol" },
  { id: "nodes", label: "Nodes", sort: "nodes", numeric: true },
  { id: "created", label: "Created", sort: "created" },
  { id: "providerStatus", label: "Provider status" },
  { id: "externalId", label: "Provider id" },
  { id: "apiEndpoint", label: "API endpoint" },
  { id: "lastSeen", label: "Last seen" },
];
const DEFAULT_COLUMNS: ColumnId[] = ["name", "status", "provider", "connection", "scope", "region", "version", "eol", "nodes"];
const META_BY_ID = new Map<string, ColumnMeta>(COLUMN_META.map((c) => [c.id, c]));

const columnDefs: ColumnDef<ClusterRow>[] = COLUMN_META.map((c) => ({
  id: c.id,
  header: c.label,
  enableHiding: !c.always,
}));

function visibilityFrom(columns: string[] | null): VisibilityState {
  const shown = new Set<string>(columns?.length ? columns : DEFAULT_COLUMNS);
  return Object.fromEntries(COLUMN_META.map((c) => [c.id, !!c.always || shown.has(c.id)]));
}

function groupValue(r: ClusterRow, g: GroupKey, providers: ProviderMap): { key: string; label: string } {
  if (g === "provider") return { key: r.provider, label: providerName(providers, r.provider) };
  if (g === "connection") return { key: r.connectionId, label: `${r.connectionName} · ${providerName(providers, r.provider)}` };
  return { key: `${r.connectionId}/${r.scope}`, label: `${r.scopeName ?? r.scope} · ${r.connectionName}` };
}

function Cell({ id, r, providers }: { id: ColumnId; r: ClusterRow; providers: ProviderMap }) {
  switch (id) {
    case "name":
      return (
        <div className="flex min-w-0 items-center gap-1.5">
          <Link href={`/clusters/${r.id}`} className="truncate font-medium text-brand-600 hover:underline dark:text-brand-500" title={r.name}>
            {r.name}
          </Link>
          {r.protected && (
            <span title="Protected from deletion" aria-label="protected" className="text-xs">
              🔒
            </span>
          )}
          {r.connectionState !== "fresh" && r.connectionState !== "syncing" && (
            <span title={`Data from a ${r.connectionState.replace("_", " ")} connection — last known state`} aria-label="stale data" className="text-amber-600 dark:text-amber-400">
              ⚠
            </span>
          )}
        </div>
      );
    case "status":
      return (
        <div className="flex items-center gap-1">
          <StatusBadge status={r.status} providerStatus={r.providerStatus} gone={!!r.goneAt} />
          {hasInsecureTls(r.providerStatus) && (
            <Badge tone="red" title={INSECURE_TLS_MARK}>
              TLS not verified
            </Badge>
          )}
          {r.runningOperation && (
            <Badge tone="purple" title={`Operation ${r.runningOperation.state}`}>
              {r.runningOperation.kind}…
            </Badge>
          )}
        </div>
      );
    case "provider":
      return <>{providerName(providers, r.provider)}</>;
    case "connection":
      return <span title={r.connectionName}>{r.connectionName}</span>;
    case "scope":
      return <span title={r.scopeName && r.scopeName !== r.scope ? `${r.scopeName} (${r.scope})` : r.scope}>{r.scopeName ?? r.scope}</span>;
    case "region":
      return <span title={r.region ?? undefined}>{r.region ?? "—"}</span>;
    case "version":
      return <span className="font-mono text-xs">{r.version ?? "—"}</span>;
    case "eol":
      return <EolBadge state={r.eolState} eol={r.eol} />;
    case "nodes":
      return <>{r.nodeCount}</>;
    case "created":
      return <>{formatDate(r.createdAt)}</>;
    case "providerStatus":
      return <span className="font-mono text-xs" title={r.providerStatus ?? undefined}>{r.providerStatus ?? "—"}</span>;
    case "externalId":
      return <span className="font-mono text-xs" title={r.externalId}>{r.externalId}</span>;
    case "apiEndpoint":
      return <span className="font-mono text-xs" title={r.apiEndpoint ?? undefined}>{r.apiEndpoint ?? "—"}</span>;
    case "lastSeen":
      return <>{formatDate(r.lastSeenAt)}</>;
  }
}

/** one light, memoised row: TanStack Query's structural sharing keeps unchanged rows identical */
const Row = memo(function Row({ r, left, columns, providers }: { r: ClusterRow; left: boolean; columns: ColumnId[]; providers: ProviderMap }) {
  const dim = !!r.goneAt || left;
  return (
    <tr
      className={`h-10 border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/40 ${dim ? "opacity-50" : ""}`}
      data-cluster={r.name}
      data-gone={r.goneAt ? "true" : undefined}
      title={r.goneAt ? `No longer listed by the provider since ${formatDate(r.goneAt)}` : left ? "Changed since — no longer matches this view" : undefined}
    >
      {columns.map((c) => (
        <td key={c} className={`whitespace-nowrap px-3 py-1.5 ${META_BY_ID.get(c)?.numeric ? "text-right tabular-nums" : ""}`}>
          {/* a table cell ignores max-width: the block inside bounds provider text (full value in its title) */}
          <div className="max-w-56 truncate">
            <Cell id={c} r={r} providers={providers} />
          </div>
        </td>
      ))}
    </tr>
  );
});

function SkeletonRows({ columns, n = 8 }: { columns: number; n?: number }) {
  return (
    <>
      {Array.from({ length: n }, (_, i) => (
        <tr key={i} className="h-10 border-b border-slate-100 dark:border-slate-800">
          {Array.from({ length: columns }, (_, j) => (
            <td key={j} className="px-3 py-1.5">
              <Skeleton className={`h-4 ${j === 0 ? "w-40" : "w-16"}`} />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

function ColumnsMenu({ table }: { table: ReturnType<typeof useReactTable<ClusterRow>> }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="btn-secondary">Columns</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {table
            .getAllLeafColumns()
            .filter((c) => c.getCanHide())
            .map((c) => (
              <DropdownMenu.CheckboxItem
                key={c.id}
                checked={c.getIsVisible()}
                onCheckedChange={(v) => c.toggleVisibility(!!v)}
                onSelect={(e) => e.preventDefault()}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800"
              >
                <span className="w-4 text-center">{c.getIsVisible() ? "✓" : ""}</span>
                {String(c.columnDef.header)}
              </DropdownMenu.CheckboxItem>
            ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function ClustersView({
  providers,
  initialColumns,
  canSync,
  initial,
}: {
  providers: ProviderMap;
  initialColumns: string[] | null;
  canSync: boolean;
  /** the server's first answer for the URL it rendered (no spinner on first paint) */
  initial?: { query: string; data: ClusterListResponse; at: number } | null;
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parseClusterQuery(searchParams), [searchParams]);
  const apiQuery = apiQueryString(query);

  // filters live in the URL; the native history API keeps Next's router (and useSearchParams) in step without a server round trip
  const setQuery = useCallback(
    (patch: Partial<ClusterQuery>, mode: "push" | "replace" = "push") => {
      const qs = pageQueryString({ ...query, ...patch });
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname, query],
  );

  const list = useQuery({
    queryKey: inventoryKeys.clusters(apiQuery),
    queryFn: ({ signal }) => fetchClusters(apiQuery, signal),
    placeholderData: keepPreviousData,
    initialData: initial && initial.query === apiQuery ? initial.data : undefined,
    initialDataUpdatedAt: initial?.at,
    refetchInterval: (q) => (listIsBusy(q.state.data) ? POLL_BUSY_MS : POLL_CALM_MS),
  });
  const data = list.data;

  // rows keep still under background refreshes; new ones are announced (see stable-rows.ts)
  const [view, setView] = useState<StableView<ClusterRow> | null>(null);
  if (data && !list.isPlaceholderData && view?.source !== data) {
    setView(reconcile(view, apiQuery, data.items, data));
  }
  const showLatest = () => data && setView(acceptAll(apiQuery, data.items, data));

  // "Clear filters" also resets what the filter fields hold locally (e.g. an invalid version and its message)
  const [filtersGeneration, setFiltersGeneration] = useState(0);
  const clearAll = () => {
    setQuery(clearFilters(query));
    setFiltersGeneration((g) => g + 1);
  };
  const [visibility, setVisibility] = useState<VisibilityState>(() => visibilityFrom(initialColumns));
  const savePrefs = useMutation({ mutationFn: (cols: string[]) => savePreference(COLUMNS_PREFERENCE, cols) });

  const rows = useMemo(() => view?.rows.map((r) => r.row) ?? [], [view]);
  const total = data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    state: { columnVisibility: visibility },
    manualPagination: true,
    manualFiltering: true,
    pageCount,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(visibility) : updater;
      setVisibility(next);
      savePrefs.mutate(COLUMN_META.filter((c) => next[c.id] !== false).map((c) => c.id));
    },
  });
  const visibleColumns = table.getVisibleLeafColumns().map((c) => c.id as ColumnId);

  const filtersActive = activeFilterCount(query) > 0;
  const connections = data?.connections ?? [];
  const firstLoad = !data && list.isPending;
  const from = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  const to = Math.min(total, query.page * query.pageSize);

  // groups of the current page (the API sorts by the group column, so groups stay together)
  const groupCounts = useMemo(() => {
    const m = new Map<string, number>();
    if (query.group && view) for (const { row } of view.rows) m.set(groupValue(row, query.group, providers).key, (m.get(groupValue(row, query.group, providers).key) ?? 0) + 1);
    return m;
  }, [view, query.group, providers]);

  if (data && data.connections.length === 0) {
    return (
      <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center" role="status">
        <h2 className="text-lg font-semibold">No connections yet</h2>
        <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">Connect a provider account and Clusterdeck lists its clusters here.</p>
        <Link href="/connections" className="btn-primary">
          Connect a provider
        </Link>
      </div>
    );
  }

  let lastGroup: string | null = null;
  return (
    <div>
      <ClusterFilters key={filtersGeneration} query={query} onChange={setQuery} providers={providers} connections={connections} />
      <ConnectionWarnings
        // only the connections this view can include
        connections={connections.filter((c) => (!query.provider.length || query.provider.includes(c.provider)) && (!query.connection.length || query.connection.includes(c.id)))}
        canSync={canSync}
      />

      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <p className="text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="cluster-count">
          {firstLoad ? "Loading clusters…" : total === 0 ? "No clusters" : `${from.toLocaleString()}–${to.toLocaleString()} of ${plural(total, "cluster")}`}
          {list.isFetching && !firstLoad && <span className="ml-2 inline-block h-2 w-2 animate-pulse rounded-full bg-brand-500 align-middle" title="Refreshing" />}
        </p>
        {list.isError && data && <span className="text-xs text-red-600 dark:text-red-400">Could not refresh: {(list.error as Error).message}</span>}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {filtersActive && (
            <button type="button" className="btn-secondary" onClick={clearAll}>
              Clear filters
            </button>
          )}
          <a className="btn-secondary" href={csvHref(query)} download>
            Export CSV
          </a>
          <ColumnsMenu table={table} />
        </div>
      </div>

      {view && (view.newIds.length > 0 || view.leftIds.length > 0) && (
        <div role="status" className="mb-2 flex flex-wrap items-center gap-3 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100">
          <span>
            {view.newIds.length > 0 && `${plural(view.newIds.length, "new cluster")}`}
            {view.newIds.length > 0 && view.leftIds.length > 0 && " · "}
            {view.leftIds.length > 0 && `${plural(view.leftIds.length, "cluster")} no longer in this view`}
          </span>
          <button type="button" className="btn-secondary !py-0.5" onClick={showLatest}>
            Show
          </button>
        </div>
      )}

      {list.isError && !data ? (
        <div className="card px-6 py-10 text-center" role="alert">
          <p className="font-medium">The inventory could not be loaded.</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{(list.error as Error).message}</p>
          <button type="button" className="btn-secondary mt-4" onClick={() => list.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <div className={`card overflow-x-auto transition-opacity ${list.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={list.isFetching}>
          <table className="w-full text-left text-sm" data-testid="clusters-table">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>
                  {hg.headers.map((h) => {
                    const meta = META_BY_ID.get(h.column.id);
                    // the API sorts (server-side, like ?sort= in the address); the header only writes the URL
                    const sorted = meta?.sort && sortState(query.sort).id === meta.sort ? (sortState(query.sort).desc ? "desc" : "asc") : false;
                    const label = String(h.column.columnDef.header);
                    return (
                      <th key={h.id} scope="col" className={`whitespace-nowrap px-3 py-2 font-medium ${meta?.numeric ? "text-right" : ""}`} aria-sort={meta?.sort ? (sorted === "desc" ? "descending" : sorted === "asc" ? "ascending" : "none") : undefined}>
                        {meta?.sort ? (
                          <button
                            type="button"
                            data-sort={meta.sort}
                            className="inline-flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-slate-100"
                            title={`Sort by ${label.toLowerCase()}${sorted === "asc" ? " (descending next)" : ""}`}
                            onClick={() => setQuery({ sort: sorted === "asc" ? `-${meta.sort}` : meta.sort!, page: 1 })}
                          >
                            {label}
                            <span aria-hidden className={sorted ? "" : "opacity-30"}>
                              {sorted === "desc" ? "▼" : sorted === "asc" ? "▲" : "↕"}
                            </span>
                            <span className="sr-only">{sorted === "desc" ? ", sorted descending" : sorted === "asc" ? ", sorted ascending" : ""}</span>
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {firstLoad && <SkeletonRows columns={visibleColumns.length} />}
              {view?.rows.map(({ row, left }) => {
                let header: React.ReactNode = null;
                if (query.group) {
                  const g = groupValue(row, query.group, providers);
                  if (g.key !== lastGroup) {
                    lastGroup = g.key;
                    header = (
                      <tr key={`g:${g.key}`} className="bg-slate-100/70 dark:bg-slate-800/60" data-group={g.label}>
                        <th colSpan={visibleColumns.length} scope="colgroup" className="px-3 py-1.5 text-left text-xs font-semibold text-slate-700 dark:text-slate-200">
                          {g.label} <span className="font-normal text-slate-500">· {groupCounts.get(g.key)} on this page</span>
                        </th>
                      </tr>
                    );
                  }
                }
                return [header, <Row key={row.id} r={row} left={left} columns={visibleColumns} providers={providers} />];
              })}
            </tbody>
          </table>
          {data && view && view.rows.length === 0 && (
            <div className="px-6 py-10 text-center" role="status">
              {filtersActive ? (
                <>
                  <p className="font-medium">No clusters match these filters.</p>
                  <button type="button" className="btn-secondary mt-3" onClick={clearAll}>
                    Clear filters
                  </button>
                </>
              ) : data.connections.some((c) => c.state === "never_synced" || c.state === "syncing") ? (
                <p className="text-sm text-slate-600 dark:text-slate-400">The first sync is still running — clusters appear here in a moment.</p>
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">The connected accounts have no clusters yet.</p>
              )}
            </div>
          )}
        </div>
      )}

      <nav className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="Pagination">
        <div className="flex items-center gap-2">
          <label htmlFor="page-size" className="text-slate-600 dark:text-slate-400">
            Rows per page
          </label>
          <select id="page-size" className="input !w-auto !py-1" value={query.pageSize} onChange={(e) => setQuery({ pageSize: Number(e.target.value), page: 1 })}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2">
          <button type="button" className="btn-secondary" disabled={query.page <= 1} onClick={() => setQuery({ page: query.page - 1 })}>
            Previous
          </button>
          <span className="tabular-nums text-slate-600 dark:text-slate-400">
            Page {query.page} of {pageCount}
          </span>
          <button type="button" className="btn-secondary" disabled={query.page >= pageCount} onClick={() => setQuery({ page: query.page + 1 })}>
            Next
          </button>
        </div>
      </nav>
    </div>
  );
}
