/**
 * Keeps a list still while background refreshes land: rows the user is looking at keep their
 * position (their contents update in place), clusters that appeared are counted and announced
 * instead of pushed in, and rows that left the view stay (marked) until the user asks for the latest.
 * A new view key (other filters, page, sort) or an explicit accept shows the server's list as is. Pure.
 */

export interface StableView<T extends { id: string }> {
  key: string;
  /** the response these rows were reconciled from (identity check) */
  source: unknown;
  rows: { row: T; left: boolean }[];
  /** ids the user has seen in this view */
  accepted: ReadonlySet<string>;
  /** in the latest response but not shown yet */
  newIds: string[];
  /** shown, but no longer in the latest response for this view */
  leftIds: string[];
}

export function acceptAll<T extends { id: string }>(key: string, items: T[], source: unknown): StableView<T> {
  return { key, source, rows: items.map((row) => ({ row, left: false })), accepted: new Set(items.map((r) => r.id)), newIds: [], leftIds: [] };
}

export function reconcile<T extends { id: string }>(prev: StableView<T> | null, key: string, items: T[], source: unknown): StableView<T> {
  if (!prev || prev.key !== key) return acceptAll(key, items, source);
  const byId = new Map(items.map((r) => [r.id, r]));
  const rows: { row: T; left: boolean }[] = [];
  const leftIds: string[] = [];
  for (const { row } of prev.rows) {
    const fresh = byId.get(row.id);
    if (fresh) rows.push({ row: fresh, left: false });
    else {
      rows.push({ row, left: true });
      leftIds.push(row.id);
    }
  }
  const newIds = items.filter((r) => !prev.accepted.has(r.id)).map((r) => r.id);
  return { key, source, rows, accepted: prev.accepted, newIds, leftIds };
}
