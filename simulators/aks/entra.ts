/**
 * Microsoft Entra ID (v2.0 endpoints) for the client-credentials flow, as MSAL Node uses it
 * (docs/providers/aks.md §2): OpenID metadata of the tenant authority, the token endpoint, JWKS.
 * Tokens are JWTs signed with a per-process HMAC key (the real service signs with RS256; nothing
 * on the client side verifies the signature, ARM does, and here ARM is this simulator).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { SimRequest, SimResponse } from "@/simulators/kit/server";

export interface EntraConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  oid: string;
  iat: number;
  nbf: number;
  exp: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export class Entra {
  private readonly key = randomBytes(32);
  readonly servicePrincipalObjectId = randomUUID();
  /** clients whose tokens ARM refuses for writes (403 AuthorizationFailed), set through /__sim */
  readonly readOnlyClients = new Set<string>();

  constructor(
    public config: EntraConfig,
    private readonly nowSeconds: () => number,
  ) {}

  sign(claims: TokenClaims): string {
    const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid: "sim" }));
    const body = b64url(JSON.stringify(claims));
    const sig = createHmac("sha256", this.key).update(`${head}.${body}`).digest("base64url");
    return `${head}.${body}.${sig}`;
  }

  /** the claims of a token this simulator issued, or undefined when it is not one */
  verify(token: string): TokenClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const expected = createHmac("sha256", this.key).update(`${parts[0]}.${parts[1]}`).digest();
    const got = Buffer.from(parts[2], "base64url");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return undefined;
    }
  }

  openidConfiguration(origin: string, tenant: string): SimResponse {
    if (tenant !== this.config.tenantId && tenant !== "organizations" && tenant !== "common") {
      return aadError(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const base = `${origin}/${tenant}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `${origin}/${this.config.tenantId}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: "WW",
        cloud_instance_name: "microsoftonline.com",
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
        rbac_url: "https://pas.windows.net",
      },
    };
  }

  /** POST /{tenant}/oauth2/v2.0/token, grant_type=client_credentials with client_secret_post or _basic */
  token(req: SimRequest, tenant: string, audience: string): SimResponse {
    const form = new URLSearchParams(req.rawBody);
    let clientId = form.get("client_id") ?? "";
    let secret = form.get("client_secret") ?? "";
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
    if (basic) {
      const [id, sec] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      clientId ||= decodeURIComponent(id ?? "");
      secret ||= decodeURIComponent(sec ?? "");
    }
    const grant = form.get("grant_type");
    if (tenant !== this.config.tenantId) return aadError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    if (grant !== "client_credentials") return aadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant ?? ""}'.`);
    if (!clientId) return aadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.config.clientId) {
      return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    if (!secret) return aadError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    if (!safeEqual(secret, this.config.clientSecret)) {
      return aadError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    const scope = form.get("scope") ?? "";
    const resource = scope.split(" ").find((s) => s.endsWith("/.default"))?.slice(0, -"/.default".length);
    if (!resource) return aadError(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    if (resource.replace(/\/$/, "") !== audience.replace(/\/$/, "")) {
      return aadError(400, "invalid_resource", 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    const now = this.nowSeconds();
    const lifetime = 3599;
    const access = this.sign({ aud: audience.replace(/\/$/, "") + "/", iss: `https://sts.windows.net/${tenant}/`, tid: tenant, appid: clientId, oid: this.servicePrincipalObjectId, iat: now, nbf: now, exp: now + lifetime });
    return { status: 200, body: { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: access }, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" } };
  }
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Entra's OAuth error body (AADSTS codes) */
export function aadError(status: number, error: string, code: number, description: string): SimResponse {
  const trace = randomUUID(), correlation = randomUUID(), timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: trace,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
