"use client";
/** The clusters view's state: the query in the address, the list (server-rendered first page, then polled), the columns. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { VisibilityState } from "@tanstack/react-table";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { ClusterListResponse, ClusterRow } from "@/lib/inventory/api-types";
import { fetchClusters, inventoryKeys, listIsBusy, POLL_BUSY_MS, POLL_CALM_MS, savePreference } from "../api";
import { apiQueryString, pageQueryString, parseClusterQuery, type ClusterQuery } from "../query";
import { acceptAll, reconcile, type StableView } from "../stable-rows";
import { COLUMNS_PREFERENCE, shownColumns, visibilityFrom, type ColumnId } from "./columns";

/** the server's first answer for the URL it rendered (no spinner on first paint) */
export type InitialClusters = { query: string; data: ClusterListResponse; at: number } | null | undefined;

/**
 * filters live in the URL; the native history API keeps Next's router (and useSearchParams) in step without
 * a server round trip. defaultPageSize: the server's for this device when the address names none
 * (defaultPageSizeFor); with a phone's, every address this view writes names the page size
 * (pageQueryString), so a page number it puts in the address means the same rows on any device. The
 * address as opened is not rewritten at once: that re-render of the whole page after hydration cost
 * more main-thread time than the 25 fewer rows saved (measured with bench:pages; docs/operations.md).
 */
export function useClusterQuery(defaultPageSize?: number) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parseClusterQuery(searchParams, defaultPageSize), [searchParams, defaultPageSize]);
  const setQuery = useCallback(
    (patch: Partial<ClusterQuery>, mode: "push" | "replace" = "push") => {
      const qs = pageQueryString({ ...query, ...patch }, defaultPageSize);
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname, query, defaultPageSize],
  );
  return { query, apiQuery: apiQueryString(query), setQuery };
}

/** the page of clusters for apiQuery, and its rows kept still under background refreshes (stable-rows.ts) */
export function useClusterList(apiQuery: string, initial: InitialClusters) {
  const list = useQuery({
    queryKey: inventoryKeys.clusters(apiQuery),
    queryFn: ({ signal }) => fetchClusters(apiQuery, signal),
    placeholderData: keepPreviousData,
    initialData: initial && initial.query === apiQuery ? initial.data : undefined,
    initialDataUpdatedAt: initial?.at,
    refetchInterval: (q) => (listIsBusy(q.state.data) ? POLL_BUSY_MS : POLL_CALM_MS),
  });
  const data = list.data;
  // the server-rendered page is the first view at once (no second render while hydrating)
  const [view, setView] = useState<StableView<ClusterRow> | null>(() => (data && !list.isPlaceholderData ? acceptAll(apiQuery, data.items, data) : null));
  if (data && !list.isPlaceholderData && view?.source !== data) {
    setView(reconcile(view, apiQuery, data.items, data));
  }
  const showLatest = () => data && setView(acceptAll(apiQuery, data.items, data));
  return { list, data, view, showLatest };
}

/**
 * Which columns the table shows: the visibility state (TanStack Table's shape; the "Columns" menu edits
 * it through a TanStack table of its own, loaded with the menu: columns-menu-content.tsx), saved as a
 * preference on each change. The rows and headers render from the visible column ids, so the page's
 * first load carries no table library (issue 20).
 */
export function useClustersColumns(initialColumns: string[] | null) {
  const [visibility, setVisibility] = useState<VisibilityState>(() => visibilityFrom(initialColumns));
  const savePrefs = useMutation({ mutationFn: (cols: string[]) => savePreference(COLUMNS_PREFERENCE, cols) });
  const changeVisibility = (next: VisibilityState) => {
    setVisibility(next);
    savePrefs.mutate(shownColumns(next));
  };
  // one array per set of visible columns: memoised rows re-render only when their cluster changed, not on every poll
  const visibleKey = shownColumns(visibility).join(",");
  const visibleColumns = useMemo(() => visibleKey.split(",") as ColumnId[], [visibleKey]);
  return { visibility, changeVisibility, visibleColumns };
}
