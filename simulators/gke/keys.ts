/**
 * Service-account keys and OAuth 2.0 for the GKE simulator (docs/providers/gke.md §1):
 * - the demo's key is generated once into SIM_GKE_KEY_FILE (the demo boot points it into its data
 *   folder) and reused; without a file it lives in memory for the process (tests);
 * - POST /token issues access tokens for the JWT-bearer grant (RFC 7523) only when the assertion is
 *   RS256-signed by a key the simulator knows, for the right audience and a short lifetime;
 * - API calls carry "Authorization: Bearer <access token>" (or a self-signed JWT, which Google accepts
 *   for its APIs as well).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
const TOKEN_SECONDS = 3600;

export interface ServiceAccountKeyFile {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

/** A key file in Google's format for `email` in `project`. */
export function generateKeyFile(project: string, account = "clusterdeck"): ServiceAccountKeyFile {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const email = `${account}@${project}.iam.gserviceaccount.com`;
  return {
    type: "service_account",
    project_id: project,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: email,
    client_id: String(100000000000000000000n + BigInt(`0x${randomBytes(8).toString("hex")}`)),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: TOKEN_AUDIENCE,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: "googleapis.com",
  };
}

const memo = new Map<string, ServiceAccountKeyFile>();

/** The simulator's own key: read from `file` (made there when missing, mode 0600), else one per project in memory. */
export function simulatorKeyFile(project: string, file?: string): ServiceAccountKeyFile {
  if (file) {
    // the file is the operator's (DATA_DIR), not part of the app: kept out of the build's file tracing
    const f = path.resolve(/* turbopackIgnore: true */ file);
    if (existsSync(/* turbopackIgnore: true */ f)) {
      const k = JSON.parse(readFileSync(/* turbopackIgnore: true */ f, "utf8")) as ServiceAccountKeyFile;
      if (k.type === "service_account" && k.private_key && k.client_email) return k;
      throw new Error(`SIM_GKE_KEY_FILE ${f} is not a service-account key`);
    }
    const made = generateKeyFile(project);
    mkdirSync(/* turbopackIgnore: true */ path.dirname(f), { recursive: true });
    writeFileSync(/* turbopackIgnore: true */ f, JSON.stringify(made, null, 2), { mode: 0o600 });
    chmodSync(/* turbopackIgnore: true */ f, 0o600);
    return made;
  }
  let k = memo.get(project);
  if (!k) memo.set(project, (k = generateKeyFile(project)));
  return k;
}

export interface KnownAccount {
  email: string;
  keyId: string;
  publicKey: KeyObject;
  /** projects this account may use (roles/container.admin there) */
  projects: Set<string>;
  /** "admin" may change clusters; "viewer" (roles/container.viewer) only read */
  role: "admin" | "viewer";
}

export interface Principal {
  email: string;
  role: "admin" | "viewer";
  projects: Set<string>;
}

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export type AssertionCheck = { ok: true; account: KnownAccount; claims: Record<string, unknown> } | { ok: false; error: string; description: string };

export class Accounts {
  private byEmail = new Map<string, KnownAccount[]>();
  private tokens = new Map<string, { principal: Principal; expiresAt: number }>();

  clear() {
    this.byEmail.clear();
    this.tokens.clear();
  }

  add(key: { client_email: string; private_key: string; private_key_id?: string }, projects: string[], role: "admin" | "viewer" = "admin") {
    const publicKey = createPublicKey(createPrivateKey(key.private_key));
    const list = this.byEmail.get(key.client_email) ?? [];
    list.push({ email: key.client_email, keyId: key.private_key_id ?? "", publicKey, projects: new Set(projects), role });
    this.byEmail.set(key.client_email, list);
  }

  get size() {
    return [...this.byEmail.values()].reduce((n, l) => n + l.length, 0);
  }

  /** verifies an RS256 JWT signed by a known key; `audience` is checked when given */
  private verifyJwt(jwt: string, audience: ((aud: unknown, claims: Record<string, unknown>) => boolean) | undefined, now: number): AssertionCheck {
    const parts = jwt.split(".");
    if (parts.length !== 3) return { ok: false, error: "invalid_grant", description: "Invalid JWT: not a signed JWT." };
    const header = b64urlJson(parts[0]);
    const claims = b64urlJson(parts[1]);
    if (!header || !claims) return { ok: false, error: "invalid_grant", description: "Invalid JWT: could not decode." };
    if (header.alg !== "RS256") return { ok: false, error: "invalid_grant", description: "Invalid JWT Signature." };
    const email = typeof claims.iss === "string" ? claims.iss : "";
    const candidates = (this.byEmail.get(email) ?? []).filter((a) => !header.kid || !a.keyId || a.keyId === header.kid);
    const signature = Buffer.from(parts[2], "base64url");
    const account = candidates.find((a) => verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), a.publicKey, signature));
    if (!account) return { ok: false, error: "invalid_grant", description: this.byEmail.has(email) ? "Invalid JWT Signature." : "Invalid grant: account not found" };
    if (audience && !audience(claims.aud, claims)) return { ok: false, error: "invalid_grant", description: "Invalid JWT: audience mismatch." };
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    const t = Math.floor(now / 1000);
    if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp - iat > TOKEN_SECONDS || exp < t || iat > t + 300) {
      return { ok: false, error: "invalid_grant", description: "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim." };
    }
    return { ok: true, account, claims };
  }

  /** POST /token with the JWT-bearer grant: an access token, or Google's OAuth error */
  grant(form: URLSearchParams, now = Date.now()): { status: number; body: Record<string, unknown> } {
    const grantType = form.get("grant_type") ?? "";
    if (grantType !== JWT_BEARER) return { status: 400, body: { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${grantType.slice(0, 100)}` } };
    const assertion = form.get("assertion") ?? "";
    const r = this.verifyJwt(assertion, (aud) => aud === TOKEN_AUDIENCE, now);
    if (!r.ok) return { status: 400, body: { error: r.error, error_description: r.description } };
    const scopes = String(r.claims.scope ?? "").split(/\s+/).filter(Boolean);
    if (!scopes.length) return { status: 400, body: { error: "invalid_scope", error_description: "Invalid OAuth scope or ID token audience provided." } };
    const token = `ya29.c.${randomBytes(48).toString("base64url")}`;
    this.tokens.set(token, { principal: { email: r.account.email, role: r.account.role, projects: r.account.projects }, expiresAt: now + TOKEN_SECONDS * 1000 });
    return { status: 200, body: { access_token: token, expires_in: TOKEN_SECONDS - 1, token_type: "Bearer" } };
  }

  /** the caller of an API request, from an issued access token or a self-signed JWT */
  principal(bearer: string, now = Date.now()): Principal | undefined {
    const t = this.tokens.get(bearer);
    if (t) {
      if (t.expiresAt > now) return t.principal;
      this.tokens.delete(bearer);
      return undefined;
    }
    if (bearer.split(".").length !== 3) return undefined;
    // self-signed JWT: aud is the API's URL, or (with scopes) a scope claim instead
    const r = this.verifyJwt(bearer, (aud, claims) => (typeof aud === "string" && /^https:\/\/container\.googleapis\.com\/?$/.test(aud)) || String(claims.scope ?? "").includes(CLOUD_PLATFORM), now);
    return r.ok ? { email: r.account.email, role: r.account.role, projects: r.account.projects } : undefined;
  }
}
