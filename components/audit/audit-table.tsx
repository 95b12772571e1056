"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { ProviderValue } from "@/components/inventory/provider-fields";
import { DataTable } from "@/components/ui/data-table";
import type { listAuditEvents } from "@/lib/audit/query";
import { formatTimestamp } from "@/components/dates";

/** one audit event as the page passes it (the time as ISO text) */
export type AuditEventRow = Omit<Awaited<ReturnType<typeof listAuditEvents>>["items"][number], "createdAt"> & { createdAt: string };

/** pages of the targets that have one */
const TARGET_HREF: Record<string, string> = { cluster: "/clusters", connection: "/connections", operation: "/operations" };

function Target({ e }: { e: AuditEventRow }) {
  if (!e.targetType) return "—";
  return (
    <>
      <span className="text-xs text-slate-500">{e.targetLabel}</span>{" "}
      {TARGET_HREF[e.targetType] && e.targetId && !(e.targetType === "cluster" && /delete|forget/.test(e.action)) ? (
        <Link href={`${TARGET_HREF[e.targetType]}/${e.targetId}`} className="break-all text-brand-600 hover:underline" title={e.targetId}>
          {e.targetName ?? e.targetId}
        </Link>
      ) : (
        <span className="break-all" title={e.targetId ?? undefined}>
          {e.targetName ?? e.targetId ?? ""}
        </span>
      )}
    </>
  );
}

const columns: ColumnDef<AuditEventRow, unknown>[] = [
  { id: "when", header: "When", meta: { thClassName: "px-3 py-2", tdClassName: "whitespace-nowrap px-3 py-1.5" }, cell: ({ row }) => formatTimestamp(row.original.createdAt) },
  { id: "who", header: "Who", meta: { thClassName: "px-3", tdClassName: "px-3" }, cell: ({ row }) => row.original.actorEmail ?? row.original.actorId ?? "—" },
  { id: "action", header: "Action", meta: { thClassName: "px-3", tdClassName: "px-3 font-mono text-xs" }, cell: ({ row }) => row.original.action },
  { id: "target", header: "Target", meta: { thClassName: "px-3", tdClassName: "max-w-56 px-3", tdProps: (e) => ({ "data-audit-target": e.targetType ?? undefined }) as object }, cell: ({ row }) => <Target e={row.original} /> },
  {
    id: "result",
    header: "Result",
    meta: { thClassName: "px-3", tdProps: (e) => ({ className: `px-3 ${e.result === "success" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}` }) },
    cell: ({ row }) => row.original.result,
  },
  { id: "address", header: "Address", meta: { thClassName: "px-3", tdClassName: "px-3" }, cell: ({ row }) => row.original.ip ?? "—" },
  {
    id: "details",
    header: "Details",
    meta: { thClassName: "px-3", tdClassName: "min-w-48 max-w-md px-3 py-1.5", tdProps: () => ({ "data-audit-details": "" }) as object },
    cell: ({ row: { original: e } }) => (e.details && typeof e.details === "object" && Object.keys(e.details).length ? <ProviderValue value={e.details} /> : ""),
  },
];

/** the audit log's events, newest first as the page lists them */
export function AuditTable({ events }: { events: AuditEventRow[] }) {
  return (
    <DataTable
      data={events}
      columns={columns}
      getRowId={(e) => e.id}
      tableProps={{ "aria-label": "Audit events" }}
      theadClassName="text-xs uppercase text-slate-500"
      rowProps={() => ({ className: "border-t border-slate-100 align-top dark:border-slate-800" })}
    />
  );
}
