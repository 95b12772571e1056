"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useState } from "react";
import { providerName, type ProviderMap } from "@/components/inventory/providers";
import { describeOperation, OPERATION_STATES, type OperationListResponse, type OperationSummary } from "@/lib/operations/types";
import { apiRequest } from "./api";
import { OperationStateBadge } from "./timeline";
import { Clip } from "@/components/ui/clip";
import { formatDateTime } from "@/components/dates";
import { DataTable } from "@/components/ui/data-table";

const CELL = "px-3 py-2";

/** the operations table's columns; `now` ticks the running operations' durations */
function operationColumns(providers: ProviderMap, now: number): ColumnDef<OperationSummary, unknown>[] {
  const col = (id: string, header: string, tdClassName: string, cell: (o: OperationSummary) => React.ReactNode, tdProps?: (o: OperationSummary) => { title?: string }): ColumnDef<OperationSummary, unknown> => ({
    id,
    header,
    meta: { thClassName: CELL, tdClassName, tdProps },
    cell: ({ row }) => cell(row.original),
  });
  return [
    col("operation", "Operation", `max-w-xs ${CELL}`, (o) => (
      <Link href={`/operations/${o.id}`} className="line-clamp-2 break-all font-medium text-brand-600 hover:underline" title={describeOperation(o)}>
        {describeOperation(o)}
      </Link>
    )),
    col("state", "State", CELL, (o) => <OperationStateBadge state={o.state} />),
    col(
      "cluster",
      "Cluster",
      `max-w-48 truncate ${CELL}`,
      (o) =>
        o.clusterId ? (
          <Link href={`/clusters/${o.clusterId}`} className="text-brand-600 hover:underline">
            {o.targetName}
          </Link>
        ) : (
          o.targetName
        ),
      (o) => ({ title: o.targetName }),
    ),
    col("provider", "Provider", `whitespace-nowrap ${CELL}`, (o) => (o.provider ? providerName(providers, o.provider) : "—")),
    col(
      "connection",
      "Connection",
      `max-w-48 truncate ${CELL}`,
      (o) =>
        o.connectionName ? (
          <Link href={`/connections/${o.connectionId}`} className="hover:underline">
            {o.connectionName}
          </Link>
        ) : (
          "—"
        ),
      (o) => ({ title: o.connectionName ?? undefined }),
    ),
    col("duration", "Duration", `whitespace-nowrap ${CELL} tabular-nums`, (o) => <Duration op={o} now={now} />),
    col("latest", "Latest", `${CELL} text-slate-600 dark:text-slate-400`, (o) => <Clip text={o.error && o.state !== "succeeded" ? o.error : o.timeline.at(-1)?.message} max="max-w-md" />),
    col("by", "By", CELL, (o) => o.createdBy ?? "—"),
    col("requested", "Requested", `whitespace-nowrap ${CELL}`, (o) => formatDateTime(o.createdAt)),
  ];
}

/** "42 s", "3 min 5 s", "1 h 2 min" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** finished: how long it took; running: how long it has been running (elapsed), ticking */
export function Duration({ op, now }: { op: OperationSummary; now: number }) {
  const start = Date.parse(op.startedAt ?? op.createdAt);
  if (op.finishedAt) return <span data-duration>{formatDuration(Date.parse(op.finishedAt) - start)}</span>;
  if (op.state === "pending" || op.state === "running") {
    return (
      <span data-elapsed className="text-blue-700 dark:text-blue-300" title="Running for">
        {formatDuration(now - start)}…
      </span>
    );
  }
  return <>—</>;
}

/** the current time, ticking every second while `live` */
export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [live]);
  return now;
}

/** The team's operations, newest first, filterable by state and provider; refreshes while any runs. */
export function OperationsList({ initial, providers }: { initial: OperationSummary[]; providers: ProviderMap }) {
  const [state, setState] = useState("");
  const [provider, setProvider] = useState("");
  const filtered = !!(state || provider);
  const { data } = useQuery({
    queryKey: ["operations", "list", state, provider],
    queryFn: () => {
      const q = new URLSearchParams({ limit: "100" });
      if (state) q.set("state", state);
      if (provider) q.set("provider", provider);
      return apiRequest<OperationListResponse>(`/api/v1/operations?${q}`).then((r) => r.items);
    },
    initialData: filtered ? undefined : initial,
    refetchInterval: (q) => ((q.state.data ?? []).some((o) => o.state === "running" || o.state === "pending") ? 3000 : 15000),
  });
  const items = data ?? [];
  const anyRunning = items.some((o) => o.state === "running" || o.state === "pending");
  const now = useNow(anyRunning);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex items-center gap-2">
          <label htmlFor="op-state" className="text-sm">
            State
          </label>
          <select id="op-state" className="input w-auto" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">All</option>
            {OPERATION_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2">
          <label htmlFor="op-provider" className="text-sm">
            Provider
          </label>
          <select id="op-provider" className="input w-auto" value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="">All</option>
            {Object.values(providers).map((p) => (
              <option key={p.kind} value={p.kind}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="card overflow-x-auto">
        <DataTable
          data={items}
          columns={operationColumns(providers, now)}
          getRowId={(o) => o.id}
          className="w-full text-sm"
          tableProps={{ "data-testid": "operations-table" }}
          theadClassName="text-left text-xs uppercase text-slate-500"
          rowProps={(o) => ({ className: "border-t border-slate-100 dark:border-slate-800", "data-operation-row": o.id, "data-provider": o.provider ?? undefined })}
          empty={`No operations${filtered ? " match these filters" : ""}.`}
        />
      </div>
    </div>
  );
}
