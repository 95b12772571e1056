import { NextResponse } from "next/server";
import { z } from "zod";
import type { TeamActorContext } from "@/lib/audit";
import { authenticate, type Actor, type TeamRead } from "@/lib/auth/authenticate";
import { can, PERMISSIONS, type Permission } from "@/lib/auth/roles";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { logger } from "@/lib/log";
import { isProviderError } from "@/lib/providers/types";
import { apiTokenKey, countRequest } from "@/lib/auth/rate-limit";
import { config } from "@/lib/config";
import { metrics, observeHttp } from "@/lib/metrics";
import { ApiError, errorBody, forbidden, providerErrorToApiError, unauthorized, zodErrorToApiError } from "./errors";
import { clientIp, isSameOrigin, requestIdFrom } from "./request";

const MAX_BODY_BYTES = 1024 * 1024;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RouteContext<P, B, Q> {
  req: Request;
  actor: Actor;
  params: P;
  body: B;
  query: Q;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** who acts and from where, for the services' audit trail (built here, once for every route) */
  audit: TeamActorContext;
}

export interface RouteOptions<P, B, Q> {
  /** the permission the caller's role must grant (lib/auth/roles.ts) */
  permission: Permission;
  /** a label for metrics, e.g. "/api/v1/clusters/[id]" */
  name: string;
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** for the OpenAPI document only: a more precise body schema than `body` (which may defer to another layer) */
  documentedBody?: () => z.ZodType;
  /** the route's read of the caller's team, made in the authenticating statement (its value: `actor.teamRead`) */
  teamRead?: TeamRead;
}

type NextCtx = { params: Promise<Record<string, string | string[]>> };

/**
 * The one wrapper for every authenticated API route: parse, authenticate, authorize, run, answer.
 * 401 without credentials, 403 when the role is below the permission, 400 naming bad fields,
 * provider failures as typed 4xx/5xx, anything else a logged 500 without internals.
 */
export function apiRoute<P = Record<string, never>, B = undefined, Q = Record<string, never>>(
  opts: RouteOptions<P, B, Q>,
  fn: (ctx: RouteContext<P, B, Q>) => Promise<unknown>,
) {
  const handler = async (req: Request, nextCtx: NextCtx): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    let status = 500;
    try {
      const actor = await authenticate(req.headers, opts.teamRead);
      if (!actor) throw unauthorized();
      if (actor.via === "token" && actor.tokenId) await spendTokenBudget(actor.tokenId, opts.name);
      if (MUTATING.has(req.method) && actor.via === "session" && !isSameOrigin(req)) {
        throw new ApiError(403, "csrf", "cross-origin request refused: send the request from the Clusterdeck origin or use an API token");
      }
      // authorization before any input validation: a role too low answers 403 whatever it sent
      if (!can(actor.role, opts.permission)) throw forbidden(`this needs the ${PERMISSIONS[opts.permission]} role or higher; you are ${actor.role}`);
      const rawParams = (await nextCtx?.params) ?? {};
      const params = opts.params ? parseOr404(opts.params, rawParams) : (rawParams as P);
      const query = parseWith(opts.query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const body = opts.body ? parseWith(opts.body, await readJson(req), "body") : (undefined as B);
      const ip = clientIp(req.headers);
      const userAgent = req.headers.get("user-agent");
      const audit: TeamActorContext = { teamId: actor.teamId, actorId: actor.userId, actorEmail: actor.email, ip, userAgent, requestId };
      const result = await fn({ req, actor, params, body, query: query as Q, requestId, ip, userAgent, audit });
      const res = result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
      status = res.status;
      res.headers.set("x-request-id", requestId);
      return noStoreByDefault(res);
    } catch (e) {
      const res = toErrorResponse(e, requestId);
      status = res.status;
      return noStoreByDefault(res);
    } finally {
      observeHttp(opts.name, req.method, status, performance.now() - started);
    }
  };
  // the route's own schemas and permission, for the OpenAPI document (lib/api/openapi.ts)
  return Object.assign(handler, { route: opts as RouteOptions<unknown, unknown, unknown> });
}

/**
 * Authenticated answers (and the refusals of authenticated routes) are private to the caller: no
 * browser or proxy cache may keep them. The one place this is set; a route may still choose its own.
 */
function noStoreByDefault(res: Response): Response {
  try {
    if (!res.headers.has("cache-control")) res.headers.set("Cache-Control", "no-store");
  } catch {
    /* immutable headers (Response.redirect): nothing cacheable to protect */
  }
  return res;
}

const RATE_WINDOW_MS = 60_000;

/**
 * Per-token request budget (API_TOKEN_RATE_LIMIT_PER_MINUTE, shared by every replica through the
 * database): beyond it the token's requests answer 429 with Retry-After, counted in
 * clusterdeck_api_rate_limited_total. Session (browser) requests are not limited here.
 */
async function spendTokenBudget(tokenId: string, route: string): Promise<void> {
  const limit = config().API_TOKEN_RATE_LIMIT_PER_MINUTE;
  if (!limit) return;
  const { count, resetsInMs } = await countRequest(apiTokenKey(tokenId), RATE_WINDOW_MS);
  if (count <= limit) return;
  metrics().rateLimited.inc({ route });
  const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
  throw new ApiError(429, "rate_limited", `this API token made more than ${limit} requests in a minute; retry in ${seconds} s`, { retryAfterSeconds: seconds, limitPerMinute: limit }, { "Retry-After": String(seconds) });
}

/** For public routes (health, setup): same error mapping, no authentication. */
export function publicRoute(name: string, fn: (req: Request, requestId: string) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    let status = 500;
    try {
      const result = await fn(req, requestId);
      const res = result instanceof Response ? result : NextResponse.json(result);
      status = res.status;
      return res;
    } catch (e) {
      const res = toErrorResponse(e, requestId);
      status = res.status;
      return res;
    } finally {
      observeHttp(name, req.method, status, performance.now() - started);
    }
  };
}

export function toErrorResponse(e: unknown, requestId: string): Response {
  let err: ApiError;
  if (e instanceof ApiError) err = e;
  else if (e instanceof z.ZodError) err = zodErrorToApiError(e);
  else if (isProviderError(e)) err = providerErrorToApiError(e);
  // a stored base URL refused by the outbound safety policy (lib/connections/outbound.ts) before any request: as the HTTP client reports it
  else if (e instanceof Error && e.name === "OutboundBlocked") err = new ApiError(502, "provider_forbidden", `outbound safety policy: ${e.message}`, { kind: "forbidden" });
  // the database refused, dropped or cannot take connections (restart, failover, outage): retry later
  else if (isDatabaseUnavailable(e)) {
    logger.warn({ requestId, err: e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300) }, "database unavailable");
    err = new ApiError(503, "database_unavailable", "the database is temporarily unavailable; retry shortly", undefined, { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
  } else {
    logger.error({ requestId, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, "unhandled error in API route");
    err = new ApiError(500, "internal", `internal error (request id ${requestId})`);
  }
  return NextResponse.json(errorBody(err.code, err.message, err.details), { status: err.status, headers: { "x-request-id": requestId, ...err.headers } });
}

export async function readJson(req: Request): Promise<unknown> {
  const len = Number(req.headers.get("content-length") ?? 0);
  if (len > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "request body is not valid JSON");
  }
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) throw zodErrorToApiError(r.error, where);
  return r.data;
}

/** malformed ids in the path are answered like unknown ones: 404, not 400, so nothing is revealed */
function parseOr404<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(404, "not_found", "resource not found");
  return r.data;
}

export const idParams = z.object({ id: z.string().min(1).max(64).regex(/^[\w-]+$/) });
