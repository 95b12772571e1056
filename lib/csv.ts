/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** one CSV line (CRLF-terminated) */
export const csvLine = (cells: (string | number | boolean | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;
