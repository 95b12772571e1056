/**
 * next-auth v4 configuration: database sessions in PostgreSQL (lib/auth/adapter.ts), any OpenID
 * Connect issuer (authorization code flow with PKCE + state) and GitHub when configured. Group claims
 * are applied to team memberships at every SSO sign-in; the id_token is kept on the Session row
 * (server-side only) for RP-initiated logout.
 */
import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import GitHubProvider from "next-auth/providers/github";
import { headers } from "next/headers";
import { audit } from "@/lib/audit";
import { appOrigin, clientIp } from "@/lib/api/request";
import { config } from "@/lib/config";
import { getPrisma } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { applySsoGroups } from "@/lib/teams";
import { prismaAdapter } from "./adapter";
import { safeRedirectUrl } from "./safe-redirect";
import { groupsFromClaims, oidcConfigured, wellKnownUrl } from "./oidc";
import { sessionMaxAgeSeconds, secureCookies } from "./sessions";

export interface SsoProviderInfo {
  id: string;
  name: string;
}

/** The SSO buttons the sign-in page shows. */
export function ssoProviders(): SsoProviderInfo[] {
  const c = config();
  const out: SsoProviderInfo[] = [];
  if (oidcConfigured()) out.push({ id: "oidc", name: c.OIDC_NAME });
  if (c.GITHUB_ID && c.GITHUB_SECRET) out.push({ id: "github", name: "GitHub" });
  return out;
}

interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
  picture?: string;
}

function oidcProvider(): OAuthConfig<OidcProfile> {
  const c = config();
  return {
    id: "oidc",
    name: c.OIDC_NAME,
    type: "oauth",
    wellKnown: wellKnownUrl(c.OIDC_ISSUER!),
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: c.OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state"],
    // the organisation's identity provider is trusted to have verified the email it asserts
    allowDangerousEmailAccountLinking: true,
    profile(p) {
      return { id: p.sub, name: p.name ?? p.preferred_username ?? p.email ?? p.sub, email: p.email?.toLowerCase() ?? null, image: p.picture ?? null };
    },
  };
}

const g = globalThis as unknown as { __clusterdeckAuthSecret?: string; __clusterdeckSsoPending?: Map<string, { groups: string[]; idToken?: string; at: number }> };

/** NEXTAUTH_SECRET, or a per-process random one (fine for one process: it only protects next-auth's short-lived cookies) */
function secret(): string {
  return config().NEXTAUTH_SECRET ?? (g.__clusterdeckAuthSecret ??= randomBytes(32).toString("hex"));
}

const pending = () => (g.__clusterdeckSsoPending ??= new Map());

async function requestInfo() {
  try {
    const h = await headers();
    return { ip: clientIp(h), userAgent: h.get("user-agent") };
  } catch {
    return { ip: null, userAgent: null };
  }
}

export function authOptions(): NextAuthOptions {
  const c = config();
  const providers: NextAuthOptions["providers"] = [];
  if (oidcConfigured()) providers.push(oidcProvider());
  if (c.GITHUB_ID && c.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: c.GITHUB_ID, clientSecret: c.GITHUB_SECRET, allowDangerousEmailAccountLinking: false }));
  const maxAge = sessionMaxAgeSeconds();
  return {
    adapter: prismaAdapter(),
    providers,
    secret: secret(),
    useSecureCookies: secureCookies(),
    // sessions are Clusterdeck's own: fixed server-side lifetime, never extended by the provider
    session: { strategy: "database", maxAge, updateAge: maxAge },
    pages: { signIn: "/signin", error: "/signin", signOut: "/signin" },
    logger: {
      error(code, metadata) {
        logger.warn({ code, err: metadata instanceof Error ? metadata.message : undefined }, "next-auth error");
        if (/^(OAUTH|SIGNIN|CALLBACK)/.test(code)) void requestInfo().then((info) => audit({ ...info, action: "auth.signin", result: "failure", details: { method: "sso", code } }));
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") logger.debug({ code }, "next-auth warning");
      },
      debug() {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        const info = await requestInfo();
        const email = (user.email ?? (profile as { email?: string } | undefined)?.email ?? "").toLowerCase();
        if (!email) {
          await audit({ ...info, action: "auth.signin", result: "failure", details: { method: account?.provider, reason: "no_email" } });
          return "/signin?error=NoEmail";
        }
        const existing = await getPrisma().user.findUnique({ where: { email } });
        if (existing?.disabled) {
          await audit({ ...info, actorId: existing.id, actorEmail: email, action: "auth.signin", result: "denied", details: { method: account?.provider, reason: "disabled" } });
          return "/signin?error=AccountDisabled";
        }
        if (account?.provider === "oidc") {
          pending().set(`${account.provider}:${account.providerAccountId}`, {
            groups: groupsFromClaims(profile as Record<string, unknown>),
            idToken: account.id_token,
            at: Date.now(),
          });
        }
        return true;
      },
      // every post-sign-in and post-sign-out destination next-auth computes (lib/auth/safe-redirect.ts)
      async redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, appOrigin() ?? baseUrl);
      },
    },
    events: {
      async signIn({ user, account }) {
        if (!account) return;
        const info = await requestInfo();
        const prisma = getPrisma();
        const key = `${account.provider}:${account.providerAccountId}`;
        const sso = pending().get(key);
        pending().delete(key);
        for (const [k, v] of pending()) if (Date.now() - v.at > 300_000) pending().delete(k);
        // the session next-auth just created for this sign-in: remember how it was made
        const session = await prisma.session.findFirst({ where: { userId: user.id, provider: null }, orderBy: { createdAt: "desc" } });
        if (session) await prisma.session.update({ where: { id: session.id }, data: { provider: account.provider, idToken: sso?.idToken ?? account.id_token ?? null } });
        const ctx = { ...info, actorId: user.id, actorEmail: user.email ?? null };
        if (account.provider === "oidc") await applySsoGroups(user.id, sso?.groups ?? [], ctx);
        const fresh = await prisma.user.findUnique({ where: { id: user.id }, select: { currentTeamId: true } });
        await audit({ ...ctx, teamId: fresh?.currentTeamId, action: "auth.signin", targetType: "user", targetId: user.id, result: "success", details: { method: account.provider, groups: sso?.groups } });
      },
    },
  };
}
