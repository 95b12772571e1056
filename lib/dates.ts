/**
 * THE calendar-day and timestamp spellings of the API, CSV names and provider texts (UTC; pure and
 * browser-safe). Display formatting for people lives in components/dates.ts, built on these.
 */

function toDate(d: Date | string | null | undefined): Date | null {
  if (!d) return null;
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** "2026-03-31" (the UTC day); null for no date or an unparseable one */
export function isoDay(d: Date | string | null | undefined): string | null {
  return toDate(d)?.toISOString().slice(0, 10) ?? null;
}

/** "2026-03-31 14:05:09" (UTC, to the second): exact times, e.g. in the audit log */
export function isoDateTime(d: Date | string | null | undefined): string | null {
  return toDate(d)?.toISOString().slice(0, 19).replace("T", " ") ?? null;
}
