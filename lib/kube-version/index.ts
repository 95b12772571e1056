/**
 * THE Kubernetes version rules, for every provider, the server and the browser (no server imports).
 *
 * Accepted spellings: "v1.30.2", "1.30", "1.30.2-gke.1000", "v1.29.3+k3s1", "1.28-eks-8e3f2c1",
 * "1.31.1-aks.2" (surrounding blanks ignored, "v"/"V" optional). A version that does not start with
 * major.minor is unparseable: it compares below every parseable version (so it lists last in a
 * newest-first list), equal to other unparseable ones, and has no minor, distance or sort key.
 */
import { isoDay } from "@/lib/dates";

export interface KubeVersion {
  major: number;
  minor: number;
  /** null when the text names only major.minor ("1.30") */
  patch: number | null;
  /** provider build or distribution suffix without its separator ("gke.1000", "k3s1", "eks-8e3f2c1"), or "" */
  build: string;
}

const VERSION_RE = /^[vV]?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,9}))?(?:[-+](.*))?$/;

export function parseKubeVersion(text: string | null | undefined): KubeVersion | null {
  if (typeof text !== "string") return null;
  const m = VERSION_RE.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? null : Number(m[3]), build: m[4] ?? "" };
}

/** "v1.30.2-gke.1000" → "1.30.2"; "1.30" → "1.30"; null when unparseable. The shared model's spelling. */
export function normalizeKubeVersion(text: string | null | undefined): string | null {
  const v = parseKubeVersion(text);
  if (!v) return null;
  return v.patch === null ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}

/** "1.30" or "v1.30.2" (no build suffix): the spelling a version filter or link takes */
export function isPlainKubeVersion(text: string | null | undefined): boolean {
  return parseKubeVersion(text)?.build === "";
}

/** "1.30.2" → "1.30" */
export function kubeMinor(text: string | null | undefined): string | null {
  const v = parseKubeVersion(text);
  return v ? `${v.major}.${v.minor}` : null;
}

/**
 * Orders versions: major, minor, patch (a bare "1.30" sorts before "1.30.0"), then the build suffix
 * in natural order ("gke.900" < "gke.1000"), with no suffix first. Unparseable versions are lowest.
 */
export function compareKubeVersions(a: string | null | undefined, b: string | null | undefined): number {
  const x = parseKubeVersion(a);
  const y = parseKubeVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  const d = x.major - y.major || x.minor - y.minor || (x.patch ?? -1) - (y.patch ?? -1);
  if (d) return Math.sign(d);
  if (x.build === y.build) return 0;
  if (!x.build || !y.build) return x.build ? 1 : -1;
  return Math.sign(x.build.localeCompare(y.build, "en", { numeric: true }));
}

/** true when both name the same major.minor.patch (suffixes and "v" ignored) */
export function sameKubeVersion(a: string | null | undefined, b: string | null | undefined): boolean {
  const n = normalizeKubeVersion(a);
  return n !== null && n === normalizeKubeVersion(b);
}

/**
 * The text as a provider is sent it: "v1.30.2-gke.1000 " → "1.30.2-gke.1000" (blanks and "v" dropped,
 * build suffix kept, unlike normalizeKubeVersion); null when unparseable.
 */
export function kubeVersionText(text: string | null | undefined): string | null {
  if (!parseKubeVersion(text)) return null;
  return text!.trim().replace(/^[vV]/, "");
}

/**
 * true when `version` is, or lies within, `wanted`: the parts `wanted` names must match and the ones
 * it leaves out match anything ("1.35" is reached by "1.35.2"; "1.30.2" by "1.30.2-gke.5"; "1.30.2-gke.5"
 * only by itself). False when either is unparseable.
 */
export function kubeVersionMatches(version: string | null | undefined, wanted: string | null | undefined): boolean {
  const v = parseKubeVersion(version);
  const w = parseKubeVersion(wanted);
  if (!v || !w || v.major !== w.major || v.minor !== w.minor) return false;
  if (w.patch === null) return true;
  if (v.patch !== w.patch) return false;
  return w.build === "" || compareKubeVersions(version, wanted) === 0;
}

/** Minor versions from `from` to `to` (1.29 → 1.31 = 2, negative for a downgrade); null across majors or when unparseable. */
export function minorDistance(from: string | null | undefined, to: string | null | undefined): number | null {
  const x = parseKubeVersion(from);
  const y = parseKubeVersion(to);
  if (!x || !y || x.major !== y.major) return null;
  return y.minor - x.minor;
}

/** "1.30.2" → "0001.0030.0002" (sorts as text, e.g. in a database column); null when unparseable. */
export function kubeVersionSortKey(text: string | null | undefined): string | null {
  const v = parseKubeVersion(text);
  return v ? [v.major, v.minor, v.patch ?? 0].map((n) => String(Math.min(n, 9999)).padStart(4, "0")).join(".") : null;
}

// ---------------------------------------------------------------- end of life

export const EOL_SOON_DAYS = 90;

/** A provider EOL ("2026-02-28" or an ISO timestamp) → the instant it ends (a date alone = the end of that day, UTC). */
export function parseEol(eol: string | Date | null | undefined): Date | null {
  const t = eolTime(eol);
  return t === null ? null : eol instanceof Date ? eol : new Date(t);
}

/** parseEol's instant as epoch ms, without making a Date (the lists map thousands of rows per request) */
function eolTime(eol: string | Date | null | undefined): number | null {
  if (!eol) return null;
  const t = eol instanceof Date ? eol.getTime() : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(eol) ? `${eol}T23:59:59.999Z` : eol);
  return Number.isFinite(t) ? t : null;
}

/** every end-of-life state, in the order filters offer them */
export const EOL_STATES = ["past", "soon", "ok", "unknown"] as const;
export type EolState = (typeof EOL_STATES)[number];

/** past (ended), soon (within EOL_SOON_DAYS), ok, or unknown (no date) */
export function eolStateOf(eol: Date | string | null | undefined, now = new Date()): EolState {
  const t = eolTime(eol);
  if (t === null) return "unknown";
  if (t < now.getTime()) return "past";
  if (t < now.getTime() + EOL_SOON_DAYS * 86_400_000) return "soon";
  return "ok";
}

/** the first instant after `now` at which eolStateOf(eol, ·) differs from eolStateOf(eol, now) (Infinity: never) */
export function eolStateChangesAt(eol: Date | string | null | undefined, now = new Date()): number {
  const t = eolTime(eol);
  if (t === null) return Infinity;
  for (const at of [t - EOL_SOON_DAYS * 86_400_000 + 1, t + 1]) if (at > now.getTime()) return at;
  return Infinity;
}

/**
 * EOL of a version from a provider catalogue: the exact version's EOL, else that of any version of
 * the same minor (providers support minors; patches share their minor's end of life).
 */
export function eolLookup(catalogue: { version: string; eol?: string | null }[]): (version: string | null | undefined) => Date | null {
  const exact = new Map<string, Date>();
  const byMinor = new Map<string, Date>();
  for (const v of catalogue) {
    const d = parseEol(v.eol);
    const n = normalizeKubeVersion(v.version);
    if (!d || !n) continue;
    exact.set(n, d);
    const m = kubeMinor(n)!;
    if (!byMinor.has(m)) byMinor.set(m, d);
  }
  return (version) => {
    const n = normalizeKubeVersion(version);
    if (!n) return null;
    return exact.get(n) ?? byMinor.get(kubeMinor(n)!) ?? null;
  };
}

// ---------------------------------------------------------------- upstream Kubernetes releases

/**
 * End of maintenance of upstream Kubernetes minors (kubernetes.io/releases; docs/providers/kubernetes.md):
 * the EOL of clusters Clusterdeck reads through their own API, where no provider catalogue says more.
 */
export const UPSTREAM_RELEASES: readonly { version: string; eol: string }[] = [
  { version: "1.35", eol: "2027-02-28" },
  { version: "1.34", eol: "2026-10-27" },
  { version: "1.33", eol: "2026-06-28" },
  { version: "1.32", eol: "2026-02-28" },
  { version: "1.31", eol: "2025-10-28" },
  { version: "1.30", eol: "2025-06-28" },
  { version: "1.29", eol: "2025-02-28" },
  { version: "1.28", eol: "2024-10-28" },
  { version: "1.27", eol: "2024-06-28" },
  { version: "1.26", eol: "2024-02-28" },
  { version: "1.25", eol: "2023-10-28" },
];

/**
 * Upstream minors whose maintenance ended before the ones above, as far back as provider catalogues
 * still name them (NKS's SDK creates v1.13.1 and v1.15.5 clusters: docs/providers/nks.md §5.4). Dates:
 * kubernetes.io/releases/patch-releases, "Non-Active Branch History". Kept apart from UPSTREAM_RELEASES,
 * which is the catalogue the Kubernetes API provider offers.
 */
export const UPSTREAM_EOL_HISTORY: readonly { version: string; eol: string }[] = [
  { version: "1.15", eol: "2020-05-06" },
  { version: "1.14", eol: "2019-12-11" },
  { version: "1.13", eol: "2019-10-15" },
];

const upstreamLookup = eolLookup([...UPSTREAM_RELEASES, ...UPSTREAM_EOL_HISTORY]);

/** Upstream end of life of a version's minor ("2020-05-06"), or null when no table knows it. */
export function upstreamEol(version: string | null | undefined): string | null {
  return isoDay(upstreamLookup(version));
}
