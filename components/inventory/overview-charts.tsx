/**
 * The Overview's charts: horizontal bars per provider and per Kubernetes version. Rendered on the
 * server (no browser code): each bar links to the clusters list filtered by it.
 */
import Link from "next/link";
import type { OverviewResponse } from "@/lib/inventory/api-types";
import { compareKubeVersions, isPlainKubeVersion } from "@/lib/kube-version";
import { providerName, type ProviderMap } from "./providers";

export interface BarRow {
  key: string;
  label: string;
  value: number;
  href?: string;
  tone?: "red" | "amber" | "brand";
}

/** horizontal bars (their links do not prefetch, like the Overview's other list links); `tone` colours a bar by what it means (EOL past / soon) */
export function BarChart({ rows, label }: { rows: BarRow[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (rows.length === 0) return <p className="text-sm text-slate-500">No data yet.</p>;
  return (
    <ul className="space-y-1.5" aria-label={label}>
      {rows.map((r) => {
        const bar = r.tone === "red" ? "bg-red-500" : r.tone === "amber" ? "bg-amber-500" : "bg-brand-500";
        const inner = (
          <>
            <span className="w-28 shrink-0 truncate text-sm sm:w-44" title={r.label}>
              {r.label}
            </span>
            <span className="relative h-4 flex-1 overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
              <span className={`absolute inset-y-0 left-0 rounded ${bar}`} style={{ width: `${Math.max(2, (r.value / max) * 100)}%` }} />
            </span>
            <span className="w-12 shrink-0 text-right text-sm tabular-nums">{r.value.toLocaleString()}</span>
          </>
        );
        return (
          <li key={r.key} data-bar={r.key} data-tone={r.tone ?? "brand"}>
            {r.href ? (
              <Link prefetch={false} href={r.href} className="flex items-center gap-2 rounded hover:bg-slate-50 dark:hover:bg-slate-800/50" aria-label={`${r.label}: ${r.value}`}>
                {inner}
              </Link>
            ) : (
              <div className="flex items-center gap-2">{inner}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** clusters per version, newest first; clusters whose version the provider does not report go last */
export function versionRows(t: OverviewResponse["totals"]): BarRow[] {
  // EOL colour per minor from the API's complete per-version states (not from the capped list of EOL clusters)
  const versionTone = new Map<string, "red" | "amber">(Object.entries(t.eolByVersion ?? {}).map(([k, s]) => [k, s === "past" ? "red" : "amber"]));
  return Object.entries(t.byVersion)
    .sort(([a], [b]) => Number(!isPlainKubeVersion(a)) - Number(!isPlainKubeVersion(b)) || compareKubeVersions(b, a))
    .map(([v, n]) => ({ key: v, label: v === "" || v === "unknown" ? "unknown" : v, value: n, tone: versionTone.get(v) ?? ("brand" as const), href: isPlainKubeVersion(v) ? `/clusters?version=${encodeURIComponent(v)}` : undefined }));
}

/** clusters per provider, most first */
export function providerRows(t: OverviewResponse["totals"], providers: ProviderMap): BarRow[] {
  return Object.entries(t.byProvider)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => ({ key: k, label: providerName(providers, k), value: n, href: `/clusters?provider=${encodeURIComponent(k)}` }));
}
