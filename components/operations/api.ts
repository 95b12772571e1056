/** Browser helpers for the operation endpoints. */
export type { OperationSummary, UpgradeOptionsResponse, TimelineEntry } from "@/lib/operations/types";

export class OpsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly fields: { field: string; message: string }[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** window event carrying the OperationSummary of an operation this page just started */
export const OPERATION_STARTED_EVENT = "clusterdeck:operation-started";

export async function opsApi<T>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  const text = await res.text();
  let data: { error?: { code?: string; message?: string; details?: Record<string, unknown> & { fields?: { field: string; message: string }[] } } } = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new OpsApiError(data.error?.message ?? `request failed (${res.status})`, res.status, data.error?.code, data.error?.details?.fields ?? [], data.error?.details);
  const started = (data as { operation?: { id?: string } }).operation;
  if (init.method && init.method !== "GET" && started?.id && typeof window !== "undefined") {
    // the header's running-operations counter listens (components/operations/running-operations.tsx)
    window.dispatchEvent(new CustomEvent(OPERATION_STARTED_EVENT, { detail: started }));
  }
  return data as T;
}

export const fmtTime = (d: string | null | undefined) => (d ? new Date(d).toLocaleString() : "—");
