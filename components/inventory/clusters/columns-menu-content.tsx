"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { getCoreRowModel, useReactTable, type VisibilityState } from "@tanstack/react-table";
import type { ReactElement } from "react";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { columnDefs } from "./columns";

const NO_ROWS: ClusterRow[] = [];

/**
 * The Radix menu behind "Columns" (loaded by columns-menu.tsx when first used): TanStack Table's column
 * model over the view's visibility state (which columns may hide, toggling one).
 */
export function ColumnsMenuContent({ visibility, onChange, trigger, defaultOpen }: { visibility: VisibilityState; onChange: (next: VisibilityState) => void; trigger: ReactElement; defaultOpen: boolean }) {
  const table = useReactTable({
    data: NO_ROWS,
    columns: columnDefs,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (updater) => onChange(typeof updater === "function" ? updater(visibility) : updater),
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <DropdownMenu.Root defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
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
