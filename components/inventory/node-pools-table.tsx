import type { ColumnDef } from "@tanstack/react-table";
import { Clip } from "@/components/ui/clip";
import { DataTable } from "@/components/ui/data-table";
import type { ClusterDetail } from "@/lib/inventory/api-types";
import { Badge } from "./badges";

type PoolRow = ClusterDetail["nodePools"][number];

function scaling(p: PoolRow): string {
  if (p.autoscaling) return `auto ${p.minNodes ?? "?"}–${p.maxNodes ?? "?"}`;
  return p.minNodes != null || p.maxNodes != null ? `${p.minNodes ?? "?"}–${p.maxNodes ?? "?"}` : "fixed";
}

function poolColumns(clusterVersion: string | null): ColumnDef<PoolRow, unknown>[] {
  const th = "py-1 pr-3 font-medium";
  const td = "whitespace-nowrap py-1.5 pr-3";
  return [
    { id: "pool", header: "Pool", meta: { thClassName: th, tdClassName: `${td} font-medium` }, cell: ({ row }) => <Clip text={row.original.name} max="max-w-[12rem]" /> },
    {
      id: "version",
      header: "Version",
      meta: { thClassName: th, tdClassName: td },
      cell: ({ row: { original: p } }) => (
        <>
          <Clip text={p.version} max="max-w-[8rem]" className="font-mono text-xs" />{" "}
          {p.lagging && (
            <Badge tone="amber" title={`Behind the control plane (${clusterVersion})`}>
              lagging
            </Badge>
          )}
        </>
      ),
    },
    { id: "nodes", header: "Nodes", meta: { thClassName: `${th} text-right`, tdClassName: "py-1.5 pr-3 text-right tabular-nums" }, cell: ({ row }) => row.original.nodeCount },
    { id: "scaling", header: "Scaling", meta: { thClassName: th, tdClassName: `${td} text-xs` }, cell: ({ row }) => scaling(row.original) },
    { id: "instance", header: "Instance", meta: { thClassName: th, tdClassName: `${td} font-mono text-xs` }, cell: ({ row }) => <Clip text={row.original.instanceType} max="max-w-[10rem]" /> },
    { id: "status", header: "Status", meta: { thClassName: th, tdClassName: `${td} text-xs` }, cell: ({ row }) => <Clip text={row.original.status} max="max-w-[10rem]" /> },
  ];
}

/** a cluster's node pools as the provider reports them; a pool behind the control plane is marked lagging */
export function NodePoolsTable({ pools, clusterVersion }: { pools: PoolRow[]; clusterVersion: string | null }) {
  return (
    <div className="overflow-x-auto">
      <DataTable
        data={pools}
        columns={poolColumns(clusterVersion)}
        getRowId={(p) => p.externalId}
        theadClassName="text-xs uppercase tracking-wide text-slate-500"
        caption="Node pools"
        rowProps={(p) => ({ className: "border-t border-slate-100 dark:border-slate-800", "data-pool": p.name, "data-lagging": p.lagging ? "true" : undefined })}
      />
    </div>
  );
}
