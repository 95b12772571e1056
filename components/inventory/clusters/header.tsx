import { sortState } from "../query";
import { META_BY_ID, type ColumnId } from "./columns";

function SortButton({ sortKey, label, sorted, onSort }: { sortKey: string; label: string; sorted: "asc" | "desc" | false; onSort: (sort: string) => void }) {
  return (
    <button
      type="button"
      data-sort={sortKey}
      className="inline-flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:text-slate-100"
      title={`Sort by ${label.toLowerCase()}${sorted === "asc" ? " (descending next)" : ""}`}
      onClick={() => onSort(sorted === "asc" ? `-${sortKey}` : sortKey)}
    >
      {label}
      <span aria-hidden className={sorted ? "" : "opacity-30"}>
        {sorted === "desc" ? "▼" : sorted === "asc" ? "▲" : "↕"}
      </span>
      <span className="sr-only">{sorted === "desc" ? ", sorted descending" : sorted === "asc" ? ", sorted ascending" : ""}</span>
    </button>
  );
}

function HeaderCell({ id, sort, onSort }: { id: ColumnId; sort: string; onSort: (sort: string) => void }) {
  const meta = META_BY_ID.get(id);
  // the API sorts (server-side, like ?sort= in the address); the header only writes the URL
  const s = sortState(sort);
  const sorted = meta?.sort && s.id === meta.sort ? (s.desc ? "desc" : "asc") : false;
  const label = meta?.label ?? id;
  return (
    <th scope="col" className={`whitespace-nowrap px-3 py-2 font-medium ${meta?.numeric ? "text-right" : ""}`} aria-sort={meta?.sort ? (sorted === "desc" ? "descending" : sorted === "asc" ? "ascending" : "none") : undefined}>
      {meta?.sort ? <SortButton sortKey={meta.sort} label={label} sorted={sorted} onSort={onSort} /> : label}
    </th>
  );
}

/** the headers of the visible columns; a sortable one writes ?sort= (ascending first, then descending) */
export function ClustersTableHead({ columns, sort, onSort }: { columns: ColumnId[]; sort: string; onSort: (sort: string) => void }) {
  return (
    <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
      <tr>
        {columns.map((id) => (
          <HeaderCell key={id} id={id} sort={sort} onSort={onSort} />
        ))}
      </tr>
    </thead>
  );
}
