import type { SimRequest, SimResponse } from "@/simulators/kit/server";

/**
 * v3 error body `APIError {code, external, internal}` (docs/providers/rafay.md §9). `code` repeats the HTTP status
 * ([uncertain] choice the facts recommend (docs/providers/rafay.md)). `internal` imitates the gRPC-gateway detail Rafay's
 * backend produces; clients must only show `external`.
 */
const GRPC: Record<number, string> = {
  400: "InvalidArgument",
  401: "Unauthenticated",
  403: "PermissionDenied",
  404: "NotFound",
  405: "Unimplemented",
  409: "AlreadyExists",
  429: "ResourceExhausted",
  500: "Internal",
  502: "Internal",
  503: "Unavailable",
};

export function apiError(status: number, external: string, internal?: string): SimResponse {
  return { status, body: { code: status, external, internal: internal ?? `rpc error: code = ${GRPC[status] ?? "Unknown"} desc = ${external}` } };
}

/** v1/v2 error envelope (docs/providers/rafay.md §9) for the classic path families */
export function v1Error(status: number, errorCode: string, detail: string): SimResponse {
  return { status, body: { details: [{ error_code: errorCode, detail }] } };
}

export const isV3 = (path: string) => path.startsWith("/apis/");

export function injectedError(status: number): unknown {
  if (status === 429) return { code: 429, external: "too many requests, slow down", internal: "rpc error: code = ResourceExhausted desc = rate limit exceeded" };
  if (status === 503) return { code: 503, external: "service unavailable", internal: "rpc error: code = Unavailable desc = upstream connect error" };
  // OAS declares 502 "Internal Error" as the server-fault answer of every v3 operation
  return { code: status, external: "internal error", internal: `rpc error: code = Internal desc = ${status === 502 ? "bad gateway" : "internal server error"}` };
}

export function routeNotFound(req: SimRequest): SimResponse {
  if (isV3(req.path)) return apiError(404, `path ${req.path} not found`);
  return v1Error(404, "GEN404", `Not found: ${req.path}`);
}

export function methodNotAllowed(req: SimRequest): SimResponse {
  if (isV3(req.path)) return apiError(405, `method ${req.method} not allowed on ${req.path}`);
  return v1Error(405, "GEN405", `Method "${req.method}" not allowed.`);
}

export function invalidJson(req: SimRequest): SimResponse {
  if (isV3(req.path)) return apiError(400, "request body is not valid JSON", "proto: syntax error (line 1): unexpected token");
  return v1Error(400, "GEN400", "JSON parse error");
}
