/** OpenID Connect helpers: the issuer's discovery document (cached), group claims, RP-initiated logout. */
import { config } from "@/lib/config";
import { logger } from "@/lib/log";

interface Discovery {
  issuer: string;
  end_session_endpoint?: string;
}

let discovery: { issuer: string; doc: Discovery; at: number } | undefined;

export function oidcConfigured(): boolean {
  const c = config();
  return Boolean(c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET);
}

export const wellKnownUrl = (issuer: string) => `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;

async function getDiscovery(): Promise<Discovery | null> {
  const issuer = config().OIDC_ISSUER;
  if (!issuer) return null;
  if (discovery && discovery.issuer === issuer && Date.now() - discovery.at < 3_600_000) return discovery.doc;
  try {
    const res = await fetch(wellKnownUrl(issuer), { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const doc = (await res.json()) as Discovery;
    discovery = { issuer, doc, at: Date.now() };
    return doc;
  } catch (e) {
    logger.warn({ err: (e as Error).message }, "could not read the OpenID Connect discovery document");
    return null;
  }
}

/** Groups from the configured claim (a dot path like "realm_access.roles" works too). */
export function groupsFromClaims(claims: Record<string, unknown> | undefined | null, claim = config().OIDC_GROUPS_CLAIM): string[] {
  if (!claims) return [];
  let v: unknown = claims[claim];
  if (v === undefined && claim.includes(".")) {
    v = claim.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), claims);
  }
  if (typeof v === "string") return v.split(/[,\s]+/).filter(Boolean);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/**
 * Where to send the browser after the local session is gone, to end the provider session too:
 * the issuer's end_session_endpoint with id_token_hint, or null when the provider offers none.
 */
export async function endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
  const doc = await getDiscovery();
  if (!doc?.end_session_endpoint) return null;
  const u = new URL(doc.end_session_endpoint);
  u.searchParams.set("id_token_hint", idToken);
  u.searchParams.set("post_logout_redirect_uri", postLogoutRedirectUri);
  const clientId = config().OIDC_CLIENT_ID;
  if (clientId) u.searchParams.set("client_id", clientId);
  return u.toString();
}
