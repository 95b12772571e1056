"use client";

import Link from "next/link";
import { useState } from "react";
import { announceChange } from "@/components/api-client";
import { StateBadge } from "@/components/connections/state-badge";
import type { ConnectionSummary } from "@/lib/inventory/api-types";
import { inventoryKeys, isUnhealthyConnection, syncConnection } from "./api";
import { formatAge } from "./format";

export function unhealthyConnections(connections: ConnectionSummary[]): ConnectionSummary[] {
  return connections.filter(isUnhealthyConnection);
}

/**
 * "Sync now" for one connection (operators and up); every inventory view refreshes afterwards. It is on
 * the read-only Overview too, so it announces the change (announceChange) instead of loading TanStack
 * Query there: the query views invalidate, the server-rendered pages re-render.
 */
export function SyncButton({ connectionId, label = "Sync now", className = "btn-secondary" }: { connectionId?: string; label?: string; className?: string }) {
  const [state, setState] = useState<{ kind: "idle" | "busy" | "done" | "error"; error?: string }>({ kind: "idle" });
  const sync = async () => {
    setState({ kind: "busy" });
    try {
      await syncConnection(connectionId);
      setState({ kind: "done" });
    } catch (e) {
      setState({ kind: "error", error: (e as Error).message });
    }
    announceChange(inventoryKeys.all);
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className={`${className} !px-2 !py-0.5 text-xs`} disabled={state.kind === "busy"} onClick={() => void sync()}>
        {state.kind === "busy" ? "Syncing…" : state.kind === "done" ? "Synced" : label}
      </button>
      {state.kind === "error" && <span className="text-xs text-red-600 dark:text-red-400">{state.error}</span>}
    </span>
  );
}

/**
 * The honest part: which connections' data is stale or failing, with the provider's own error and
 * the age of the last good sync. Rendered above any list that includes their clusters.
 */
export function ConnectionWarnings({ connections, canSync, context = "list" }: { connections: ConnectionSummary[]; canSync: boolean; context?: "list" | "overview" }) {
  const bad = unhealthyConnections(connections);
  if (bad.length === 0) return null;
  const failing = bad.some((c) => c.state !== "stale");
  return (
    <div
      role="alert"
      data-testid="connection-warnings"
      className={`mb-4 rounded-lg border px-4 py-3 text-sm ${
        failing
          ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
          : "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
      }`}
    >
      <p className="font-medium">
        {bad.length === 1 ? "1 connection is" : `${bad.length} connections are`} not up to date
        {context === "list" ? " — their clusters below show the last known state." : "."}
      </p>
      <ul className="mt-2 space-y-2">
        {bad.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-x-3 gap-y-1" data-connection={c.name} data-state={c.state}>
            <Link href={`/connections/${c.id}`} className="font-medium underline-offset-2 hover:underline">
              {c.name}
            </Link>
            <span className="text-xs opacity-80">{c.providerName}</span>
            <StateBadge state={c.state} />
            <span className="text-xs opacity-80">last good sync {formatAge(c.ageSeconds)}</span>
            {c.error && (
              <span className="basis-full break-words font-mono text-xs sm:basis-auto" title={c.errorKind ?? undefined}>
                {c.error}
              </span>
            )}
            {canSync && <SyncButton connectionId={c.id} label="Retry sync" />}
          </li>
        ))}
      </ul>
    </div>
  );
}
