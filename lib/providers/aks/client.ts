/**
 * Azure access for the adapter: ARM through @azure/arm-containerservice's ContainerServiceClient and
 * Microsoft Entra ID through @azure/identity's ClientSecretCredential, both unmodified. Only the
 * endpoint, the credential scope and the authority come from the connection (docs/providers/aks.md §1):
 * ARM's own cloud metadata (`GET {arm}/metadata/endpoints`) names the sign-in endpoint and the audience,
 * as Azure CLI does for any cloud, so the public cloud and a simulator take the same path.
 */
import { createHash } from "node:crypto";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { ClientSecretCredential } from "@azure/identity";
import { z } from "zod";
import { createGuardedAgents } from "@/lib/connections/outbound-agent";
import { createHttpHeaders, createPipelineFromOptions, createPipelineRequest, RestError, type HttpClient } from "@azure/core-rest-pipeline";
import { backoffDelay, DEFAULT_HTTP_OPTIONS } from "../http";
import { ProviderError, type ConnectionConfig, type HttpOptions, type ProviderErrorKind } from "../types";
import { PROVIDER, toProviderError } from "./errors";
import { guardedHttpClient } from "./transport";

export const ARM_METADATA_API_VERSION = "2015-01-01";

export interface AzureEndpoints {
  /** Entra ID authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** ARM audience; the credential asks for `${audience}/.default` */
  audience: string;
}

const metadataSchema = z.object({
  authentication: z.object({ loginEndpoint: z.string().url(), audiences: z.array(z.string()).min(1) }),
});

const endpointCache = new Map<string, { at: number; value: AzureEndpoints }>();
const ENDPOINT_TTL_MS = 60 * 60_000;

/** Access tokens per (authority, tenant, client, secret, scope): adapters are made per request; tokens live an hour. */
const tokenCache = new Map<string, Promise<AccessToken> | AccessToken>();
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const TOKEN_CACHE_MAX = 500;

class CachedCredential implements TokenCredential {
  constructor(
    private readonly inner: TokenCredential,
    private readonly keyBase: string,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = createHash("sha256").update(`${this.keyBase}|${[scopes].flat().join(" ")}`).digest("hex");
    const hit = tokenCache.get(key);
    if (hit && !(hit instanceof Promise) && hit.expiresOnTimestamp - Date.now() > TOKEN_REFRESH_MARGIN_MS) return hit;
    if (hit instanceof Promise) return hit;
    const p = this.inner.getToken(scopes, options).then(
      (t) => {
        if (!t) throw Object.assign(new Error("Microsoft Entra ID returned no access token"), { name: "CredentialUnavailableError" });
        if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.delete(tokenCache.keys().next().value!);
        tokenCache.set(key, t);
        return t;
      },
      (e: unknown) => {
        tokenCache.delete(key);
        throw e;
      },
    );
    tokenCache.set(key, p);
    return p;
  }
}

/** test hook: forget cached tokens and endpoints */
export function clearAzureCaches() {
  tokenCache.clear();
  endpointCache.clear();
}

export interface AksCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
}

export class AksClient {
  readonly subscriptionId: string;
  private readonly opts: HttpOptions;
  private readonly baseUrl: string;
  private readonly creds: AksCredentials;
  private readonly secrets: string[];
  private readonly httpClient: HttpClient;
  private sdk?: Promise<ContainerServiceClient>;

  constructor(config: ConnectionConfig) {
    const c = config.credentials;
    const missing = ["tenantId", "clientId", "clientSecret", "subscriptionId"].filter((k) => !c[k]);
    if (missing.length) throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: `Azure credentials need ${missing.join(", ")}` });
    this.creds = { tenantId: c.tenantId, clientId: c.clientId, clientSecret: c.clientSecret, subscriptionId: c.subscriptionId };
    this.subscriptionId = c.subscriptionId;
    this.secrets = Object.values(this.creds);
    this.baseUrl = config.baseUrl.replace(/\/+$/, "");
    this.opts = { ...DEFAULT_HTTP_OPTIONS, ...config.http };
    const agents = this.opts.agents ?? createGuardedAgents();
    this.httpClient = guardedHttpClient({ agents, maxResponseBytes: this.opts.maxResponseBytes });
  }

  /** ARM's cloud metadata: sign-in endpoint and audience (cached per ARM endpoint), through the guarded transport. */
  private async endpoints(signal: AbortSignal): Promise<AzureEndpoints> {
    const hit = endpointCache.get(this.baseUrl);
    if (hit && Date.now() - hit.at < ENDPOINT_TTL_MS) return hit.value;
    const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 }, userAgentOptions: { userAgentPrefix: this.opts.userAgent } });
    const url = `${this.baseUrl}/metadata/endpoints?api-version=${ARM_METADATA_API_VERSION}`;
    const res = await pipeline.sendRequest(this.httpClient, createPipelineRequest({ url, method: "GET", abortSignal: signal, headers: createHttpHeaders({ Accept: "application/json" }) }));
    if (res.status >= 400) throw new RestError(`ARM metadata answered HTTP ${res.status}`, { statusCode: res.status, response: res });
    let json: unknown;
    try {
      json = JSON.parse(res.bodyAsText ?? "");
    } catch {
      throw new RestError("ARM metadata is not JSON", { code: "PARSE_ERROR", statusCode: res.status });
    }
    const parsed = metadataSchema.safeParse(json);
    if (!parsed.success) throw new ProviderError({ kind: "bad_response", provider: PROVIDER, status: res.status, message: "ARM metadata (/metadata/endpoints) has an unexpected shape" });
    const origin = new URL(this.baseUrl).origin;
    const audiences = parsed.data.authentication.audiences.map((a) => a.replace(/\/+$/, ""));
    const value = { authorityHost: parsed.data.authentication.loginEndpoint.replace(/\/+$/, ""), audience: audiences.find((a) => a === origin) ?? audiences[audiences.length - 1] };
    endpointCache.set(this.baseUrl, { at: Date.now(), value });
    return value;
  }

  private client(signal: AbortSignal): Promise<ContainerServiceClient> {
    this.sdk ??= this.endpoints(signal).then(({ authorityHost, audience }) => {
      const common = {
        httpClient: this.httpClient,
        // retries, backoff and Retry-After are ours (call()), as for every provider
        retryOptions: { maxRetries: 0 },
        userAgentOptions: { userAgentPrefix: this.opts.userAgent },
      };
      const credential = new ClientSecretCredential(this.creds.tenantId, this.creds.clientId, this.creds.clientSecret, {
        ...common,
        authorityHost,
        // the authority is the one ARM's metadata names; no lookup at login.microsoftonline.com
        disableInstanceDiscovery: true,
      });
      const keyBase = `${authorityHost}|${this.creds.tenantId}|${this.creds.clientId}|${createHash("sha256").update(this.creds.clientSecret).digest("hex")}`;
      return new ContainerServiceClient(new CachedCredential(credential, keyBase), this.creds.subscriptionId, {
        ...common,
        endpoint: this.baseUrl,
        credentials: { scopes: [`${audience}/.default`] },
      });
    });
    this.sdk.catch(() => (this.sdk = undefined));
    return this.sdk;
  }

  /**
   * One logical call: a fresh per-attempt timeout (abort signal), jittered retries for idempotent
   * calls on rate_limited/unavailable/timeout within the budget, Retry-After honoured up to the
   * backoff ceiling, every error as a ProviderError, one onCall report.
   */
  async call<T>(operation: string, method: string, fn: (sdk: ContainerServiceClient, signal: AbortSignal) => Promise<T>, idempotent = method === "GET"): Promise<T> {
    const started = Date.now();
    const maxAttempts = idempotent ? Math.max(1, this.opts.maxAttempts) : 1;
    let attempt = 0;
    const report = (status: number | null, outcome: ProviderErrorKind | "ok") =>
      this.opts.onCall?.({ provider: PROVIDER, operation, method, status, outcome, durationMs: Date.now() - started, attempts: attempt });
    for (;;) {
      attempt++;
      const signal = AbortSignal.timeout(this.opts.timeoutMs);
      try {
        const sdk = await this.client(signal);
        const result = await fn(sdk, signal);
        report(200, "ok");
        return result;
      } catch (e) {
        const err = signal.aborted && !(e instanceof ProviderError) ? toProviderError(Object.assign(new Error("aborted"), { name: "AbortError" }), this.secrets, this.opts.timeoutMs) : toProviderError(e, this.secrets, this.opts.timeoutMs);
        const retryable = err.kind === "rate_limited" || err.kind === "unavailable" || err.kind === "timeout";
        let delay = backoffDelay(attempt - 1, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
        if (err.retryAfterMs !== undefined) delay = Math.max(delay, err.retryAfterMs);
        const overBudget = Date.now() - started + delay + this.opts.timeoutMs / 4 > this.opts.budgetMs;
        if (!idempotent || !retryable || attempt >= maxAttempts || (err.retryAfterMs ?? 0) > this.opts.backoffMaxMs || overBudget) {
          report(err.status, err.kind);
          throw err;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
