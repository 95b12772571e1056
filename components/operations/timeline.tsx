import type { OperationSummary } from "@/lib/operations/types";
import { describeOperation } from "@/lib/operations/types";
import { formatDateTime } from "@/components/dates";

const STATE_STYLE: Record<string, string> = {
  pending: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  running: "bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200",
  succeeded: "bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  cancelled: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
};

export function OperationStateBadge({ state }: { state: string }) {
  return (
    <span data-operation-state={state} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[state] ?? STATE_STYLE.pending}`}>
      {state === "running" && <span aria-hidden className="mr-1 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {state}
    </span>
  );
}

const DOT: Record<string, string> = {
  accepted: "bg-blue-500",
  observed: "bg-slate-400",
  retry: "bg-amber-500",
  failed: "bg-red-500",
  succeeded: "bg-green-500",
  cancelled: "bg-amber-600",
};

/**
 * The progress of one operation: every entry the worker recorded (request, provider accepted, each
 * status the provider reported, retries with their error, the outcome). Presentational; the cluster page
 * can render it for each of ClusterDetail.operations.
 */
export function OperationTimeline({ operation, compact = false }: { operation: OperationSummary; compact?: boolean }) {
  const entries = compact ? operation.timeline.slice(-4) : operation.timeline;
  return (
    <div className="space-y-2" data-operation={operation.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{describeOperation(operation)}</span>
        <OperationStateBadge state={operation.state} />
        {operation.createdBy && <span className="text-xs text-slate-500">by {operation.createdBy}</span>}
      </div>
      {operation.error && operation.state !== "succeeded" && (
        <p className="text-sm text-red-700 dark:text-red-400" role={operation.state === "failed" ? "alert" : undefined}>
          {operation.state === "failed" ? "Failed: " : "Last error: "}
          {operation.error}
        </p>
      )}
      <ol className="relative ml-1 border-l border-slate-200 pl-4 dark:border-slate-700" aria-label="Timeline">
        {entries.map((e, i) => (
          <li key={`${e.at}-${i}`} className="mb-2 last:mb-0" data-timeline-state={e.state ?? ""}>
            <span aria-hidden className={`absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full ${DOT[e.state ?? ""] ?? "bg-slate-300"}`} />
            <time className="block text-xs text-slate-500" dateTime={e.at}>
              {formatDateTime(e.at)}
            </time>
            <span className="text-sm">{e.message}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
