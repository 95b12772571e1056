/**
 * The clusters view's state lives in the URL (shareable): parse it, write it back, and derive the
 * query string the API gets (GET /api/v1/clusters; see lib/inventory/api-types.ts). Pure.
 */

import { CLUSTER_SORT_KEYS } from "@/lib/inventory/api-types";
import { EOL_STATES } from "@/lib/kube-version";

export { EOL_STATES };
export const SORT_KEYS = CLUSTER_SORT_KEYS;
export type SortKey = (typeof SORT_KEYS)[number];
export const GROUP_KEYS = ["provider", "connection", "scope"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100, 250, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;
/**
 * Rows per page on phones when the address names none: a phone shows a few rows at a time, and the
 * first layout of 50 rows is the largest piece of main-thread work after start-up on a mid-range phone
 * (issue 20; figures in docs/operations.md). Every address the view writes then names the size
 * (pageQueryString).
 */
export const PHONE_PAGE_SIZE = 25;

/** what defaultPageSizeFor reads: the request's headers (next/headers, or a Headers in tests) */
type HeaderReader = { get(name: string): string | null };

/**
 * The page size used when the address names none, from the request: PHONE_PAGE_SIZE for a phone
 * (the `Sec-CH-UA-Mobile: ?1` client hint Chromium browsers send on every request; without the hint,
 * a User-Agent with "Mobi", as Safari and Firefox on phones send), else DEFAULT_PAGE_SIZE.
 */
export function defaultPageSizeFor(h: HeaderReader): number {
  const hint = h.get("sec-ch-ua-mobile");
  const phone = hint !== null ? hint.trim() === "?1" : /Mobi/.test(h.get("user-agent") ?? "");
  return phone ? PHONE_PAGE_SIZE : DEFAULT_PAGE_SIZE;
}
export const DEFAULT_SORT = "name";

export interface ClusterQuery {
  provider: string[];
  connection: string[];
  scope: string[];
  region: string[];
  status: string[];
  version: string;
  eol: string[];
  issues: boolean;
  q: string;
  /** "name" | "-name" … */
  sort: string;
  page: number;
  pageSize: number;
  /** client-side only: rows grouped by this column */
  group: GroupKey | "";
}

type Params = { get(name: string): string | null };

const list = (v: string | null): string[] =>
  v
    ? [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))]
    : [];

/** defaultPageSize: when the address names no (valid) page size (defaultPageSizeFor) */
export function parseClusterQuery(sp: Params, defaultPageSize: number = DEFAULT_PAGE_SIZE): ClusterQuery {
  const sort = sp.get("sort") ?? "";
  const sortKey = sort.replace(/^-/, "");
  const page = Number(sp.get("page"));
  const pageSize = Number(sp.get("pageSize"));
  const group = sp.get("group") ?? "";
  return {
    provider: list(sp.get("provider")),
    connection: list(sp.get("connection")),
    scope: list(sp.get("scope")),
    region: list(sp.get("region")),
    status: list(sp.get("status")),
    version: (sp.get("version") ?? "").trim(),
    eol: list(sp.get("eol")).filter((e) => (EOL_STATES as readonly string[]).includes(e)),
    issues: sp.get("issues") === "1" || sp.get("issues") === "true",
    q: sp.get("q") ?? "",
    sort: (SORT_KEYS as readonly string[]).includes(sortKey) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: Number.isInteger(pageSize) && pageSize > 0 ? Math.min(pageSize, 500) : defaultPageSize,
    group: (GROUP_KEYS as readonly string[]).includes(group) ? (group as GroupKey) : "",
  };
}

/** the query string the API receives (no client-only keys, no defaults) */
export function apiQueryString(q: ClusterQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  const put = (k: string, v: string | string[]) => {
    const s = Array.isArray(v) ? v.join(",") : v;
    if (s) p.set(k, s);
  };
  put("provider", q.provider);
  put("connection", q.connection);
  put("scope", q.scope);
  put("region", q.region);
  put("status", q.status);
  put("version", q.version);
  put("eol", q.eol);
  if (q.issues) p.set("issues", "1");
  put("q", q.q.trim());
  if (q.sort !== DEFAULT_SORT) p.set("sort", q.sort);
  if (q.page > 1) p.set("page", String(q.page));
  if (q.pageSize !== DEFAULT_PAGE_SIZE) p.set("pageSize", String(q.pageSize));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/**
 * the page's own query string (the API's plus client-only state); with a device default other than the
 * API's (defaultPageSize), it always names the page size, so the address means the same page anywhere
 */
export function pageQueryString(q: ClusterQuery, defaultPageSize: number = DEFAULT_PAGE_SIZE): string {
  const p = new URLSearchParams(apiQueryString(q));
  if (defaultPageSize !== DEFAULT_PAGE_SIZE) p.set("pageSize", String(q.pageSize));
  if (q.group) p.set("group", q.group);
  return p.toString();
}

/** CSV export of the whole filtered set (no paging) */
export function csvHref(q: ClusterQuery): string {
  const s = apiQueryString({ ...q, page: 1, pageSize: DEFAULT_PAGE_SIZE }, { format: "csv" });
  return `/api/v1/clusters?${s}`;
}

export function activeFilterCount(q: ClusterQuery): number {
  return (
    (q.provider.length ? 1 : 0) +
    (q.connection.length ? 1 : 0) +
    (q.scope.length ? 1 : 0) +
    (q.region.length ? 1 : 0) +
    (q.status.length ? 1 : 0) +
    (q.version ? 1 : 0) +
    (q.eol.length ? 1 : 0) +
    (q.issues ? 1 : 0) +
    (q.q.trim() ? 1 : 0)
  );
}

export function clearFilters(q: ClusterQuery): ClusterQuery {
  return { ...q, provider: [], connection: [], scope: [], region: [], status: [], version: "", eol: [], issues: false, q: "", page: 1 };
}

export function sortState(sort: string): { id: string; desc: boolean } {
  return { id: sort.replace(/^-/, ""), desc: sort.startsWith("-") };
}
