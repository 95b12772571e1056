import { memo, useMemo } from "react";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { Skeleton } from "../badges";
import { formatDate } from "../format";
import type { ProviderMap } from "../providers";
import type { GroupKey } from "../query";
import type { StableView } from "../stable-rows";
import { Cell } from "./cell";
import { groupValue, META_BY_ID, type ColumnId } from "./columns";

/** one light, memoised row: TanStack Query's structural sharing keeps unchanged rows identical */
const Row = memo(function Row({ r, left, columns, providers }: { r: ClusterRow; left: boolean; columns: ColumnId[]; providers: ProviderMap }) {
  const dim = !!r.goneAt || left;
  return (
    <tr
      className={dim ? "cluster-row opacity-50" : "cluster-row"}
      data-cluster={r.name}
      data-gone={r.goneAt ? "true" : undefined}
      title={r.goneAt ? `No longer listed by the provider since ${formatDate(r.goneAt)}` : left ? "Changed since — no longer matches this view" : undefined}
    >
      {columns.map((c) => (
        <td key={c} className={META_BY_ID.get(c)?.numeric ? "cluster-cell text-right tabular-nums" : "cluster-cell"}>
          {/* a table cell ignores max-width: the block inside bounds provider text (full value in its title) */}
          <div className="max-w-56 truncate">
            <Cell id={c} r={r} providers={providers} />
          </div>
        </td>
      ))}
    </tr>
  );
});

export function SkeletonRows({ columns, n = 8 }: { columns: number; n?: number }) {
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

function GroupHeader({ label, count, columns }: { label: string; count: number | undefined; columns: number }) {
  return (
    <tr className="bg-slate-100/70 dark:bg-slate-800/60" data-group={label}>
      <th colSpan={columns} scope="colgroup" className="px-3 py-1.5 text-left text-xs font-semibold text-slate-700 dark:text-slate-200">
        {label} <span className="font-normal text-slate-500">· {count} on this page</span>
      </th>
    </tr>
  );
}

/** the rows of the page, with a header row before each group when grouped (the API sorts by the group column) */
export function ClusterRows({ view, group, columns, providers }: { view: StableView<ClusterRow>; group: GroupKey | ""; columns: ColumnId[]; providers: ProviderMap }) {
  // groups of the current page (the API sorts by the group column, so groups stay together)
  const groupCounts = useMemo(() => {
    const m = new Map<string, number>();
    if (group) for (const { row } of view.rows) m.set(groupValue(row, group, providers).key, (m.get(groupValue(row, group, providers).key) ?? 0) + 1);
    return m;
  }, [view, group, providers]);
  const items: React.ReactNode[] = [];
  let lastGroup: string | null = null;
  for (const { row, left } of view.rows) {
    if (group) {
      const g = groupValue(row, group, providers);
      if (g.key !== lastGroup) {
        lastGroup = g.key;
        items.push(<GroupHeader key={`g:${g.key}`} label={g.label} count={groupCounts.get(g.key)} columns={columns.length} />);
      }
    }
    items.push(<Row key={row.id} r={row} left={left} columns={columns} providers={providers} />);
  }
  return <>{items}</>;
}
