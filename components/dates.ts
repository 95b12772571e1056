/** THE date and time formatting of the dashboard (pure; safe on server and client). "—" for no date. */
import { isoDateTime, isoDay } from "@/lib/dates";

export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "never";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

export function ageOf(iso: string | null | undefined, now = Date.now()): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : (now - t) / 1000;
}

export function formatDate(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  return isoDay(iso) ?? String(iso);
}

/** the exact UTC time to the second ("2026-03-31 14:05:09"), for records such as the audit log */
export function formatTimestamp(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  return isoDateTime(iso) ?? String(iso);
}

export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
