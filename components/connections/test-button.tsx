"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, type ConnectionView, type TestReport } from "./api";

export function TestResult({ report }: { report: Pick<TestReport, "ok" | "message" | "outcome"> }) {
  return (
    <p role="status" data-outcome={report.outcome} className={`text-sm ${report.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}>
      {report.message}
    </p>
  );
}

/** "Test connection": checks the stored credentials against the provider and shows what it found. */
export function TestButton({ id, name, compact = false }: { id: string; name: string; compact?: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Pick<TestReport, "ok" | "message" | "outcome"> | null>(null);
  return (
    <div className={compact ? "flex flex-col gap-1" : "flex flex-col gap-2"}>
      <button
        type="button"
        className="btn-secondary"
        disabled={busy}
        aria-label={`Test connection ${name}`}
        onClick={async () => {
          setBusy(true);
          setReport(null);
          try {
            setReport(await apiRequest<TestReport & { connection: ConnectionView }>(`/api/v1/connections/${id}/test`, { method: "POST" }));
            await qc.invalidateQueries({ queryKey: ["connections"] });
            router.refresh();
          } catch (e) {
            setReport({ ok: false, outcome: "error", message: (e as Error).message });
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Testing…" : "Test connection"}
      </button>
      {report && <TestResult report={report} />}
    </div>
  );
}
