/** Formatting helpers shared by the inventory views (pure; safe on server and client). */

export { ageOf, formatAge, formatDate, formatDateTime } from "@/components/dates";

/**
 * A count with thousands separators ("10,284"): the same text on the server and in every browser (the
 * page is English), and no Intl start-up in the browser — a first toLocaleString() on the clusters
 * page cost ~40 ms of main thread at hydration (issue 20).
 */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
