/**
 * THE browser fetch wrapper of the dashboard's own API: JSON in, JSON out, same-origin cookies, and the
 * API's error shape `{ error: { code, message, details } }` turned into one error class. Every
 * components/<area>/api.ts re-exports it.
 */
export type FieldError = { field: string; message: string };

export class ApiRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    readonly code?: string,
    /** the fields a 400 names (for forms) */
    readonly fields: FieldError[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export interface ApiRequestInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** window event carrying the OperationSummary of an operation this page just started (the header counts it at once) */
export const OPERATION_STARTED_EVENT = "clusterdeck:operation-started";

/**
 * window event asking every view whose query key starts with `detail.queryKey` to refresh (an empty key:
 * every view). A component that changed data announces it with announceChange: the TanStack Query views
 * (components/providers.tsx) invalidate their queries, the server-rendered pages (LiveRefresh) re-render.
 * So a button on a read-only page does not have to load TanStack Query just to say "this changed".
 */
export const INVALIDATE_EVENT = "clusterdeck:invalidate";

export function announceChange(queryKey: readonly unknown[]) {
  if (typeof window !== "undefined") window.dispatchEvent(new CustomEvent(INVALIDATE_EVENT, { detail: { queryKey } }));
}

/** the key an INVALIDATE_EVENT names (every view when the event carries none) */
export function announcedKey(e: Event): readonly unknown[] {
  const key = (e as CustomEvent<{ queryKey?: unknown }>).detail?.queryKey;
  return Array.isArray(key) ? key : [];
}

/** an announced key names a view when it is a prefix of the view's key (the empty key names every view) */
export function namesKey(announced: readonly unknown[], key: readonly unknown[]): boolean {
  return announced.length <= key.length && announced.every((part, i) => part === key[i]);
}

export async function apiRequest<T = unknown>(url: string, init: ApiRequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : { accept: "application/json" }), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: "same-origin",
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiRequestError("Clusterdeck could not be reached — check your network connection", 0, "network");
  }
  const text = await res.text();
  let data: { error?: { code?: string; message?: string; details?: Record<string, unknown> & { fields?: FieldError[] } } } = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = data?.error;
    throw new ApiRequestError(err?.message ?? `request failed (${res.status})`, res.status, err?.code, err?.details?.fields ?? [], err?.details);
  }
  const started = (data as { operation?: { id?: string } }).operation;
  if (init.method && init.method !== "GET" && started?.id && typeof window !== "undefined") {
    window.dispatchEvent(new CustomEvent(OPERATION_STARTED_EVENT, { detail: started }));
  }
  return data as T;
}
