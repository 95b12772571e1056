import { PAGE_SIZES, type ClusterQuery } from "../query";

/** rows per page and previous / next (the page is part of the address) */
export function Pagination({ query, pageCount, onChange }: { query: ClusterQuery; pageCount: number; onChange: (patch: Partial<ClusterQuery>) => void }) {
  return (
    <nav className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="Pagination">
      <div className="flex items-center gap-2">
        <label htmlFor="page-size" className="text-slate-600 dark:text-slate-400">
          Rows per page
        </label>
        <select id="page-size" className="input !w-auto !py-1" value={query.pageSize} onChange={(e) => onChange({ pageSize: Number(e.target.value), page: 1 })}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <button type="button" className="btn-secondary" disabled={query.page <= 1} onClick={() => onChange({ page: query.page - 1 })}>
          Previous
        </button>
        <span className="tabular-nums text-slate-600 dark:text-slate-400">
          Page {query.page} of {pageCount}
        </span>
        <button type="button" className="btn-secondary" disabled={query.page >= pageCount} onClick={() => onChange({ page: query.page + 1 })}>
          Next
        </button>
      </div>
    </nav>
  );
}
