/**
 * The cluster list's page cache, one per process: what a page is made of that changes only when the
 * team's inventory changes — the page's snapshot rows in order with their running operations, the
 * filtered total, the live clusters per connection — keyed by team, the team's InventoryRevision and
 * the query. The revision is raised by database triggers at the commit of every transaction that
 * changes such rows (migration inventory_revision), whichever replica or process wrote them, so a
 * cached page is exact: a request reads the revision (with the connections' sync states, which are
 * never cached) and finds the page under it or reads it. The mapping to the API's rows (ages, EOL
 * states, stale connections: everything that depends on the clock) runs on every request.
 *
 * Not cached: filters that depend on the clock (eol, issues). Bounded by LIST_CACHE_ROWS rows (0 turns
 * the cache off) and an entry's age (a restored database could bring an old revision number back).
 */
import { LRUCache } from "lru-cache";
import type { EncodedJson } from "@/lib/api/encoded-json";
import { config } from "@/lib/config";
import type { ClusterRow } from "./api-types";
import type { ClusterQuery } from "./cluster-query";

export interface CachedPage {
  rows: { row: Record<string, unknown>; runningOperation: ClusterRow["runningOperation"] }[];
  total: number;
  /** live clusters per connection id */
  counts: Record<string, number>;
}

/**
 * The API's last answer to a query, as bytes (lib/inventory/cluster-list.ts listClustersResponse): good
 * for a request whose head — the team's revision and its connections' states as the database answered
 * them, compared as text — is the same, before `validUntil`, the first instant the answer would read
 * differently by the clock alone (an age in seconds, a connection turning stale, an EOL date passing).
 * One per (team, query), in the same cache, counted as its page's rows (about 0.9 KB per row).
 */
export interface KeptAnswer extends EncodedJson {
  head: string;
  validUntil: number;
  rows: number;
}

const MAX_AGE_MS = 5 * 60_000;
let cache: LRUCache<string, CachedPage | KeptAnswer> | null | undefined;

function theCache(): LRUCache<string, CachedPage | KeptAnswer> | null {
  if (cache === undefined) {
    const rows = config().LIST_CACHE_ROWS;
    cache = rows > 0 ? new LRUCache<string, CachedPage | KeptAnswer>({ maxSize: rows, sizeCalculation: (p) => (typeof p.rows === "number" ? p.rows : p.rows.length) + 1, ttl: MAX_AGE_MS }) : null;
  }
  return cache;
}

/** whether the page of this query may come from the cache: its filter does not depend on the clock */
export function cacheable(q: ClusterQuery): boolean {
  return theCache() !== null && !q.issues && q.eol.length === 0;
}

function keyOf(teamId: string, revision: string, q: ClusterQuery): string {
  const { format: _format, ...rest } = q;
  return `${teamId}\u0000${revision}\u0000${JSON.stringify(rest)}`;
}

export function cachedPage(teamId: string, revision: string, q: ClusterQuery): CachedPage | undefined {
  return theCache()?.get(keyOf(teamId, revision, q)) as CachedPage | undefined;
}

export function cachePage(teamId: string, revision: string, q: ClusterQuery, page: CachedPage): void {
  theCache()?.set(keyOf(teamId, revision, q), page);
}

const ANSWER = "answer";

export function keptAnswer(teamId: string, q: ClusterQuery): KeptAnswer | undefined {
  return theCache()?.get(keyOf(teamId, ANSWER, q)) as KeptAnswer | undefined;
}

export function keepAnswer(teamId: string, q: ClusterQuery, answer: KeptAnswer): void {
  theCache()?.set(keyOf(teamId, ANSWER, q), answer);
}

/** for tests and after a configuration change */
export function resetListCache(): void {
  cache = undefined;
}
