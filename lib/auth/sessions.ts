/**
 * Clusterdeck's own database sessions (the Session table), shared by next-auth's SSO sign-in and the
 * password sign-in: same cookie, same row shape, server-side expiry of SESSION_MAX_AGE_HOURS.
 */
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/client";
import { hashToken } from "./authenticate";

export function secureCookies(): boolean {
  return (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

export function sessionMaxAgeSeconds(): number {
  return Math.round(config().SESSION_MAX_AGE_HOURS * 3600);
}

export function sessionCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: secureCookies(), expires };
}

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function createSession(userId: string, opts: { provider?: string; idToken?: string | null } = {}) {
  const sessionToken = newSessionToken();
  const expires = new Date(Date.now() + sessionMaxAgeSeconds() * 1000);
  // stored as sha256 like API tokens; the cookie carries the token itself
  await getPrisma().session.create({ data: { sessionToken: hashToken(sessionToken), userId, expires, provider: opts.provider ?? null, idToken: opts.idToken ?? null } });
  return { sessionToken, expires };
}

/** A Set-Cookie header value for the session cookie (or one that clears it when token is null). */
export function sessionSetCookie(token: string | null, expires?: Date): string {
  const parts = [`${sessionCookieName()}=${token ? encodeURIComponent(token) : ""}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  parts.push(token && expires ? `Expires=${expires.toUTCString()}` : "Max-Age=0");
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

/** Deletes the session row; returns what sign-out needs to end the provider session too. */
export async function deleteSession(sessionToken: string) {
  const prisma = getPrisma();
  const hashed = hashToken(sessionToken);
  const s = await prisma.session.findUnique({ where: { sessionToken: hashed }, include: { user: { select: { id: true, email: true, currentTeamId: true } } } });
  if (!s) return null;
  await prisma.session.deleteMany({ where: { sessionToken: hashed } });
  return { userId: s.userId, email: s.user.email, teamId: s.user.currentTeamId, provider: s.provider, idToken: s.idToken };
}

/** Deletes expired sessions and expired e-mail verification tokens (housekeeping, lib/worker/housekeeping.ts). */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  const prisma = getPrisma();
  const r = await prisma.session.deleteMany({ where: { expires: { lt: now } } });
  await prisma.verificationToken.deleteMany({ where: { expires: { lt: now } } });
  return r.count;
}
