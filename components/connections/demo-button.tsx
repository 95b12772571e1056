"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { announceChange } from "@/components/api-client";
import { apiRequest, type ConnectionView } from "./api";
import { DEMO_ADDED_PARAM } from "./demo-added-notice";

/** One click: connections to the four running provider simulators (embedded demo only). No TanStack Query here: the Overview shows it too. */
export function DemoButton({ compact = false }: { compact?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const [busy, setBusy] = useState(false);
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
            const r = await apiRequest<{ created: ConnectionView[]; existing: string[] }>("/api/v1/connections/demo", { method: "POST" });
            // the connections views refresh (announced: this button is also on the read-only Overview)
            announceChange(["connections"]);
            // the page stops offering the demo once it exists, so the confirmation lives in the URL
            // (<DemoAddedNotice>), not in this component
            router.replace(`${pathname}?${DEMO_ADDED_PARAM}=${r.created.length}`);
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
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
