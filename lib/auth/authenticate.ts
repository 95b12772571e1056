import { createHash } from "node:crypto";
import { getPrisma } from "@/lib/db/client";
import type { Role } from "./roles";

export interface Actor {
  userId: string;
  email: string;
  name: string | null;
  teamId: string;
  teamName: string;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
}

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];
export const API_TOKEN_PREFIX = "cdk_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function sessionTokenFrom(headers: Headers): string | undefined {
  const cookie = headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const v = readCookie(cookie, name);
    if (v) return v;
  }
  return undefined;
}

/** The user behind a database session token, if the session is still valid server-side. */
export async function userForSessionToken(sessionToken: string) {
  const prisma = getPrisma();
  // the row holds the token's sha256, never the token (reading the database is not enough to take a session over)
  const session = await prisma.session.findUnique({ where: { sessionToken: hashToken(sessionToken) }, include: { user: true } });
  if (!session || session.expires <= new Date() || session.user.disabled) return null;
  return session.user;
}

/**
 * Who is calling: a personal API token (Authorization: Bearer cdk_...) or the session cookie.
 * Returns the actor in their current team, or null when unauthenticated (or without any team).
 */
export async function authenticate(headers: Headers): Promise<Actor | null> {
  const auth = headers.get("authorization");
  if (auth && /^bearer\s+/i.test(auth)) {
    const token = auth.replace(/^bearer\s+/i, "").trim();
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    return actorForApiToken(token);
  }
  const sessionToken = sessionTokenFrom(headers);
  if (!sessionToken) return null;
  const user = await userForSessionToken(sessionToken);
  if (!user) return null;
  return actorForUser(user.id, user.email, user.name, user.currentTeamId, "session");
}

/** the user's current team, falling back to their oldest membership */
export async function actorForUser(userId: string, email: string, name: string | null, currentTeamId: string | null, via: Actor["via"]): Promise<Actor | null> {
  const prisma = getPrisma();
  let m = currentTeamId ? await prisma.membership.findUnique({ where: { teamId_userId: { teamId: currentTeamId, userId } }, include: { team: true } }) : null;
  m ??= await prisma.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, include: { team: true } });
  if (!m) return null;
  return { userId, email, name, teamId: m.teamId, teamName: m.team.name, role: m.role, via };
}

interface TokenActorRow {
  id: string;
  userId: string;
  lastUsedAt: Date | null;
  email: string;
  name: string | null;
  teamId: string;
  teamName: string;
  role: Role;
}

/**
 * The actor behind a personal API token, read in one statement (token, user, membership and team):
 * nothing is cached, so a revoked or expired token, a disabled user or a removed membership
 * (lib/auth/access.ts) refuses the very next request. The token acts in its own team, or in the
 * user's current team when it is not bound to one.
 */
async function actorForApiToken(token: string): Promise<Actor | null> {
  const prisma = getPrisma();
  const now = new Date();
  const [row] = await prisma.$queryRaw<TokenActorRow[]>`
    SELECT t.id, t."userId", t."lastUsedAt", u.email, u.name, m."teamId", tm.name AS "teamName", m.role::text AS role
    FROM "ApiToken" t
    JOIN "User" u ON u.id = t."userId"
    JOIN "Membership" m ON m."userId" = t."userId" AND m."teamId" = COALESCE(t."teamId", u."currentTeamId")
    JOIN "Team" tm ON tm.id = m."teamId"
    WHERE t."tokenHash" = ${hashToken(token)} AND t."revokedAt" IS NULL
      AND (t."expiresAt" IS NULL OR t."expiresAt" > ${now.toISOString()}::timestamp) AND NOT u.disabled`;
  if (!row) return null;
  // last use is informative; write it at most once a minute per token
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return { userId: row.userId, email: row.email, name: row.name, teamId: row.teamId, teamName: row.teamName, role: row.role, via: "token", tokenId: row.id };
}
