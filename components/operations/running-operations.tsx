"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { describeOperation, type OperationListResponse, type OperationSummary } from "@/lib/operations/types";
import { announceChange } from "@/components/api-client";
import { OPERATION_STARTED_EVENT, apiRequest } from "./api";
import { LazyMenu } from "@/components/ui/lazy-menu";
import { OperationStateBadge } from "./timeline";

const loadMenu = () => import("./running-operations-menu").then((m) => m.RunningOperationsMenu);

const RUNNING_URL = "/api/v1/operations?running=1";
const POLL_MS = 3000;

interface Toast {
  id: string;
  op: OperationSummary;
}

/**
 * The running list, asked every 3 s while the tab is visible (and at once when it becomes visible again
 * or when this page starts an operation). A plain poll, not TanStack Query: the header is on every page,
 * and the read-only pages do not load TanStack Query on first paint (issue 20). A newer ask aborts the
 * one in flight, so an older answer never overwrites a newer state.
 */
function useRunningOperations(): OperationListResponse | undefined {
  const [data, setData] = useState<OperationListResponse>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    let stopped = false;
    const ask = () => {
      clearTimeout(timer);
      inFlight?.abort();
      if (stopped || document.visibilityState === "hidden") return;
      const controller = (inFlight = new AbortController());
      apiRequest<OperationListResponse>(RUNNING_URL, { signal: controller.signal })
        .then((d) => !controller.signal.aborted && setData(d))
        .catch(() => undefined) // the next ask tries again; the header keeps what it showed
        .finally(() => {
          if (!controller.signal.aborted && !stopped) timer = setTimeout(ask, POLL_MS);
        });
    };
    // an operation this page just started counts at once (the next answer may be up to 3 s away, and a
    // fast operation may even finish before it): add it to the list and ask again
    const onStarted = (e: Event) => {
      const op = (e as CustomEvent<OperationSummary>).detail;
      if (op && (op.state === "pending" || op.state === "running")) setData((old) => ({ ...old, items: [op, ...(old?.items ?? []).filter((o) => o.id !== op.id)] }));
      ask();
    };
    const onVisibility = () => document.visibilityState === "visible" && ask();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener(OPERATION_STARTED_EVENT, onStarted);
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener(OPERATION_STARTED_EVENT, onStarted);
    };
  }, []);
  return data;
}

/**
 * Header widget: the team's running operations (polled), and a toast when one of them finishes
 * (succeeded, failed or cancelled) while this page is open.
 */
export function RunningOperations() {
  const data = useRunningOperations();
  const running = data?.items ?? [];
  // toasts go to <body>: inside the sticky, blurred header (backdrop-filter makes it the containing
  // block of fixed elements) they were drawn above the top of the screen
  const mounted = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
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
    // something finished: refresh what the page shows about clusters and operations (every view)
    announceChange([]);
    for (const id of finished) {
      apiRequest<OperationSummary>(`/api/v1/operations/${id}`)
        .then((op) => setToasts((t) => [...t.filter((x) => x.id !== id), { id, op }]))
        .catch(() => undefined);
    }
  }, [data]);

  useEffect(() => {
    if (!toasts.length) return;
    const t = setTimeout(() => setToasts((all) => all.slice(1)), 12_000);
    return () => clearTimeout(t);
  }, [toasts]);

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
      {mounted &&
        createPortal(
      <div aria-live="polite" role="region" aria-label="Notifications" data-testid="notifications" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-96 max-w-[90vw] flex-col gap-2">
        {toasts.map(({ id, op }) => (
          <div key={id} role="status" className="card pointer-events-auto flex items-start justify-between gap-3 p-3 text-sm shadow-lg">
            <div>
              <div className="flex items-center gap-2">
                <span className="font-medium">{describeOperation(op)}</span>
                <OperationStateBadge state={op.state} />
              </div>
              {op.error && op.state === "failed" && <p className="mt-1 text-red-700 dark:text-red-400">{op.error}</p>}
              <Link href={op.clusterId && op.state === "succeeded" && op.kind !== "delete" ? `/clusters/${op.clusterId}` : `/operations/${op.id}`} className="mt-1 inline-block text-brand-600 underline">
                {op.clusterId && op.state === "succeeded" && op.kind !== "delete" ? "Open the cluster" : "Details"}
              </Link>
            </div>
            <button type="button" aria-label="Dismiss" className="text-slate-500 hover:text-slate-800" onClick={() => setToasts((t) => t.filter((x) => x.id !== id))}>
              ×
          </button>
          </div>
        ))}
      </div>,
          document.body,
        )}
    </>
  );
}
