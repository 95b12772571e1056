"use client";

import type { VisibilityState } from "@tanstack/react-table";
import { LazyMenu } from "@/components/ui/lazy-menu";

const load = () => import("./columns-menu-content").then((m) => m.ColumnsMenuContent);

/** "Columns": which columns the table shows (the menu's code, Radix and TanStack Table, loads on first use) */
export function ColumnsMenu({ visibility, onChange }: { visibility: VisibilityState; onChange: (next: VisibilityState) => void }) {
  return (
    <LazyMenu
      load={load}
      props={{ visibility, onChange }}
      trigger={
        <button type="button" className="btn-secondary">
          Columns
        </button>
      }
    />
  );
}
