"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { apiRequest, type ConnectionView } from "./api";
import { SimulatedBadge, StateBadge } from "./state-badge";
import { SyncButton } from "./sync-button";
import { TestButton } from "./test-button";
import { formatDateTime } from "@/components/dates";
import { DataTable } from "@/components/ui/data-table";

const TH = "px-4 py-2 font-medium";
const TD = "px-4 py-3";

function connectionColumns(canTest: boolean, canSync: boolean): ColumnDef<ConnectionView, unknown>[] {
  const columns: ColumnDef<ConnectionView, unknown>[] = [
    {
      id: "name",
      header: "Name",
      meta: { thClassName: TH, tdClassName: TD },
      cell: ({ row: { original: c } }) => (
        <>
          <Link prefetch={false} href={`/connections/${c.id}`} className="font-medium text-brand-600 hover:underline">
            {c.name}
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500">
            {c.demo && <SimulatedBadge />}
            <span className="break-all">{c.baseUrl}</span>
          </div>
        </>
      ),
    },
    { id: "provider", header: "Provider", meta: { thClassName: TH, tdClassName: TD }, cell: ({ row }) => row.original.providerName },
    { id: "health", header: "Health", meta: { thClassName: TH, tdClassName: TD }, cell: ({ row }) => <StateBadge state={row.original.state} /> },
    { id: "lastSuccess", header: "Last success", meta: { thClassName: TH, tdClassName: `${TD} whitespace-nowrap` }, cell: ({ row }) => formatDateTime(row.original.lastSuccessAt) },
    { id: "lastError", header: "Last error", meta: { thClassName: TH, tdClassName: `max-w-sm ${TD} text-red-700 dark:text-red-400` }, cell: ({ row }) => row.original.lastError ?? <span className="text-slate-400">—</span> },
    { id: "clusters", header: "Clusters", meta: { thClassName: TH, tdClassName: TD }, cell: ({ row }) => row.original.clusterCount },
  ];
  if (canTest || canSync)
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { thClassName: TH, tdClassName: TD },
      cell: ({ row: { original: c } }) => (
        <div className="flex flex-col items-start gap-1">
          {canSync && <SyncButton id={c.id} name={c.name} compact />}
          {canTest && <TestButton id={c.id} name={c.name} compact />}
        </div>
      ),
    });
  return columns;
}

/** The team's connections with their health (state, last success, last error); refreshes itself. */
export function ConnectionsTable({ initial, canTest, canSync }: { initial: ConnectionView[]; canTest: boolean; canSync: boolean }) {
  const { data } = useQuery({
    queryKey: ["connections"],
    queryFn: async () => (await apiRequest<{ items: ConnectionView[] }>("/api/v1/connections")).items,
    initialData: initial,
    // quickly while a first sync or a running one is about to change a row, calmly otherwise
    refetchInterval: (q) => ((q.state.data ?? initial).some((c) => c.state === "never_synced" || c.state === "syncing") ? 2_000 : 15_000),
  });
  const items = data ?? initial;
  return (
    <div className="card overflow-x-auto">
      <DataTable
        data={items}
        columns={connectionColumns(canTest, canSync)}
        getRowId={(c) => c.id}
        theadClassName="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800"
        rowProps={(c) => ({ className: "border-b border-slate-100 align-top last:border-0 dark:border-slate-800", "data-connection": c.name })}
      />
    </div>
  );
}
