import { isoDay } from "@/lib/dates";

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** one CSV line (CRLF-terminated) */
export const csvLine = (cells: (string | number | boolean | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** a streamed CSV download `<prefix>-<date>.csv`, never cached */
export function csvResponse(stream: ReadableStream<Uint8Array>, prefix: string): Response {
  const stamp = isoDay(new Date());
  return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${prefix}-${stamp}.csv"`, "cache-control": "no-store" } });
}
