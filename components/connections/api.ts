import type { ConnectionView } from "@/lib/connections/service";
import type { TestReport } from "@/lib/connections/health";

export type { ConnectionView, TestReport };
export type { ProviderDescriptor } from "@/lib/providers/browser-data";

/** An API error with the fields it names (for forms). */
export class ConnectionApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  const text = await res.text();
  let data: { error?: { code?: string; message?: string; details?: { fields?: { field: string; message: string }[] } } } = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new ConnectionApiError(data.error?.message ?? `request failed (${res.status})`, res.status, data.error?.code, data.error?.details?.fields ?? []);
  return data as T;
}

export const fmtTime = (d: string | null) => (d ? new Date(d).toLocaleString() : "—");
