import { createTable, getCoreRowModel, type ColumnDef, type RowData, type Table } from "@tanstack/react-table";
import type { HTMLAttributes, ReactNode, TdHTMLAttributes } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    /** classes of the column's header cell */
    thClassName?: string;
    /** classes of the column's body cells */
    tdClassName?: string;
    /** more attributes of one body cell (e.g. a title with the full text of a truncated value) */
    tdProps?: (row: TData) => TdHTMLAttributes<HTMLTableCellElement>;
  }
}

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, unknown>[];
  getRowId: (row: T) => string;
  className?: string;
  theadClassName?: string;
  /** classes and attributes of one body row (data-* hooks the specs and styles use) */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  /** shown in one full-width row when there is no data */
  empty?: ReactNode;
  emptyClassName?: string;
  tableProps?: HTMLAttributes<HTMLTableElement> & Record<`data-${string}`, string | undefined>;
  /** the table's name for assistive technology, in a visually hidden <caption> */
  caption?: string;
}

/**
 * A header or cell definition rendered by calling it, not as a component: TanStack's flexRender mounts a
 * function as a React component, so a columns array rebuilt on each render (a new function each time)
 * remounted every cell and lost its state (a "Sync now" result vanished when the list refreshed).
 * Header and cell functions are render functions and must not use hooks.
 */
function renderDef<C>(def: unknown, ctx: C): ReactNode {
  return typeof def === "function" ? (def as (ctx: C) => ReactNode)(ctx) : ((def as ReactNode) ?? null);
}

/**
 * The table model of one render. DataTable keeps no table state (no sorting, paging or selection: the pages
 * that need those own them), so it builds the model with TanStack's createTable as useReactTable does, minus
 * the React state: no hook, so DataTable renders in server components too (the Overview and the Versions
 * page render on the server and ship no table code to the browser, issue 20) as well as in client ones.
 */
function tableModel<T>(data: T[], columns: ColumnDef<T, unknown>[], getRowId: (row: T) => string): Table<T> {
  const table = createTable<T>({ data, columns, getRowId, getCoreRowModel: getCoreRowModel(), state: {}, onStateChange: () => {}, renderFallbackValue: null });
  table.setOptions((prev) => ({ ...prev, state: table.initialState }));
  return table;
}

/**
 * The one table component (TanStack Table) for the app's plain tables: columns as ColumnDefs whose
 * `header` and `cell` render the content, `meta` the cell classes; header cells are `<th scope="col">`.
 * Usable from server and client components (no hooks; see tableModel). The clusters table has its own
 * markup (groups, column menu) on the same library.
 */
export function DataTable<T>({ data, columns, getRowId, className = "w-full text-left text-sm", theadClassName, rowProps, empty, emptyClassName = "px-3 py-6 text-center text-slate-500", tableProps, caption }: DataTableProps<T>) {
  const table = tableModel(data, columns, getRowId);
  const rows = table.getRowModel().rows;
  return (
    <table className={className} {...tableProps}>
      {caption !== undefined && <caption className="sr-only">{caption}</caption>}
      <thead className={theadClassName}>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th key={h.id} scope="col" className={h.column.columnDef.meta?.thClassName}>
                {h.isPlaceholder ? null : renderDef(h.column.columnDef.header, h.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr>
            <td colSpan={table.getVisibleLeafColumns().length} className={emptyClassName}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.id} {...rowProps?.(row.original)}>
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <td key={cell.id} className={meta?.tdClassName} {...meta?.tdProps?.(row.original)}>
                    {renderDef(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
