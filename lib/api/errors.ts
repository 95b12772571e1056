import { z } from "zod";
import { ProviderError } from "@/lib/providers/types";

/** An error the API answers with as-is: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what = "resource") => new ApiError(404, "not_found", `${what} not found`);
export const forbidden = (message = "your role does not allow this") => new ApiError(403, "forbidden", message);
export const unauthorized = () => new ApiError(401, "unauthorized", "sign in or send Authorization: Bearer <API token>");
export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);
export const badRequest = (message: string, details?: unknown) => new ApiError(400, "invalid_request", message, details);

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Names each failing field: "name: Required; nodePools.0.size: must be >= 1". */
export function zodErrorToApiError(e: z.ZodError, where = "body"): ApiError {
  const fields = e.issues.map((i) => ({ field: i.path.join(".") || where, message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return new ApiError(400, "invalid_request", `invalid ${where}: ${summary}`, { fields });
}

/** Provider failures become clear, typed answers; the provider's own message is kept. */
export function providerErrorToApiError(e: ProviderError): ApiError {
  const details = { provider: e.provider, kind: e.kind, status: e.status, fields: e.fields };
  const message = `${e.provider}: ${e.message}`;
  switch (e.kind) {
    case "invalid":
      return new ApiError(422, "provider_rejected", message, details);
    case "conflict":
      return new ApiError(409, "provider_conflict", message, details);
    case "not_found":
      return new ApiError(404, "provider_not_found", message, details);
    case "unauthorized":
      return new ApiError(502, "provider_credentials_rejected", message, details);
    case "forbidden":
      return new ApiError(502, "provider_forbidden", message, details);
    case "rate_limited":
      return new ApiError(503, "provider_rate_limited", message, details, e.retryAfterMs ? { "Retry-After": String(Math.ceil(e.retryAfterMs / 1000)) } : undefined);
    case "timeout":
      return new ApiError(504, "provider_timeout", message, details);
    default:
      return new ApiError(502, "provider_unavailable", message, details);
  }
}
