/**
 * Typed calls to the GKE API (container.googleapis.com/v1) through Google's official client,
 * `@google-cloud/container` v1 ClusterManagerClient in its REST mode, authenticated with a
 * service-account key through `google-auth-library` (OAuth 2.0 JWT-bearer grant). The SDK is used
 * unmodified; only its public options are set (docs/providers/gke.md §2):
 * - `apiEndpoint` / `port` / `protocol` point the REST transport at the connection's base URL;
 * - the auth client's gaxios transporter gets a request interceptor (gaxios' public API) that sends
 *   every request - API calls and the token exchange alike - through our guarded agents, caps the
 *   response size, and, for a non-default endpoint only, sends the token exchange to `<base>/token`;
 * - retries are ours (idempotent reads only), so the SDK's and gaxios' own retries are off.
 */
import { createHash } from "node:crypto";
import { v1, type protos } from "@google-cloud/container";
import type { ClientOptions } from "google-gax";
import { JWT } from "google-auth-library";
import { DEFAULT_HTTP_OPTIONS, backoffDelay, kindForStatus, parseRetryAfter, redact } from "../http";
import { ProviderError, type HttpOptions, type ProviderErrorKind } from "../types";
import { parseServiceAccountKey, projectOf, type ServiceAccountKey } from "./credentials";

export const PROVIDER = "gke";
import { DEFAULT_ENDPOINT } from "./endpoint";
export { DEFAULT_ENDPOINT };
/** Google's OAuth 2.0 token endpoint; google-auth-library sends the JWT-bearer grant here. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
/** The scope GKE's API documents for every method (docs/providers/gke.md §1). */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export type GkeCluster = protos.google.container.v1.ICluster;
export type GkeNodePool = protos.google.container.v1.INodePool;
export type GkeOperation = protos.google.container.v1.IOperation;
export type GkeServerConfig = protos.google.container.v1.IServerConfig;

type CallOptions = { timeout: number; retry: null };

/**
 * Access tokens by key and token URL, shared by the adapters of this process (an adapter lives for one
 * request or sync): one token exchange per key per hour instead of one per request. Dropped on a 401.
 */
const tokenCache = new Map<string, { access_token: string; expiry_date: number }>();
const TOKEN_CACHE_MAX = 500;
const TOKEN_MIN_LIFE_MS = 5 * 60_000;
const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate_limited", "unavailable", "timeout"]);

/** google.rpc.Code names (the JSON error body's "status") → our kinds where the HTTP status says too little. */
const STATUS_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  UNAUTHENTICATED: "unauthorized",
  PERMISSION_DENIED: "forbidden",
  NOT_FOUND: "not_found",
  ALREADY_EXISTS: "conflict",
  ABORTED: "conflict",
  FAILED_PRECONDITION: "conflict",
  INVALID_ARGUMENT: "invalid",
  OUT_OF_RANGE: "invalid",
  RESOURCE_EXHAUSTED: "rate_limited",
  UNAVAILABLE: "unavailable",
  INTERNAL: "unavailable",
  DEADLINE_EXCEEDED: "timeout",
};

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { "@type"?: string; retryDelay?: string; fieldViolations?: { field?: string; description?: string }[]; violations?: unknown[] }[] };
  /** OAuth token endpoint errors: {"error": "invalid_grant", "error_description": "..."} */
  error_description?: string;
}

function parseBody(text: unknown): GoogleErrorBody | undefined {
  if (text && typeof text === "object") return text as GoogleErrorBody;
  if (typeof text !== "string" || !text.trim().startsWith("{")) return undefined;
  try {
    return JSON.parse(text) as GoogleErrorBody;
  } catch {
    return undefined;
  }
}

/** "60s" / "1.5s" (google.protobuf.Duration in JSON) → ms */
function durationMs(d: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(d ?? "");
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

interface EndpointInfo {
  protocol: "http" | "https";
  host: string;
  port: number;
  /** where the JWT-bearer grant goes */
  tokenUrl: string;
}

/** The connection's base URL as the SDK's endpoint options; the default endpoint keeps Google's token URL. */
export function endpointOf(baseUrl: string): EndpointInfo {
  let u: URL;
  try {
    u = new URL(baseUrl || DEFAULT_ENDPOINT);
  } catch {
    throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: `"${baseUrl}" is not a URL` });
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: "the GKE endpoint must be an http(s) URL" });
  const protocol = u.protocol === "http:" ? "http" : "https";
  const port = u.port ? Number(u.port) : protocol === "https" ? 443 : 80;
  const isDefault = u.origin === new URL(DEFAULT_ENDPOINT).origin;
  return { protocol, host: u.hostname.replace(/^\[|\]$/g, ""), port, tokenUrl: isDefault ? GOOGLE_TOKEN_URL : `${u.origin}/token` };
}

export class GkeClient {
  readonly project: string;
  readonly clientEmail: string;
  private readonly sdk: v1.ClusterManagerClient;
  private readonly opts: HttpOptions;
  private readonly secrets: string[];
  private readonly jwt: JWT;
  private readonly cacheKey: string;
  /** the access token in use came from the cache (a 401 then earns one fresh exchange) */
  private cachedToken = false;
  private readonly endpoint: EndpointInfo;

  constructor(init: { baseUrl: string; credentials: Record<string, string>; http?: Partial<HttpOptions> }) {
    this.opts = { ...DEFAULT_HTTP_OPTIONS, ...init.http };
    const parsed = parseServiceAccountKey(init.credentials.serviceAccountKey ?? "");
    if (!parsed.ok) throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: parsed.problem });
    const key: ServiceAccountKey = parsed.key;
    const project = projectOf(init.credentials, key);
    if (!project) throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: "no project: the key names no project_id and none was given" });
    this.project = project;
    this.clientEmail = key.client_email;
    this.secrets = [key.private_key, ...key.private_key.split("\n").filter((l) => l.length > 20), init.credentials.serviceAccountKey];
    const ep = endpointOf(init.baseUrl);
    this.endpoint = ep;
    const agents = this.opts.agents;
    const maxBytes = this.opts.maxResponseBytes;

    const jwt = new JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: [CLOUD_PLATFORM_SCOPE],
      // the per-attempt timeout of every request this client makes (token exchange included)
      transporterOptions: { timeout: this.opts.timeoutMs },
    });
    jwt.transporter.interceptors.request.add({
      resolved: async (o) => {
        const url = new URL(String(o.url));
        if (url.href === GOOGLE_TOKEN_URL && ep.tokenUrl !== GOOGLE_TOKEN_URL) o.url = new URL(ep.tokenUrl);
        const target = new URL(String(o.url));
        // the guarded agents (outbound rules at socket open, provider CAs) replace the SDK's own
        if (agents) (o as { agent?: unknown }).agent = target.protocol === "http:" ? agents.http : agents.https;
        // node-fetch's body cap (gaxios passes unknown options through)
        (o as { size?: number }).size = maxBytes;
        // our retry loop decides; gaxios' own retry (used for the token POST) is off
        o.retryConfig = { ...(o.retryConfig ?? {}), retry: 0 };
        o.headers.set("user-agent", `${this.opts.userAgent} ${o.headers.get("user-agent") ?? ""}`.trim());
        if (this.opts.requestId) o.headers.set("x-request-id", this.opts.requestId);
        return o;
      },
    });

    // A token answer without an access token is a bad response, not a reason to call the API with none.
    jwt.transporter.interceptors.response.add({
      resolved: async (res) => {
        if (/\/token$/.test(new URL(String(res.config.url)).pathname) && res.status === 200) {
          const data = res.data as { access_token?: unknown } | undefined;
          if (!data || typeof data !== "object" || typeof data.access_token !== "string") {
            throw new ProviderError({ kind: "bad_response", provider: PROVIDER, status: 200, message: "the OAuth token endpoint answered without an access token" });
          }
        }
        return res;
      },
    });

    this.jwt = jwt;
    this.cacheKey = createHash("sha256").update(`${ep.tokenUrl}\n${key.client_email}\n${key.private_key}`).digest("hex");
    const cached = tokenCache.get(this.cacheKey);
    if (cached && cached.expiry_date - Date.now() > TOKEN_MIN_LIFE_MS) {
      // "jwt-placeholder" is how google-auth-library's JWT marks that it can always get a new token
      jwt.setCredentials({ access_token: cached.access_token, expiry_date: cached.expiry_date, token_type: "Bearer", refresh_token: "jwt-placeholder" });
      this.cachedToken = true;
    }
    jwt.on("tokens", (t) => {
      if (!t.access_token || !t.expiry_date) return;
      if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.delete(tokenCache.keys().next().value!);
      tokenCache.set(this.cacheKey, { access_token: t.access_token, expiry_date: t.expiry_date });
    });
    this.sdk = new v1.ClusterManagerClient({ fallback: true, authClient: jwt as unknown as ClientOptions["authClient"], apiEndpoint: ep.host, port: ep.port, protocol: ep.protocol });
    // The generated client turns self-signed JWTs on for its auth client; we use the documented
    // OAuth 2.0 flow instead (one access token per hour, revocable with the key).
    (this.sdk.auth as unknown as { useJWTAccessWithScope: boolean }).useJWTAccessWithScope = false;
  }

  private callOptions(): CallOptions {
    return { timeout: this.opts.timeoutMs, retry: null };
  }

  /** One logical call: retries for idempotent reads, metrics, errors as ProviderError. */
  private async call<T>(operation: string, method: string, idempotent: boolean, fn: (o: CallOptions) => Promise<T>): Promise<T> {
    const started = Date.now();
    const maxAttempts = idempotent ? Math.max(1, this.opts.maxAttempts) : 1;
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const r = await fn(this.callOptions());
        this.opts.onCall?.({ provider: PROVIDER, operation, method, status: 200, outcome: "ok", durationMs: Date.now() - started, attempts: attempt });
        return r;
      } catch (e) {
        const err = this.toProviderError(e);
        // a cached token the API no longer accepts (revoked, or the simulator was reset) is forgotten,
        // and the call is tried once more with a fresh token
        if (err.kind === "unauthorized") {
          tokenCache.delete(this.cacheKey);
          if (this.cachedToken) {
            this.cachedToken = false;
            this.jwt.setCredentials({ refresh_token: "jwt-placeholder", expiry_date: 1 });
            attempt--;
            continue;
          }
        }
        let delay = backoffDelay(attempt - 1, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
        const retryable = attempt < maxAttempts && RETRYABLE.has(err.kind) && !(err.retryAfterMs !== undefined && err.retryAfterMs > this.opts.backoffMaxMs);
        if (err.retryAfterMs !== undefined) delay = Math.max(delay, err.retryAfterMs);
        if (!retryable || Date.now() - started + delay + this.opts.timeoutMs / 4 > this.opts.budgetMs) {
          this.opts.onCall?.({ provider: PROVIDER, operation, method, status: err.status, outcome: err.kind, durationMs: Date.now() - started, attempts: attempt });
          throw err;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private scrub(text: string): string {
    return redact(text, this.secrets);
  }

  /** Every failure of the SDK, gaxios or the network as a ProviderError (never with key material). */
  toProviderError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    const err = e as { name?: string; message?: string; status?: number; code?: unknown; config?: { url?: unknown }; response?: { status?: number; headers?: Headers; data?: unknown }; cause?: { name?: string; code?: string; message?: string; type?: string } };
    const status = typeof err.response?.status === "number" ? err.response.status : typeof err.status === "number" ? err.status : null;
    const url = String(err.config?.url ?? "");
    if (status !== null && status >= 400) {
      const body = parseBody(err.response?.data) ?? parseBody(err.message);
      const isToken = /\/token$/.test(new URL(url || "http://x/").pathname);
      // The OAuth endpoint answers a bad key or assertion with 400/401 {"error": "invalid_grant", ...}.
      if (isToken && (status === 400 || status === 401)) {
        const detail = typeof body?.error === "string" ? `${body.error}${body.error_description ? `: ${body.error_description}` : ""}` : `HTTP ${status}`;
        return new ProviderError({ kind: "unauthorized", provider: PROVIDER, status, message: this.scrub(`Google refused the service-account key (${detail})`) });
      }
      const g = typeof body?.error === "object" ? body.error : undefined;
      const retryInfo = g?.details?.find((d) => String(d["@type"] ?? "").endsWith("google.rpc.RetryInfo"));
      const retryAfterMs = parseRetryAfter(err.response?.headers?.get?.("retry-after") ?? null) ?? durationMs(retryInfo?.retryDelay);
      const fields: Record<string, string[]> = {};
      for (const d of g?.details ?? []) for (const fv of d.fieldViolations ?? []) (fields[fv.field || "request"] ??= []).push(String(fv.description ?? "invalid"));
      let kind = kindForStatus(status);
      const named = g?.status ? STATUS_KINDS[g.status] : undefined;
      if (named && status < 500 && status !== 429) kind = named;
      // a quota that is used up is not a rate limit: retrying will not help
      if (g?.status === "RESOURCE_EXHAUSTED" && g.details?.some((d) => String(d["@type"] ?? "").endsWith("google.rpc.QuotaFailure"))) kind = "forbidden";
      const message = g?.message || (typeof body?.error === "string" ? body.error : `HTTP ${status}`);
      return new ProviderError({ kind, provider: PROVIDER, status, message: this.scrub(message), fields: Object.keys(fields).length ? fields : undefined, retryAfterMs: kind === "forbidden" ? undefined : retryAfterMs });
    }
    const text = `${err.message ?? ""} ${err.cause?.message ?? ""}`;
    const code = String(err.code ?? err.cause?.code ?? "");
    // the guarded agents refuse at socket open (lib/connections/outbound-agent.ts); node-fetch keeps only the text
    const blocked = /reason: (.*(?:ALLOWED_PROVIDER_HOSTS|provider API URLs must use https).*)$/s.exec(text);
    if (err.name === "OutboundBlocked" || err.cause?.name === "OutboundBlocked" || code === "EOUTBOUNDBLOCKED" || blocked) {
      return new ProviderError({ kind: "forbidden", provider: PROVIDER, message: this.scrub(blocked?.[1]?.trim() ?? (err.cause?.name === "OutboundBlocked" ? err.cause.message : err.message) ?? "address not allowed") });
    }
    if (code === "TimeoutError" || err.name === "TimeoutError" || err.cause?.name === "TimeoutError" || /timed? ?out|aborted|deadline exceeded/i.test(text)) {
      return new ProviderError({ kind: "timeout", provider: PROVIDER, message: `gke did not answer within ${this.opts.timeoutMs} ms` });
    }
    if (err.cause?.type === "max-size" || /over limit/i.test(text)) {
      return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: `gke sent a response larger than ${this.opts.maxResponseBytes} bytes; cut off` });
    }
    if (e instanceof SyntaxError || /JSON|Unexpected token|malformed response/i.test(text)) {
      return new ProviderError({ kind: "bad_response", provider: PROVIDER, status, message: "gke answered with a body that is not valid JSON" });
    }
    if (/premature close|ERR_STREAM_PREMATURE_CLOSE|socket hang up|ECONNRESET|terminated/i.test(text + code)) {
      return new ProviderError({ kind: "unavailable", provider: PROVIDER, message: "gke closed the connection before the answer was complete" });
    }
    const tls = /CERT|SSL|TLS/i.test(code) || /certificate|ssl|tls/i.test(text);
    const detail = tls ? `TLS failure (${code || err.cause?.message || ""})` : code === "ENOTFOUND" ? "host not found" : code === "ECONNREFUSED" ? "connection refused" : code || err.message || "network error";
    return new ProviderError({ kind: "unavailable", provider: PROVIDER, message: this.scrub(`gke unreachable: ${detail}`) });
  }

  private loc(location: string) {
    return `projects/${this.project}/locations/${location}`;
  }

  /** All clusters of the project (location "-" = every location), and the zones that did not answer. */
  async listClusters(location = "-"): Promise<{ clusters: GkeCluster[]; missingZones: string[] }> {
    const [r] = await this.call("listClusters", "GET", true, (o) => this.sdk.listClusters({ parent: this.loc(location) }, o));
    return { clusters: r.clusters ?? [], missingZones: r.missingZones ?? [] };
  }

  async getCluster(location: string, name: string): Promise<GkeCluster> {
    const [r] = await this.call("getCluster", "GET", true, (o) => this.sdk.getCluster({ name: `${this.loc(location)}/clusters/${name}` }, o));
    return r;
  }

  async getServerConfig(location: string): Promise<GkeServerConfig> {
    const [r] = await this.call("getServerConfig", "GET", true, (o) => this.sdk.getServerConfig({ name: this.loc(location) }, o));
    return r;
  }

  async createCluster(location: string, cluster: GkeCluster): Promise<GkeOperation> {
    const [r] = await this.call("createCluster", "POST", false, (o) => this.sdk.createCluster({ parent: this.loc(location), cluster }, o));
    return r;
  }

  /** The control plane to `version` ("1.34", "1.34.1" or "1.34.1-gke.1000"; GKE picks the newest matching). */
  async updateMaster(location: string, name: string, version: string): Promise<GkeOperation> {
    const [r] = await this.call("updateMaster", "POST", false, (o) => this.sdk.updateMaster({ name: `${this.loc(location)}/clusters/${name}`, masterVersion: version }, o));
    return r;
  }

  async deleteCluster(location: string, name: string): Promise<GkeOperation> {
    const [r] = await this.call("deleteCluster", "DELETE", false, (o) => this.sdk.deleteCluster({ name: `${this.loc(location)}/clusters/${name}` }, o));
    return r;
  }

  async createNodePool(location: string, cluster: string, nodePool: GkeNodePool): Promise<GkeOperation> {
    const [r] = await this.call("createNodePool", "POST", false, (o) => this.sdk.createNodePool({ parent: `${this.loc(location)}/clusters/${cluster}`, nodePool }, o));
    return r;
  }

  async setNodePoolSize(location: string, cluster: string, pool: string, nodeCount: number): Promise<GkeOperation> {
    const [r] = await this.call("setNodePoolSize", "POST", false, (o) => this.sdk.setNodePoolSize({ name: `${this.loc(location)}/clusters/${cluster}/nodePools/${pool}`, nodeCount }, o));
    return r;
  }

  async setNodePoolAutoscaling(location: string, cluster: string, pool: string, autoscaling: { enabled: boolean; minNodeCount?: number; maxNodeCount?: number }): Promise<GkeOperation> {
    const [r] = await this.call("setNodePoolAutoscaling", "POST", false, (o) => this.sdk.setNodePoolAutoscaling({ name: `${this.loc(location)}/clusters/${cluster}/nodePools/${pool}`, autoscaling }, o));
    return r;
  }

  /** Upgrades a node pool's nodes to `nodeVersion` (at most the control plane's version). */
  async updateNodePoolVersion(location: string, cluster: string, pool: string, nodeVersion: string, imageType = "COS_CONTAINERD"): Promise<GkeOperation> {
    const [r] = await this.call("updateNodePool", "PUT", false, (o) => this.sdk.updateNodePool({ name: `${this.loc(location)}/clusters/${cluster}/nodePools/${pool}`, nodeVersion, imageType }, o));
    return r;
  }

  async deleteNodePool(location: string, cluster: string, pool: string): Promise<GkeOperation> {
    const [r] = await this.call("deleteNodePool", "DELETE", false, (o) => this.sdk.deleteNodePool({ name: `${this.loc(location)}/clusters/${cluster}/nodePools/${pool}` }, o));
    return r;
  }

  /** `name` as the API returns it in Operation.name ("operation-123-abc") in `location`. */
  async getOperation(location: string, name: string): Promise<GkeOperation> {
    const [r] = await this.call("getOperation", "GET", true, (o) => this.sdk.getOperation({ name: `${this.loc(location)}/operations/${name}` }, o));
    return r;
  }

  /**
   * The target size of one of a node pool's instance groups (Compute Engine instanceGroupManagers.get,
   * the URL GKE lists in NodePool.instanceGroupUrls). GKE's own API reports no current pool size
   * (docs/providers/gke.md §8). Only Google's Compute hosts - or, for a simulator, the
   * connection's own origin - are asked; any other URL answers undefined.
   */
  async instanceGroupSize(url: string): Promise<number | undefined> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const own = new URL(`${this.endpoint.protocol}://${this.endpoint.host.includes(":") ? `[${this.endpoint.host}]` : this.endpoint.host}:${this.endpoint.port}`);
    const google = this.endpoint.tokenUrl === GOOGLE_TOKEN_URL && u.protocol === "https:" && (u.hostname === "www.googleapis.com" || u.hostname === "compute.googleapis.com");
    const same = this.endpoint.tokenUrl !== GOOGLE_TOKEN_URL && u.origin === own.origin;
    if (!(google || same) || !/\/compute\/v1\/projects\/[^/]+\/zones\/[^/]+\/instanceGroupManagers\/[^/]+$/.test(u.pathname)) return undefined;
    const r = await this.call("getInstanceGroupManager", "GET", true, () => this.jwt.request<{ targetSize?: number }>({ url: u.href, method: "GET", responseType: "json" }));
    return typeof r.data?.targetSize === "number" ? r.data.targetSize : undefined;
  }

  async close(): Promise<void> {
    await this.sdk.close().catch(() => {});
  }
}
