/** Formatting helpers shared by the inventory views (pure; safe on server and client). */

export { ageOf, formatAge, formatDate, formatDateTime } from "@/components/dates";

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
