"use client";
/**
 * The clusters view: filters, the table of one page of clusters, pagination. Its parts live in
 * ./clusters/ (columns, cells and rows, header, toolbar, states, and the hooks that hold the state).
 */
import { lazy, Suspense, useState } from "react";
import type { ConnectionSummary } from "@/lib/inventory/api-types";
import { ClusterFilters } from "./cluster-filters";
import { isUnhealthyConnection } from "./api";
import type { ProviderMap } from "./providers";
import { activeFilterCount, clearFilters, type ClusterQuery } from "./query";
import { ClustersTableHead } from "./clusters/header";
import { useClusterList, useClusterQuery, useClustersColumns, type InitialClusters } from "./clusters/hooks";
import { Pagination } from "./clusters/pagination";
import { ClusterRows, SkeletonRows } from "./clusters/rows";
import { LoadError, NoConnections, NoRows } from "./clusters/states";
import { ChangesNotice, ClustersToolbar } from "./clusters/toolbar";

// the warnings' code (state badges, "Retry sync") loads only when a connection in view is unhealthy; the
// server renders them, and the browser hydrates them once the code is there (issue 20)
const ConnectionWarnings = lazy(() => import("./connection-warnings").then((m) => ({ default: m.ConnectionWarnings })));

/** only the connections this view can include */
function inView(connections: ConnectionSummary[], query: ClusterQuery): ConnectionSummary[] {
  return connections.filter((c) => (!query.provider.length || query.provider.includes(c.provider)) && (!query.connection.length || query.connection.includes(c.id)));
}

export function ClustersView({ providers, initialColumns, canSync, initial, defaultPageSize }: { providers: ProviderMap; initialColumns: string[] | null; canSync: boolean; initial?: InitialClusters; defaultPageSize?: number }) {
  const { query, apiQuery, setQuery } = useClusterQuery(defaultPageSize);
  const { list, data, view, showLatest } = useClusterList(apiQuery, initial);
  const total = data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const { visibility, changeVisibility, visibleColumns } = useClustersColumns(initialColumns);
  // "Clear filters" also resets what the filter fields hold locally (e.g. an invalid version and its message)
  const [filtersGeneration, setFiltersGeneration] = useState(0);
  const clearAll = () => {
    setQuery(clearFilters(query));
    setFiltersGeneration((g) => g + 1);
  };

  if (data && data.connections.length === 0) return <NoConnections />;
  const filtersActive = activeFilterCount(query) > 0;
  const connections = data?.connections ?? [];
  const firstLoad = !data && list.isPending;
  return (
    <div>
      <ClusterFilters key={filtersGeneration} query={query} onChange={setQuery} providers={providers} connections={connections} />
      {connections.some(isUnhealthyConnection) && (
        <Suspense>
          <ConnectionWarnings connections={inView(connections, query)} canSync={canSync} />
        </Suspense>
      )}
      <ClustersToolbar query={query} total={total} firstLoad={firstLoad} fetching={list.isFetching} refreshError={list.isError && data ? (list.error as Error).message : null} filtersActive={filtersActive} onClearFilters={clearAll} visibility={visibility} onVisibilityChange={changeVisibility} />
      <ChangesNotice view={view} onShow={showLatest} />
      {list.isError && !data ? (
        <LoadError message={(list.error as Error).message} onRetry={() => list.refetch()} />
      ) : (
        <div className={`card overflow-x-auto transition-opacity ${list.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={list.isFetching}>
          <table className="w-full text-left text-sm" data-testid="clusters-table">
            <ClustersTableHead columns={visibleColumns} sort={query.sort} onSort={(sort) => setQuery({ sort, page: 1 })} />
            <tbody>
              {firstLoad && <SkeletonRows columns={visibleColumns.length} />}
              {view && <ClusterRows view={view} group={query.group} columns={visibleColumns} providers={providers} />}
            </tbody>
          </table>
          {data && view && view.rows.length === 0 && <NoRows filtersActive={filtersActive} connections={data.connections} onClearFilters={clearAll} />}
        </div>
      )}
      <Pagination query={query} pageCount={pageCount} onChange={setQuery} />
    </div>
  );
}
