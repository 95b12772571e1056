/**
 * Handlers of the operation endpoints that live in route files shared with the inventory
 * (app/api/v1/clusters/route.ts and app/api/v1/clusters/[id]/route.ts) and the request helpers
 * every operation route uses. The route files wrap these in apiRoute with their permission.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import type { RouteContext } from "@/lib/api/handler";
import { PROVIDERS } from "@/lib/providers/registry";
import { startCreate, startDelete } from "./service";
import type { Started } from "./start";

/** 202 Accepted with the operation (what every start* answers) */
export function accepted(operation: unknown, headers?: Record<string, string>): Response {
  return NextResponse.json({ operation }, { status: 202, headers });
}

/** the request's Idempotency-Key header (create, upgrade, delete, node pools), or null */
export function idempotencyKey(req: Request): string | null {
  return req.headers.get("idempotency-key")?.trim() || null;
}

/** 202 with the operation a start* answered; a replayed Idempotency-Key says so in a header */
export function started(r: Started): Response {
  return accepted(r.operation, r.created ? undefined : { "idempotency-replayed": "true" });
}

/** the raw create body: provider fields are validated by the provider's own create schema */
export const createBodySchema = z.record(z.string(), z.unknown());

/** what POST /api/v1/clusters accepts, per provider: the connection and scope plus that provider's create fields */
export function documentedCreateBody(): z.ZodType {
  const variants = PROVIDERS.map((p) => z.object({ connectionId: z.string().describe(`a ${p.displayName} connection`), scope: z.string().describe(p.scopeLabel) }).and(p.createSchema().schema as z.ZodType).describe(p.displayName));
  return variants.length > 1 ? z.union(variants as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]) : variants[0];
}

/** POST /api/v1/clusters: Idempotency-Key header honoured (same key + same body → the same operation) */
export async function createClusterHandler(ctx: RouteContext<unknown, Record<string, unknown>, unknown>): Promise<Response> {
  return started(await startCreate(ctx.audit, ctx.body, idempotencyKey(ctx.req)));
}

export const deleteQuerySchema = z.object({ confirm: z.string().optional() }).passthrough();
export const deleteBodySchema = z.object({ confirm: z.string().optional() }).passthrough();

/** DELETE /api/v1/clusters/{id}: the body's or the query's `confirm` must repeat the cluster name; Idempotency-Key honoured */
export async function deleteClusterHandler(ctx: RouteContext<{ id: string }, { confirm?: string }, { confirm?: string }>): Promise<Response> {
  const confirm = ctx.body?.confirm ?? ctx.query?.confirm;
  return started(await startDelete(ctx.audit, ctx.params.id, confirm, idempotencyKey(ctx.req)));
}
