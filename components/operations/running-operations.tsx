"use client";

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { describeOperation, type OperationListResponse, type OperationSummary } from "@/lib/operations/types";
import { OPERATION_STARTED_EVENT, apiRequest } from "./api";
import { LazyMenu } from "@/components/ui/lazy-menu";
import { OperationStateBadge } from "./timeline";

const loadMenu = () => import("./running-operations-menu").then((m) => m.RunningOperationsMenu);

interface Toast {
  id: string;
  op: OperationSummary;
}

/**
 * An operation this page just started counts at once (the next poll may be up to 3 s away, and a fast
 * operation may even finish before it): add it to the running list and refetch.
 */
function useStartedOperations(qc: QueryClient) {
  useEffect(() => {
    const onStarted = (e: Event) => {
      const op = (e as CustomEvent<OperationSummary>).detail;
      if (op && (op.state === "pending" || op.state === "running")) {
        qc.setQueryData<OperationListResponse>(["operations", "running"], (old) => (old ? { ...old, items: [op, ...old.items.filter((o) => o.id !== op.id)] } : { items: [op] }));
      }
      void qc.invalidateQueries({ queryKey: ["operations", "running"] });
    };
    window.addEventListener(OPERATION_STARTED_EVENT, onStarted);
    return () => window.removeEventListener(OPERATION_STARTED_EVENT, onStarted);
  }, [qc]);
}

/** a toast for each operation that leaves the running list (each shown 12 s, one after another) */
function useFinishedToasts(data: OperationListResponse | undefined, qc: QueryClient) {
  const seen = useRef<Map<string, OperationSummary> | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    if (!data) return;
    const now = new Map(data.items.map((o) => [o.id, o]));
    const before = seen.current;
    seen.current = now;
    if (!before) return;
    const finished = [...before.keys()].filter((id) => !now.has(id));
    if (!finished.length) return;
    // something finished: refresh what the page shows about clusters and operations
    void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "operations" || q.queryKey[1] !== "running" });
    for (const id of finished) {
      apiRequest<OperationSummary>(`/api/v1/operations/${id}`)
        .then((op) => setToasts((t) => [...t.filter((x) => x.id !== id), { id, op }]))
        .catch(() => undefined);
    }
  }, [data, qc]);
  useEffect(() => {
    if (!toasts.length) return;
    const t = setTimeout(() => setToasts((all) => all.slice(1)), 12_000);
    return () => clearTimeout(t);
  }, [toasts]);
  return { toasts, dismiss: (id: string) => setToasts((t) => t.filter((x) => x.id !== id)) };
}

function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: string) => void }) {
  return (
    <div aria-live="polite" role="region" aria-label="Notifications" data-testid="notifications" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-96 max-w-[90vw] flex-col gap-2">
      {toasts.map(({ id, op }) => {
        const toCluster = op.clusterId && op.state === "succeeded" && op.kind !== "delete";
        return (
          <div key={id} role="status" className="card pointer-events-auto flex items-start justify-between gap-3 p-3 text-sm shadow-lg">
            <div>
              <div className="flex items-center gap-2">
                <span className="font-medium">{describeOperation(op)}</span>
                <OperationStateBadge state={op.state} />
              </div>
              {op.error && op.state === "failed" && <p className="mt-1 text-red-700 dark:text-red-400">{op.error}</p>}
              <Link href={toCluster ? `/clusters/${op.clusterId}` : `/operations/${op.id}`} className="mt-1 inline-block text-brand-600 underline">
                {toCluster ? "Open the cluster" : "Details"}
              </Link>
            </div>
            <button type="button" aria-label="Dismiss" className="text-slate-500 hover:text-slate-800" onClick={() => dismiss(id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}

/**
 * Header widget: the team's running operations (polled), and a toast when one of them finishes
 * (succeeded, failed or cancelled) while this page is open.
 */
export function RunningOperations() {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: ["operations", "running"],
    queryFn: () => apiRequest<OperationListResponse>("/api/v1/operations?running=1"),
    refetchInterval: 3000,
    refetchIntervalInBackground: false,
  });
  const running = data?.items ?? [];
  useStartedOperations(qc);
  // toasts go to <body>: inside the sticky, blurred header (backdrop-filter makes it the containing
  // block of fixed elements) they were drawn above the top of the screen
  const mounted = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
  const { toasts, dismiss } = useFinishedToasts(data, qc);
  return (
    <>
      <LazyMenu
        load={loadMenu}
        props={{ running }}
        trigger={
          <button type="button" className="btn-secondary" aria-label={`Running operations: ${running.length}`} data-running-count={running.length}>
            {running.length > 0 && <span aria-hidden className="inline-block h-2 w-2 animate-pulse rounded-full bg-blue-500" />}
            <span className="hidden sm:inline">Operations</span>
            <span className="rounded-full bg-slate-200 px-1.5 text-xs dark:bg-slate-700">{running.length}</span>
          </button>
        }
      />
      {mounted && createPortal(<Toasts toasts={toasts} dismiss={dismiss} />, document.body)}
    </>
  );
}
