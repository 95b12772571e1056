import { createHash } from "node:crypto";
import { getPrisma, Prisma } from "@/lib/db/client";
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
  /** the value of the route's TeamRead, as text (null without one) */
  teamRead?: string | null;
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

/**
 * The one rule for a live browser session, as SQL over "Session" s JOIN "User" u: the token's row (it
 * holds the token's sha256, never the token: reading the database is not enough to take a session
 * over), not expired, its user not disabled. Used with a team (actorForSession) and without one
 * (userForSessionToken).
 */
const liveSessionSql = (sessionToken: string) =>
  Prisma.sql`s."sessionToken" = ${hashToken(sessionToken)} AND s.expires > ${new Date().toISOString()}::timestamp AND NOT u.disabled`;

/** The user behind a database session token, if the session is still valid server-side (with or without a team). */
export async function userForSessionToken(sessionToken: string): Promise<{ id: string; email: string; name: string | null } | null> {
  const [user] = await getPrisma().$queryRaw<{ id: string; email: string; name: string | null }[]>`
    SELECT u.id, u.email, u.name FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE ${liveSessionSql(sessionToken)}`;
  return user ?? null;
}

/**
 * A route's own read of the caller's team, made in the authenticating statement (one database round
 * trip for both): SQL of one value given the team id as an SQL expression, handed to the route as text
 * (`Actor.teamRead`). The cluster list reads its inventory revision and connection states this way.
 */
export type TeamRead = (teamId: Prisma.Sql) => Prisma.Sql;

type ActorRow = Pick<Actor, "userId" | "email" | "name" | "teamId" | "teamName" | "role"> & { teamRead: string | null };

const teamReadSql = (read: TeamRead | undefined) => (read ? Prisma.sql`, (${read(Prisma.sql`m."teamId"`)})::text AS "teamRead"` : Prisma.sql`, NULL::text AS "teamRead"`);

/**
 * Who is calling: a personal API token (Authorization: Bearer cdk_...) or the session cookie.
 * Returns the actor in their current team, or null when unauthenticated (or without any team).
 * One statement either way (credential, user, membership, team and the route's TeamRead): nothing is
 * cached, so a revoked or expired token or session, a disabled user or a removed membership
 * (lib/auth/access.ts) refuses the very next request.
 */
export async function authenticate(headers: Headers, read?: TeamRead): Promise<Actor | null> {
  const auth = headers.get("authorization");
  if (auth && /^bearer\s+/i.test(auth)) {
    const token = auth.replace(/^bearer\s+/i, "").trim();
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    return actorForApiToken(token, read);
  }
  const sessionToken = sessionTokenFrom(headers);
  if (!sessionToken) return null;
  return actorForSession(sessionToken, read);
}

/**
 * The actor behind a live database session (liveSessionSql), in the user's current team, falling back
 * to their oldest membership.
 */
async function actorForSession(sessionToken: string, read: TeamRead | undefined): Promise<Actor | null> {
  const [row] = await getPrisma().$queryRaw<ActorRow[]>`
    SELECT u.id AS "userId", u.email, u.name, m."teamId", tm.name AS "teamName", m.role::text AS role${teamReadSql(read)}
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN LATERAL (
      SELECT mm."teamId", mm.role FROM "Membership" mm WHERE mm."userId" = u.id
      ORDER BY COALESCE(mm."teamId" = u."currentTeamId", false) DESC, mm."createdAt" ASC LIMIT 1
    ) m ON true
    JOIN "Team" tm ON tm.id = m."teamId"
    WHERE ${liveSessionSql(sessionToken)}`;
  if (!row) return null;
  return { userId: row.userId, email: row.email, name: row.name, teamId: row.teamId, teamName: row.teamName, role: row.role, via: "session", teamRead: row.teamRead };
}

/**
 * The actor behind a personal API token. The token acts in its own team, or in the user's current
 * team when it is not bound to one.
 */
async function actorForApiToken(token: string, read: TeamRead | undefined): Promise<Actor | null> {
  const prisma = getPrisma();
  const now = new Date();
  const [row] = await prisma.$queryRaw<(ActorRow & { id: string; lastUsedAt: Date | null })[]>`
    SELECT t.id, t."userId", t."lastUsedAt", u.email, u.name, m."teamId", tm.name AS "teamName", m.role::text AS role${teamReadSql(read)}
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
  return { userId: row.userId, email: row.email, name: row.name, teamId: row.teamId, teamName: row.teamName, role: row.role, via: "token", tokenId: row.id, teamRead: row.teamRead };
}
