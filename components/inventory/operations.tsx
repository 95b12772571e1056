import Link from "next/link";
import type { OperationSummary } from "@/lib/inventory/api-types";
import { Badge, type Tone } from "./badges";
import { ageOf, formatAge, formatDateTime } from "./format";

const STATE: Record<OperationSummary["state"], { tone: Tone; label: string }> = {
  pending: { tone: "slate", label: "Pending" },
  running: { tone: "blue", label: "Running" },
  succeeded: { tone: "green", label: "Succeeded" },
  failed: { tone: "red", label: "Failed" },
  cancelled: { tone: "slate", label: "Cancelled" },
};

export function OperationStateBadge({ state }: { state: OperationSummary["state"] }) {
  const s = STATE[state] ?? { tone: "slate" as const, label: state };
  return (
    <Badge tone={s.tone}>
      {(state === "running" || state === "pending") && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {s.label}
    </Badge>
  );
}

const kindLabel = (k: string) => k.replace(/[_.]/g, " ").replace(/^\w/, (c) => c.toUpperCase());

/** operations as a list (overview: compact; cluster page: with each one's timeline) */
export function OperationsList({ operations, compact = false }: { operations: OperationSummary[]; compact?: boolean }) {
  return (
    <ol className="space-y-3" data-testid="operations">
      {operations.map((o) => {
        const last = o.timeline[o.timeline.length - 1];
        const version = typeof o.params.version === "string" ? o.params.version : null;
        return (
          <li key={o.id} className="text-sm" data-operation={o.kind} data-state={o.state}>
            <div className="flex flex-wrap items-center gap-2">
              <OperationStateBadge state={o.state} />
              <span className="font-medium">
                {kindLabel(o.kind)}
                {version && <span className="font-normal text-slate-500"> → {version}</span>}
              </span>
              {o.clusterId ? (
                <Link href={`/clusters/${o.clusterId}`} className="text-brand-600 hover:underline">
                  {o.targetName}
                </Link>
              ) : (
                <span>{o.targetName}</span>
              )}
              <span className="ml-auto text-xs text-slate-500" title={formatDateTime(o.createdAt)}>
                {formatAge(ageOf(o.startedAt ?? o.createdAt))}
                {o.createdBy && ` · ${o.createdBy}`}
              </span>
            </div>
            {compact ? (
              last && (
                <p className="mt-0.5 line-clamp-1 break-all text-xs text-slate-500" title={last.message}>
                  {last.message}
                </p>
              )
            ) : (
              <ol className="ml-2 mt-2 space-y-1 border-l border-slate-200 pl-4 dark:border-slate-700">
                {o.timeline.map((t, i) => (
                  <li key={i} className="relative text-xs">
                    <span aria-hidden className="absolute -left-[1.3rem] top-1 h-2 w-2 rounded-full bg-slate-300 dark:bg-slate-600" />
                    <span className="text-slate-500">{formatDateTime(t.at)}</span> <span>{t.message}</span>
                    {t.state && <span className="text-slate-500"> ({t.state})</span>}
                  </li>
                ))}
              </ol>
            )}
            {o.error && <p className="mt-1 break-words text-xs text-red-700 dark:text-red-400">{o.error}</p>}
          </li>
        );
      })}
    </ol>
  );
}
