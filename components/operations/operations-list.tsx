"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { describeOperation, OPERATION_STATES, type OperationListResponse, type OperationSummary } from "@/lib/operations/types";
import { apiRequest } from "./api";
import { OperationStateBadge } from "./timeline";
import { Clip } from "@/components/ui/clip";
import { formatDateTime } from "@/components/dates";

/** The team's operations, newest first, filterable by state; refreshes while any runs. */
export function OperationsList({ initial }: { initial: OperationSummary[] }) {
  const [state, setState] = useState("");
  const { data } = useQuery({
    queryKey: ["operations", "list", state],
    queryFn: () => apiRequest<OperationListResponse>(`/api/v1/operations?limit=100${state ? `&state=${state}` : ""}`).then((r) => r.items),
    initialData: state ? undefined : initial,
    refetchInterval: (q) => ((q.state.data ?? []).some((o) => o.state === "running" || o.state === "pending") ? 3000 : 15000),
  });
  const items = data ?? [];
  return (
    <div className="space-y-3">
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
      <div className="card overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Operation</th>
              <th className="px-3 py-2">State</th>
              <th className="px-3 py-2">Latest</th>
              <th className="px-3 py-2">By</th>
              <th className="px-3 py-2">Requested</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                  No operations.
                </td>
              </tr>
            )}
            {items.map((o) => (
              <tr key={o.id} className="border-t border-slate-100 dark:border-slate-800" data-operation-row={o.id}>
                <td className="px-3 py-2">
                  <Link href={`/operations/${o.id}`} className="font-medium text-brand-600 hover:underline">
                    {describeOperation(o)}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <OperationStateBadge state={o.state} />
                </td>
                <td className="px-3 py-2 text-slate-600 dark:text-slate-400">
                  <Clip text={o.error && o.state !== "succeeded" ? o.error : o.timeline.at(-1)?.message} max="max-w-md" />
                </td>
                <td className="px-3 py-2">{o.createdBy ?? "—"}</td>
                <td className="whitespace-nowrap px-3 py-2">{formatDateTime(o.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
