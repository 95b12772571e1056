import { kindForStatus, parseRetryAfter, redact } from "../http";
import { ProviderError, type ProviderErrorKind } from "../types";
import { ResponseTooLarge } from "./transport";

export const PROVIDER = "aks";

interface AzureLikeError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { status?: number; headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
  details?: { error?: { code?: string; message?: string } } | unknown;
  errorResponse?: { error?: string; errorDescription?: string };
  cause?: unknown;
}

const AUTH_ERRORS = new Set(["invalid_client", "unauthorized_client", "invalid_request", "invalid_resource", "invalid_scope", "invalid_grant", "unsupported_grant_type", "invalid_tenant"]);

/**
 * Any error out of the Azure SDK (RestError from ARM, AuthenticationError / CredentialUnavailableError
 * from @azure/identity, AbortError, a deserializer TypeError) as a ProviderError, with every
 * credential value scrubbed from the message (Entra echoes client and tenant ids).
 */
export function toProviderError(e: unknown, secrets: string[], timeoutMs: number): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = (e ?? {}) as AzureLikeError;
  const scrub = (m: string) => redact(m, secrets);
  const make = (kind: ProviderErrorKind, message: string, status: number | null = null, retryAfterMs?: number) =>
    new ProviderError({ kind, provider: PROVIDER, status, message: scrub(message), retryAfterMs });

  if (e instanceof ResponseTooLarge || err.name === "ResponseTooLarge") return make("bad_response", `Azure sent a ${err.message}; cut off`);
  if (err.name === "AbortError" || err.name === "TimeoutError") return make("timeout", `Azure did not answer within ${timeoutMs} ms`);
  if (/ALLOWED_PROVIDER_HOSTS|provider APIs must be reached at public addresses|must use https/.test(err.message ?? "")) return make("forbidden", err.message ?? "address not allowed");

  // @azure/identity: token requests to Microsoft Entra ID
  if (err.name === "AuthenticationError" || err.name === "AuthenticationRequiredError" || err.name === "CredentialUnavailableError" || err.name === "AggregateAuthenticationError") {
    const status = typeof err.statusCode === "number" ? err.statusCode : null;
    // MSAL errors arrive as "<oauth error>: Error(s): <codes> - Timestamp: … - Description: AADSTS…: <text> Trace ID: …"
    const oauth = err.errorResponse?.error ?? /^([a-z_]+): /.exec(err.message ?? "")?.[1] ?? "";
    const aadsts = /AADSTS\d+: .*?(?= Trace ID:| - Correlation ID:|$)/.exec(err.errorResponse?.errorDescription ?? err.message ?? "")?.[0];
    const description = (aadsts ?? err.errorResponse?.errorDescription ?? err.message ?? "authentication failed").split(/ Trace ID:|\r?\n/)[0];
    if (status === 429) return make("rate_limited", `Microsoft Entra ID throttled the token request: ${description}`, status);
    if (status !== null && status >= 500) return make("unavailable", `Microsoft Entra ID is unavailable (HTTP ${status})`, status);
    if ((status !== null && status >= 400) || AUTH_ERRORS.has(oauth) || /AADSTS/.test(description)) return make("unauthorized", `Microsoft Entra ID refused the client credentials: ${description}`, status ?? 401);
    // MSAL reads the tenant's OpenID metadata first; Entra refuses it (400 AADSTS90002) for an unknown tenant
    if (/endpoints_resolution_error/.test(err.message ?? "")) return make("unauthorized", "Microsoft Entra ID could not resolve the tenant's sign-in endpoints: check the tenant ID", status);
    if (/network|ECONNREFUSED|ENOTFOUND|socket|timed? ?out/i.test(err.message ?? "")) {
      return make("unavailable", `Microsoft Entra ID unreachable: ${description}`);
    }
    return make("unauthorized", `Microsoft Entra ID refused the client credentials: ${description}`, status);
  }

  // ARM: RestError from @azure-rest/core-client / core-rest-pipeline
  const status = typeof err.statusCode === "number" ? err.statusCode : typeof err.response?.status === "number" ? err.response.status : null;
  if (err.code === "PARSE_ERROR" || e instanceof SyntaxError) return make("bad_response", "Azure answered with a body that is not valid JSON", status);
  if (status !== null && status >= 400) {
    const details = (err.details ?? {}) as { error?: { code?: string; message?: string } };
    let armCode = details.error?.code ?? err.code;
    let armMessage = details.error?.message;
    if (!armMessage && err.response?.bodyAsText) {
      try {
        const body = JSON.parse(err.response.bodyAsText) as { error?: { code?: string; message?: string } };
        armCode ??= body.error?.code;
        armMessage = body.error?.message;
      } catch {
        /* not JSON */
      }
    }
    // paged lists fail with a generic "Pagination failed …" message; ARM's code is still there
    const message = armMessage ? `${armCode ? `${armCode}: ` : ""}${armMessage}` : armCode ? `${armCode} (HTTP ${status})` : err.message || `HTTP ${status}`;
    return make(kindForStatus(status), message, status, parseRetryAfter(err.response?.headers?.get("retry-after") ?? null));
  }
  if (status !== null && status > 0 && status < 400) return make("bad_response", `Azure answered with an unexpected HTTP ${status}`, status);
  if (e instanceof TypeError || e instanceof RangeError) return make("bad_response", `Azure answered with an unexpected shape (${err.message})`);
  const code = err.code ?? "";
  const tls = /CERT|SSL|TLS/i.test(code) || /certificate|self[- ]signed|ssl|tls/i.test(err.message ?? "");
  const detail = tls ? `TLS failure (${err.message})` : /ENOTFOUND/.test(`${code} ${err.message}`) ? "host not found" : /ECONNREFUSED/.test(`${code} ${err.message}`) ? "connection refused" : err.message || code || "network error";
  return make("unavailable", `Azure unreachable: ${detail}`);
}
