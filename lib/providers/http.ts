import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { ProviderError, type HttpOptions, type ProviderErrorKind } from "./types";

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  backoffBaseMs: 200,
  backoffMaxMs: 5_000,
  budgetMs: 25_000,
  maxResponseBytes: 16 * 1024 * 1024,
  userAgent: "Clusterdeck/0.1 (+https://github.com/clusterdeck)",
};

/** How a provider reports an error body: returns its own message and field problems. */
export type ErrorExtractor = (body: unknown, status: number) => { message?: string; fields?: Record<string, string[]> } | undefined;

export interface ProviderRequest<T> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** zod schema of a successful body; omit for bodies we ignore (e.g. 204) */
  schema?: z.ZodType<T>;
  /** status codes counted as success (default: any 2xx) */
  expect?: number[];
  /** retries only happen for idempotent requests; GET/HEAD are, others only when the caller says so */
  idempotent?: boolean;
  headers?: Record<string, string>;
  /** logical operation name for metrics, e.g. "listClusters" */
  operation: string;
  /** the body is text (e.g. a kubeconfig): returned as it is, without a schema */
  text?: boolean;
}

export interface ProviderHttpClientInit {
  provider: string;
  baseUrl: string;
  /** the auth headers; values are treated as secrets and never echoed */
  authHeaders: () => Record<string, string>;
  extractError: ErrorExtractor;
  options?: Partial<HttpOptions>;
  /** extra check for every URL requested, redirects included (outbound-safety policy) */
  checkUrl?: (url: URL) => Promise<void>;
}

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set(["rate_limited", "unavailable", "timeout"]);
const MAX_REDIRECTS = 5;

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 409 || status === 412) return "conflict";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "invalid";
  return "bad_response";
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number, base: number, max: number, random = Math.random): number {
  // "full jitter": uniform in [0, min(max, base * 2^attempt)]
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(random() * ceiling);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });

/** provider-supplied text kept for display (error messages, a connection's last error) is cut to this many characters */
export const PROVIDER_TEXT_MAX = 500;

const REDACTED = "[redacted]";
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** the forms a secret takes when a provider echoes it: as is, URL-encoded (also form-style), JSON-escaped, base64 */
function encodings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, "+"), json, json.replace(/\//g, "\\/"), b64(secret), b64(secret).replace(/=+$/, ""), b64(secret).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")];
  return [...new Set(forms)].filter((f) => f.length >= 4);
}

/** base64 runs long enough to hide a credential ("user:secret" in a Basic header, tokens) */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/**
 * Removes every occurrence of a secret from provider-supplied text (defence in depth: providers
 * sometimes echo headers): in any letter case (`bearer <token>`), URL-encoded, JSON-escaped, base64
 * (also base64 of `user:secret` whatever the user), and pairs of secrets as `a:b` in base64. The one
 * redaction rule for provider text; lib/log.ts redacts structured fields by path on top.
 */
export function redact(text: string, secrets: string[]): string {
  const list = [...new Set(secrets.filter((s) => typeof s === "string" && s.length >= 4))];
  if (!list.length || !text) return text;
  const forms = new Set<string>();
  for (const s of list) for (const f of encodings(s)) forms.add(f);
  for (const a of list) for (const b of list) if (a !== b) for (const f of encodings(`${a}:${b}`)) forms.add(f);
  // longest first, so a whole header value goes before the token inside it
  const pattern = new RegExp([...forms].sort((x, y) => y.length - x.length).map(escapeRegExp).join("|"), "gi");
  let out = text.replace(pattern, REDACTED);
  // base64 of something that contains a secret (e.g. "anyuser:secret"), in any letter case of the secret
  const lower = list.map((s) => s.toLowerCase());
  out = out.replace(BASE64_RUN, (run) => {
    let decoded: string;
    try {
      decoded = Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8").toLowerCase();
    } catch {
      return run;
    }
    return lower.some((s) => decoded.includes(s)) ? REDACTED : run;
  });
  return out;
}

/** The secrets in auth header values: each whole value and each word after the scheme ("Bearer", "Basic", ...). */
export function secretsInHeaders(headers: Record<string, string>): string[] {
  return Object.values(headers).flatMap((v) => {
    const words = v.split(/\s+/).filter(Boolean);
    return [v, ...(words.length > 1 ? words.slice(1) : words)];
  });
}

/** Provider text for display and storage: secrets redacted, then capped at `max` characters. */
export function providerText(text: string, secrets: string[], max = PROVIDER_TEXT_MAX): string {
  // cut generously first (bodies can be megabytes), redact, then cut to size: a secret straddling the first cut lies beyond the second
  const clean = redact(text.length > max * 4 ? text.slice(0, max * 4) : text, secrets);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

async function readCapped(res: Response, cap: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => {});
    throw new SizeExceeded(cap);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => {});
      throw new SizeExceeded(cap);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

class SizeExceeded extends Error {
  constructor(readonly cap: number) {
    super(`response larger than ${cap} bytes`);
  }
}

/**
 * The one HTTP helper every provider client uses: timeouts with abort, jittered retries for idempotent
 * requests, Retry-After, a response-size cap, a request id header, zod validation of bodies, and
 * every failure turned into a ProviderError that never contains a credential.
 */
export class ProviderHttpClient {
  readonly provider: string;
  readonly baseUrl: string;
  private readonly opts: HttpOptions;
  private readonly init: ProviderHttpClientInit;

  constructor(init: ProviderHttpClientInit) {
    this.init = init;
    this.provider = init.provider;
    this.baseUrl = init.baseUrl.replace(/\/+$/, "");
    this.opts = { ...DEFAULT_HTTP_OPTIONS, ...init.options };
  }

  url(path: string, query?: ProviderRequest<unknown>["query"]): URL {
    const u = new URL(this.baseUrl + (path.startsWith("/") ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    return u;
  }

  async request<T>(req: ProviderRequest<T>): Promise<{ data: T; status: number; headers: Headers }> {
    const started = Date.now();
    const idempotent = req.idempotent ?? (req.method === "GET" || req.method === "HEAD");
    const maxAttempts = idempotent ? Math.max(1, this.opts.maxAttempts) : 1;
    const requestId = this.opts.requestId ?? randomUUID();
    let attempt = 0;
    let lastError: ProviderError | undefined;
    let lastStatus: number | null = null;
    try {
      while (attempt < maxAttempts) {
        attempt++;
        try {
          const result = await this.attempt(req, requestId);
          lastStatus = result.status;
          this.report(req, result.status, "ok", started, attempt);
          return result;
        } catch (e) {
          const err = this.toProviderError(e, requestId);
          lastError = err;
          lastStatus = err.status;
          if (!idempotent || !RETRYABLE_KINDS.has(err.kind) || attempt >= maxAttempts) throw err;
          const elapsed = Date.now() - started;
          let delay = backoffDelay(attempt - 1, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
          if (err.retryAfterMs !== undefined) {
            if (err.retryAfterMs > this.opts.backoffMaxMs) throw err; // longer than we are willing to wait here
            delay = Math.max(delay, err.retryAfterMs);
          }
          if (elapsed + delay + this.opts.timeoutMs / 4 > this.opts.budgetMs) throw err;
          await sleep(delay);
        }
      }
      throw lastError!;
    } catch (e) {
      const err = this.toProviderError(e, requestId);
      this.report(req, lastStatus, err.kind, started, attempt);
      throw err;
    }
  }

  private report(req: ProviderRequest<unknown>, status: number | null, outcome: ProviderErrorKind | "ok", started: number, attempts: number) {
    this.opts.onCall?.({ provider: this.provider, operation: req.operation, method: req.method, status, outcome, durationMs: Date.now() - started, attempts });
  }

  private async attempt<T>(req: ProviderRequest<T>, requestId: string): Promise<{ data: T; status: number; headers: Headers }> {
    let url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.opts.userAgent,
      "X-Request-Id": requestId,
      ...req.headers,
      ...this.init.authHeaders(),
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), this.opts.timeoutMs);
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    try {
      let res: Response | undefined;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        await this.init.checkUrl?.(url);
        res = await fetchImpl(url, { method: req.method, headers, body, signal: controller.signal, redirect: "manual" });
        if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
          const next = new URL(res.headers.get("location")!, url);
          await res.body?.cancel().catch(() => {});
          // never hand credentials to another host, whatever header carries them
          if (next.origin !== url.origin) for (const h of Object.keys(this.init.authHeaders())) delete headers[h];
          url = next;
          continue;
        }
        break;
      }
      if (!res || (res.status >= 300 && res.status < 400)) {
        throw new ProviderError({ kind: "bad_response", provider: this.provider, status: res?.status ?? null, message: "too many redirects", requestId });
      }
      const text = await readCapped(res, this.opts.maxResponseBytes);
      const expected = req.expect ? req.expect.includes(res.status) : res.status >= 200 && res.status < 300;
      if (!expected) throw this.errorFromResponse(res, text, requestId);
      if (req.text) return { data: text as T, status: res.status, headers: res.headers };
      if (!req.schema) return { data: undefined as T, status: res.status, headers: res.headers };
      let json: unknown;
      try {
        json = text.length ? JSON.parse(text) : undefined;
      } catch {
        throw new ProviderError({ kind: "bad_response", provider: this.provider, status: res.status, message: `${this.provider} answered ${req.method} ${req.path} with a body that is not valid JSON`, requestId });
      }
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path?.length ? issue.path.join(".") : "(root)";
        throw new ProviderError({ kind: "bad_response", provider: this.provider, status: res.status, message: `${this.provider} answered ${req.method} ${req.path} with an unexpected shape at ${where}: ${issue?.message ?? "invalid"}`, requestId });
      }
      return { data: parsed.data, status: res.status, headers: res.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  private errorFromResponse(res: Response, text: string, requestId: string): ProviderError {
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    const extracted = this.init.extractError(body, res.status) ?? {};
    const fallback = typeof body === "string" && body.length > 0 && body.length < 300 ? body : `HTTP ${res.status}`;
    return new ProviderError({
      kind: kindForStatus(res.status),
      provider: this.provider,
      status: res.status,
      message: this.scrub(extracted.message ?? fallback),
      fields: extracted.fields,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
      requestId,
    });
  }

  private scrub(message: string): string {
    return providerText(message, secretsInHeaders(this.init.authHeaders()));
  }

  private toProviderError(e: unknown, requestId: string): ProviderError {
    if (e instanceof ProviderError) return e;
    if (e instanceof SizeExceeded) {
      return new ProviderError({ kind: "bad_response", provider: this.provider, message: `${this.provider} sent a ${e.message}; cut off`, requestId });
    }
    const err = e as { name?: string; cause?: unknown; message?: string };
    if (err?.name === "AbortError" || err?.name === "TimeoutError" || err instanceof TimeoutSignal || err?.cause instanceof TimeoutSignal) {
      return new ProviderError({ kind: "timeout", provider: this.provider, message: `${this.provider} did not answer within ${this.opts.timeoutMs} ms`, requestId });
    }
    if (err?.name === "OutboundBlocked") {
      return new ProviderError({ kind: "forbidden", provider: this.provider, message: this.scrub(err.message ?? "address not allowed"), requestId });
    }
    const cause = err?.cause as { code?: string; message?: string } | undefined;
    const code = cause?.code ?? "";
    const tls = /CERT|SSL|TLS/i.test(code) || /certificate|ssl|tls/i.test(cause?.message ?? "");
    const detail = tls ? `TLS failure (${code || cause?.message})` : code === "ENOTFOUND" ? "host not found" : code === "ECONNREFUSED" ? "connection refused" : code || err?.message || "network error";
    return new ProviderError({ kind: "unavailable", provider: this.provider, message: this.scrub(`${this.provider} unreachable: ${detail}`), requestId, cause: tls ? { tls: true } : undefined });
  }
}

class TimeoutSignal extends Error {
  constructor() {
    super("timeout");
    this.name = "TimeoutError";
  }
}
