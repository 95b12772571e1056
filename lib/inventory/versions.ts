/** Pure helpers for Kubernetes version strings and EOL dates (no server-only imports). */

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

export function parseVersion(v: string | null | undefined): [number, number, number] | undefined {
  const m = VERSION_RE.exec((v ?? "").trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** "1.30.2" → "0001.0030.0002" (sorts as text); null for unparseable versions. */
export function versionSortKey(v: string | null | undefined): string | null {
  const p = parseVersion(v);
  return p ? p.map((n) => String(Math.min(n, 9999)).padStart(4, "0")).join(".") : null;
}

/** "1.30.2" → "1.30" */
export function minorOf(v: string | null | undefined): string | null {
  const p = parseVersion(v);
  return p ? `${p[0]}.${p[1]}` : null;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0, 0];
  const y = parseVersion(b) ?? [0, 0, 0];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

export const EOL_SOON_DAYS = 90;

/** A provider EOL ("2026-02-28" or an ISO timestamp) → the instant it ends (date-only = end of that day UTC). */
export function parseEol(eol: string | null | undefined): Date | null {
  if (!eol) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(eol) ? `${eol}T23:59:59.999Z` : eol);
  return Number.isFinite(t) ? new Date(t) : null;
}

export type EolState = "past" | "soon" | "ok" | "unknown";

export function eolStateOf(eol: Date | string | null | undefined, now = new Date()): EolState {
  if (!eol) return "unknown";
  const t = typeof eol === "string" ? Date.parse(eol) : eol.getTime();
  if (!Number.isFinite(t)) return "unknown";
  if (t < now.getTime()) return "past";
  if (t < now.getTime() + EOL_SOON_DAYS * 86_400_000) return "soon";
  return "ok";
}

/**
 * EOL of a version from a provider catalogue: the exact version's EOL, else the EOL of any version
 * of the same minor (providers support minors, patches share their minor's end of life).
 */
export function eolLookup(catalogue: { version: string; eol?: string | null }[]): (version: string | null | undefined) => Date | null {
  const exact = new Map<string, Date>();
  const byMinor = new Map<string, Date>();
  for (const v of catalogue) {
    const d = parseEol(v.eol);
    if (!d) continue;
    exact.set(v.version.replace(/^v/, ""), d);
    const m = minorOf(v.version);
    if (m && !byMinor.has(m)) byMinor.set(m, d);
  }
  return (version) => {
    if (!version) return null;
    const norm = version.replace(/^v/, "");
    return exact.get(norm) ?? byMinor.get(minorOf(norm) ?? "") ?? null;
  };
}
