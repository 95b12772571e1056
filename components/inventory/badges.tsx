import type { ClusterRow } from "@/lib/inventory/api-types";

/** each tone is a component class in app/globals.css (.badge-<tone>) */
export type Tone = "green" | "blue" | "amber" | "red" | "slate" | "purple";

export function Badge({ tone, children, title, className = "" }: { tone: Tone; children: React.ReactNode; title?: string; className?: string }) {
  return (
    <span className={`badge badge-${tone}${className ? ` ${className}` : ""}`} title={title}>
      {children}
    </span>
  );
}

const STATUS: Record<string, { tone: Tone; label: string; pulse?: boolean }> = {
  running: { tone: "green", label: "Running" },
  provisioning: { tone: "blue", label: "Provisioning", pulse: true },
  upgrading: { tone: "blue", label: "Upgrading", pulse: true },
  updating: { tone: "blue", label: "Updating", pulse: true },
  deleting: { tone: "amber", label: "Deleting", pulse: true },
  failed: { tone: "red", label: "Failed" },
  unknown: { tone: "slate", label: "Unknown" },
};

export function statusLabel(status: string): string {
  return STATUS[status]?.label ?? status;
}

export function StatusBadge({ status, providerStatus, gone }: { status: string; providerStatus?: string | null; gone?: boolean }) {
  if (gone) {
    return (
      <Badge tone="slate" title="No longer listed by the provider">
        Gone
      </Badge>
    );
  }
  const s = STATUS[status] ?? { tone: "slate" as const, label: status };
  return (
    <Badge tone={s.tone} title={providerStatus ? `Provider status: ${providerStatus}` : undefined}>
      {s.pulse && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      <span data-status={status}>{s.label}</span>
    </Badge>
  );
}

export function EolBadge({ state, eol }: { state: ClusterRow["eolState"]; eol: string | null }) {
  const date = eol ? eol.slice(0, 10) : null;
  if (state === "past") return <Badge tone="red" title={date ? `End of life ${date}` : undefined}>EOL {date ?? "passed"}</Badge>;
  if (state === "soon") return <Badge tone="amber" title={date ? `End of life ${date}` : undefined}>EOL {date ?? "soon"}</Badge>;
  if (state === "ok") return <span className="text-xs text-slate-500 dark:text-slate-400">{date ?? "supported"}</span>;
  return <span className="text-xs text-slate-400">—</span>;
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <span aria-hidden className={`block animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}
