import type { VisibilityState } from "@tanstack/react-table";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { formatCount, plural } from "../format";
import { csvHref, type ClusterQuery } from "../query";
import type { StableView } from "../stable-rows";
import { ColumnsMenu } from "./columns-menu";

/** "1–50 of 10,284 clusters", the refresh dot, and the actions: clear filters, CSV, columns */
export function ClustersToolbar(props: {
  query: ClusterQuery;
  total: number;
  firstLoad: boolean;
  fetching: boolean;
  refreshError: string | null;
  filtersActive: boolean;
  onClearFilters: () => void;
  visibility: VisibilityState;
  onVisibilityChange: (next: VisibilityState) => void;
}) {
  const { query, total, firstLoad } = props;
  const from = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  const to = Math.min(total, query.page * query.pageSize);
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
      <p className="text-slate-600 dark:text-slate-400" aria-live="polite" data-testid="cluster-count">
        {firstLoad ? "Loading clusters…" : total === 0 ? "No clusters" : `${formatCount(from)}–${formatCount(to)} of ${plural(total, "cluster")}`}
        {props.fetching && !firstLoad && <span className="ml-2 inline-block h-2 w-2 animate-pulse rounded-full bg-brand-500 align-middle" title="Refreshing" />}
      </p>
      {props.refreshError !== null && <span className="text-xs text-red-600 dark:text-red-400">Could not refresh: {props.refreshError}</span>}
      <div className="ml-auto flex flex-wrap items-center gap-2">
        {props.filtersActive && (
          <button type="button" className="btn-secondary" onClick={props.onClearFilters}>
            Clear filters
          </button>
        )}
        <a className="btn-secondary" href={csvHref(query)} download>
          Export CSV
        </a>
        <ColumnsMenu visibility={props.visibility} onChange={props.onVisibilityChange} />
      </div>
    </div>
  );
}

/** background refreshes do not move rows: what changed is announced here until the user asks for it */
export function ChangesNotice({ view, onShow }: { view: StableView<ClusterRow> | null; onShow: () => void }) {
  if (!view || (view.newIds.length === 0 && view.leftIds.length === 0)) return null;
  return (
    <div role="status" className="mb-2 flex flex-wrap items-center gap-3 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:border-brand-700/40 dark:bg-brand-700/20 dark:text-brand-100">
      <span>
        {view.newIds.length > 0 && `${plural(view.newIds.length, "new cluster")}`}
        {view.newIds.length > 0 && view.leftIds.length > 0 && " · "}
        {view.leftIds.length > 0 && `${plural(view.leftIds.length, "cluster")} no longer in this view`}
      </span>
      <button type="button" className="btn-secondary !py-0.5" onClick={onShow}>
        Show
      </button>
    </div>
  );
}
