/**
 * The official AWS SDK clients (EKS, EC2, IAM, STS), unmodified, sending every request through the
 * guarded agents (config.http.agents) with a per-attempt timeout and a response-size cap; one retry
 * loop for idempotent reads (the SDK's own retries are off, so budgets and Retry-After are ours);
 * every SDK error becomes a ProviderError with the service's own message (docs/providers/eks.md).
 */
import http from "node:http";
import https from "node:https";
import { Transform, type Readable } from "node:stream";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions, HttpRequest, HttpResponse } from "@smithy/types";
import { backoffDelay, DEFAULT_HTTP_OPTIONS, redact } from "../http";
import { ProviderError, type ConnectionConfig, type HttpOptions, type ProviderErrorKind } from "../types";

export const PROVIDER = "eks";

export interface EksCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  roleArn?: string;
}

/** a connection's baseUrl names AWS's public endpoints (no override) when its host is amazonaws.com or below */
export function isPublicAwsUrl(baseUrl: string): boolean {
  try {
    const h = new URL(baseUrl).hostname.toLowerCase();
    return h === "amazonaws.com" || h.endsWith(".amazonaws.com");
  } catch {
    return false;
  }
}

class ResponseTooLarge extends Error {
  constructor(readonly cap: number) {
    super(`response larger than ${cap} bytes`);
    this.name = "ResponseTooLarge";
  }
}

/** NodeHttpHandler with a cap on response bodies (declared or streamed) */
class CappedHandler {
  readonly metadata = { handlerProtocol: "http/1.1" };
  constructor(
    private readonly inner: NodeHttpHandler,
    private readonly cap: number,
  ) {}
  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const { response } = await this.inner.handle(request as Parameters<NodeHttpHandler["handle"]>[0], options);
    const declared = Number(response.headers["content-length"]);
    const body = response.body as Readable | undefined;
    if (Number.isFinite(declared) && declared > this.cap) {
      body?.destroy?.();
      throw new ResponseTooLarge(this.cap);
    }
    if (body && typeof body.pipe === "function") {
      let total = 0;
      const cap = this.cap;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          total += chunk.length;
          if (total > cap) {
            body.destroy();
            return cb(new ResponseTooLarge(cap));
          }
          cb(null, chunk);
        },
      });
      body.on("error", (e) => counter.destroy(e));
      response.body = body.pipe(counter);
    }
    return { response };
  }
  updateHttpClientConfig(key: never, value: never) {
    this.inner.updateHttpClientConfig(key, value);
  }
  httpHandlerConfigs() {
    return this.inner.httpHandlerConfigs();
  }
  destroy() {
    this.inner.destroy();
  }
}

const AUTH_CODES = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "MissingAuthenticationToken",
  "IncompleteSignature",
  "ExpiredToken",
  "AuthFailure",
  "RequestExpired",
]);
const KIND_BY_CODE: Record<string, ProviderErrorKind> = {
  AccessDeniedException: "forbidden",
  AccessDenied: "forbidden",
  UnauthorizedOperation: "forbidden",
  ResourceNotFoundException: "not_found",
  NotFoundException: "not_found",
  NoSuchEntity: "not_found",
  ResourceInUseException: "conflict",
  InvalidParameterException: "invalid",
  InvalidRequestException: "invalid",
  ClientException: "invalid",
  ResourceLimitExceededException: "invalid",
  UnsupportedAvailabilityZoneException: "invalid",
  ValidationError: "invalid",
  ThrottlingException: "rate_limited",
  Throttling: "rate_limited",
  RequestLimitExceeded: "rate_limited",
  TooManyRequestsException: "rate_limited",
  ServerException: "unavailable",
  ServiceUnavailableException: "unavailable",
  ServiceUnavailable: "unavailable",
  InternalError: "unavailable",
  InternalFailure: "unavailable",
};

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "invalid";
  return "bad_response";
}

type SdkError = Error & { $metadata?: { httpStatusCode?: number; requestId?: string }; $response?: { statusCode?: number; headers?: Record<string, string> }; code?: string; $fault?: string; Code?: string };

function chain(e: unknown): Error[] {
  const out: Error[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    out.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** any SDK failure → ProviderError (the service's message, never a credential) */
export function toProviderError(e: unknown, secrets: string[], service: string): ProviderError {
  if (e instanceof ProviderError) return e;
  const errs = chain(e);
  const clean = (m: string) => redact(m, secrets).slice(0, 1000);
  const tooLarge = errs.find((x) => x instanceof ResponseTooLarge) as ResponseTooLarge | undefined;
  if (tooLarge) return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: `${service}: response larger than ${tooLarge.cap} bytes`, cause: e });
  const err = (errs[0] ?? new Error(String(e))) as SdkError;
  const code = (err as { code?: string }).code ?? "";
  if (code === "EOUTBOUNDBLOCKED" || err.name === "OutboundBlockedError") return new ProviderError({ kind: "forbidden", provider: PROVIDER, message: clean(err.message), cause: e });
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  if (status && status >= 300) {
    const name = err.name && err.name !== "Error" ? err.name : String(err.Code ?? "");
    const kind: ProviderErrorKind = AUTH_CODES.has(name) ? "unauthorized" : (KIND_BY_CODE[name] ?? kindForStatus(status));
    const headers = err.$response?.headers ?? {};
    const ra = Number(headers["retry-after"] ?? headers["Retry-After"]);
    const text = err.message && err.message !== "UnknownError" ? err.message : `${service} answered HTTP ${status}`;
    return new ProviderError({ kind, provider: PROVIDER, status, message: clean(`${name ? `${name}: ` : ""}${text}`), requestId: err.$metadata?.requestId, retryAfterMs: Number.isFinite(ra) ? ra * 1000 : undefined, cause: e });
  }
  const timeout = new ProviderError({ kind: "timeout", provider: PROVIDER, message: `${service} did not answer in time`, cause: e });
  if (code === "ETIMEDOUT" || /requestTimeout|timed? ?out/i.test(err.message)) return timeout;
  // the SDK names a connection cut mid-answer "TimeoutError" too; the code tells what happened
  if (/ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|aborted|premature close/i.test(`${code} ${err.message}`)) return new ProviderError({ kind: "unavailable", provider: PROVIDER, message: clean(`${service} could not be reached: ${err.message}`), cause: e });
  if (err.name === "TimeoutError" || err.name === "AbortError") return timeout;
  if (err instanceof SyntaxError || /deseriali|parse|Unexpected token|JSON|XML|char/i.test(`${err.name} ${err.message}`)) return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: `${service} sent an answer that could not be read`, cause: e });
  return new ProviderError({ kind: "bad_response", provider: PROVIDER, message: clean(`${service}: ${err.message || err.name}`), cause: e });
}

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["rate_limited", "unavailable", "timeout"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EksClients {
  readonly opts: HttpOptions;
  private readonly handler: CappedHandler;
  private readonly endpoint?: string;
  private readonly secrets: string[];
  private readonly eks = new Map<string, EKSClient>();
  private readonly ec2 = new Map<string, EC2Client>();
  private iamClient?: IAMClient;
  private assumed?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
  private assuming?: Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

  constructor(
    config: ConnectionConfig,
    private readonly creds: EksCredentials,
    private readonly homeRegion: string,
  ) {
    this.opts = { ...DEFAULT_HTTP_OPTIONS, ...config.http } as HttpOptions;
    const agents = config.http?.agents ?? { http: new http.Agent({ keepAlive: true, timeout: 15_000 }), https: new https.Agent({ keepAlive: true, timeout: 15_000 }) };
    this.handler = new CappedHandler(new NodeHttpHandler({ httpAgent: agents.http, httpsAgent: agents.https, requestTimeout: this.opts.timeoutMs, throwOnRequestTimeout: true, connectionTimeout: this.opts.timeoutMs }), this.opts.maxResponseBytes);
    this.endpoint = config.baseUrl && !isPublicAwsUrl(config.baseUrl) ? config.baseUrl.replace(/\/+$/, "") : undefined;
    this.secrets = [creds.secretAccessKey, creds.sessionToken ?? ""].filter(Boolean);
  }

  private common(region: string) {
    return {
      region,
      requestHandler: this.handler as unknown as NodeHttpHandler,
      maxAttempts: 1,
      // the SDK's own client option: resolve the middleware stack once per command class instead of on
      // every send (a sync sends one DescribeCluster, ListNodegroups and DescribeNodegroup per cluster);
      // nothing here changes a client's middleware after its first request
      cacheMiddleware: true,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      customUserAgent: this.opts.userAgent,
      credentials: () => this.credentials(),
    };
  }

  /** long-term keys, or temporary ones from STS AssumeRole when the connection names a role (refreshed 5 minutes before they expire) */
  private async credentials() {
    const base = { accessKeyId: this.creds.accessKeyId, secretAccessKey: this.creds.secretAccessKey, ...(this.creds.sessionToken ? { sessionToken: this.creds.sessionToken } : {}) };
    if (!this.creds.roleArn) return base;
    if (this.assumed?.expiration && this.assumed.expiration.getTime() - Date.now() > 5 * 60_000) return this.assumed;
    // concurrent calls share one AssumeRole
    this.assuming ??= this.assume(base).finally(() => (this.assuming = undefined));
    return this.assuming;
  }

  private async assume(base: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
    const sts = new STSClient({ ...this.common(this.homeRegion), credentials: base });
    const out = await this.send("sts", "AssumeRole", () => sts.send(new AssumeRoleCommand({ RoleArn: this.creds.roleArn, RoleSessionName: "clusterdeck", DurationSeconds: 3600 })), { idempotent: true, report: true });
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new ProviderError({ kind: "bad_response", provider: PROVIDER, message: "STS AssumeRole returned no credentials" });
    this.secrets.push(c.SecretAccessKey, c.SessionToken ?? "");
    this.assumed = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return this.assumed;
  }

  eksIn(region: string): EKSClient {
    let c = this.eks.get(region);
    if (!c) this.eks.set(region, (c = new EKSClient(this.common(region))));
    return c;
  }

  ec2In(region: string): EC2Client {
    let c = this.ec2.get(region);
    if (!c) this.ec2.set(region, (c = new EC2Client(this.common(region))));
    return c;
  }

  /** IAM is global; its signing region is us-east-1 */
  iam(): IAMClient {
    return (this.iamClient ??= new IAMClient(this.common("us-east-1")));
  }

  sts(region = this.homeRegion): STSClient {
    return new STSClient(this.common(region));
  }

  /**
   * One logical call: retried (reads only) with jittered backoff within the budget, Retry-After
   * honoured when short enough, reported once to onCall, failures as ProviderError.
   */
  async send<T>(service: string, operation: string, fn: () => Promise<T>, o: { idempotent?: boolean; report?: boolean } = {}): Promise<T> {
    const started = Date.now();
    const max = o.idempotent ? Math.max(1, this.opts.maxAttempts) : 1;
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const out = await fn();
        this.report(operation, 200, "ok", started, attempt);
        return out;
      } catch (e) {
        const err = toProviderError(e, this.secrets, service);
        let retry = RETRYABLE.has(err.kind) && attempt < max;
        let delay = backoffDelay(attempt - 1, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
        if (retry && err.retryAfterMs !== undefined) {
          if (err.retryAfterMs > this.opts.backoffMaxMs) retry = false;
          else delay = Math.max(delay, err.retryAfterMs);
        }
        if (retry && Date.now() - started + delay + this.opts.timeoutMs / 4 > this.opts.budgetMs) retry = false;
        if (!retry) {
          this.report(operation, err.status, err.kind, started, attempt);
          throw err;
        }
        await sleep(delay);
      }
    }
  }

  private report(operation: string, status: number | null, outcome: ProviderErrorKind | "ok", started: number, attempts: number) {
    this.opts.onCall?.({ provider: PROVIDER, operation, method: "POST", status, outcome, durationMs: Date.now() - started, attempts });
  }
}
