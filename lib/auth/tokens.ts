/** Personal API tokens (`Authorization: Bearer cdk_...`): shown once, stored as sha256, bound to one team. */
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit";
import { notFound } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import type { ActorContext } from "@/lib/audit";
import { API_TOKEN_PREFIX, hashToken } from "./authenticate";

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  teamId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const select = { id: true, name: true, prefix: true, teamId: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

export async function listTokens(userId: string): Promise<TokenView[]> {
  return getPrisma().apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select });
}

export async function createToken(input: { userId: string; teamId: string; name: string; expiresInDays?: number | null }, ctx: ActorContext) {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await getPrisma().apiToken.create({
    data: { userId: input.userId, teamId: input.teamId, name: input.name.trim(), tokenHash: hashToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), expiresAt },
    select,
  });
  await audit({ ...ctx, actorId: ctx.actorId ?? input.userId, teamId: input.teamId, action: "token.create", targetType: "api_token", targetId: row.id, result: "success", details: { name: row.name, expiresAt } });
  return { ...row, token };
}

/** Revokes one of the caller's own tokens; anyone else's answers 404. */
export async function revokeToken(userId: string, id: string, ctx: ActorContext) {
  const prisma = getPrisma();
  const row = await prisma.apiToken.findFirst({ where: { id, userId, revokedAt: null } });
  if (!row) throw notFound("token");
  await prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await audit({ ...ctx, teamId: row.teamId ?? ctx.teamId, action: "token.revoke", targetType: "api_token", targetId: id, result: "success", details: { name: row.name } });
  return { ok: true };
}
