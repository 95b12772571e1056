"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiRequest, type ConnectionView } from "./api";
import { SimulatedBadge, StateBadge } from "./state-badge";
import { SyncButton } from "./sync-button";
import { TestButton } from "./test-button";
import { formatDateTime } from "@/components/dates";

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
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 font-medium">Provider</th>
            <th className="px-4 py-2 font-medium">Health</th>
            <th className="px-4 py-2 font-medium">Last success</th>
            <th className="px-4 py-2 font-medium">Last error</th>
            <th className="px-4 py-2 font-medium">Clusters</th>
            {(canTest || canSync) && <th className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-connection={c.name}>
              <td className="px-4 py-3">
                <Link href={`/connections/${c.id}`} className="font-medium text-brand-600 hover:underline">
                  {c.name}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                  {c.demo && <SimulatedBadge />}
                  <span className="break-all">{c.baseUrl}</span>
                </div>
              </td>
              <td className="px-4 py-3">{c.providerName}</td>
              <td className="px-4 py-3">
                <StateBadge state={c.state} />
              </td>
              <td className="px-4 py-3 whitespace-nowrap">{formatDateTime(c.lastSuccessAt)}</td>
              <td className="max-w-sm px-4 py-3 text-red-700 dark:text-red-400">{c.lastError ?? <span className="text-slate-400">—</span>}</td>
              <td className="px-4 py-3">{c.clusterCount}</td>
              {(canTest || canSync) && (
                <td className="px-4 py-3">
                  <div className="flex flex-col items-start gap-1">
                    {canSync && <SyncButton id={c.id} name={c.name} compact />}
                    {canTest && <TestButton id={c.id} name={c.name} compact />}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
