"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, type ConnectionView } from "./api";

/** One click: connections to the four running provider simulators (embedded demo only). */
export function DemoButton({ compact = false }: { compact?: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={compact ? "inline-flex flex-col items-center gap-1" : "flex flex-col gap-2"}>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const r = await api<{ created: ConnectionView[]; existing: string[] }>("/api/v1/connections/demo", { method: "POST" });
            setMsg(`Added ${r.created.length} simulated connection${r.created.length === 1 ? "" : "s"}${r.existing.length ? ` (${r.existing.length} already there)` : ""}.`);
            await qc.invalidateQueries({ queryKey: ["connections"] });
            router.refresh();
          } catch (e) {
            setError((e as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Adding demo connections…" : "Add demo connections (simulated)"}
      </button>
      {!compact && <p className="text-xs text-slate-500">Connects to the local provider simulators this demo started — no real accounts, nothing leaves this machine.</p>}
      {msg && (
        <p className="text-sm text-green-700 dark:text-green-400" role="status">
          {msg}
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
