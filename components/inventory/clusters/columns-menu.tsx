"use client";

import type { Table } from "@tanstack/react-table";
import type { ClusterRow } from "@/lib/inventory/api-types";
import { LazyMenu } from "@/components/ui/lazy-menu";

const load = () => import("./columns-menu-content").then((m) => m.ColumnsMenuContent);

/** "Columns": which columns the table shows (the menu's code loads on first use) */
export function ColumnsMenu({ table }: { table: Table<ClusterRow> }) {
  return (
    <LazyMenu
      load={load}
      props={{ table }}
      trigger={
        <button type="button" className="btn-secondary">
          Columns
        </button>
      }
    />
  );
}
