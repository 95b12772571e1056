import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { createToken, listTokens, revokeToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

const createBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});

/** The caller's personal API tokens (never the token itself). */
export const GET = apiRoute({ permission: "tokens.manage", name: "/api/v1/tokens" }, async ({ actor }) => ({ items: await listTokens(actor.userId) }));

/** Creates a token for the caller's current team; the answer carries the token, once. */
export const POST = apiRoute({ permission: "tokens.manage", name: "/api/v1/tokens", body: createBody }, async ({ actor, body, audit }) => {
  const t = await createToken({ userId: actor.userId, teamId: actor.teamId, name: body.name, expiresInDays: body.expiresInDays }, audit);
  return Response.json(t, { status: 201 });
});

/** DELETE /api/v1/tokens?id=... (same as DELETE /api/v1/tokens/{id}) */
export const DELETE = apiRoute({ permission: "tokens.manage", name: "/api/v1/tokens", query: idParams }, async ({ actor, query, audit }) =>
  revokeToken(actor.userId, query.id, audit),
);
