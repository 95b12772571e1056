"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { syncConnection } from "@/components/inventory/api";

/** "Sync now" for one connection: asks for an inventory refresh at once and says how it went. */
export function SyncButton({ id, name, compact = false }: { id: string; name: string; compact?: boolean }) {
  const qc = useQueryClient();
  const [state, setState] = useState<{ kind: "idle" | "busy" | "done" | "error"; message?: string }>({ kind: "idle" });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={`btn-secondary ${compact ? "!px-2 !py-0.5 text-xs" : ""}`}
        disabled={state.kind === "busy"}
        aria-label={`Sync ${name} now`}
        onClick={async () => {
          setState({ kind: "busy" });
          try {
            await syncConnection(id);
            setState({ kind: "done", message: "Synced" });
          } catch (e) {
            setState({ kind: "error", message: (e as Error).message });
          } finally {
            void qc.invalidateQueries({ queryKey: ["connections"] });
            void qc.invalidateQueries({ queryKey: ["inventory"] });
          }
        }}
      >
        {state.kind === "busy" ? "Syncing…" : "Sync now"}
      </button>
      {state.message && (
        <span role="status" className={`text-xs ${state.kind === "error" ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`} data-sync-result={state.kind}>
          {state.message}
        </span>
      )}
    </span>
  );
}
