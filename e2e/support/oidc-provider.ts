/**
 * A real OpenID Connect provider for the e2e tests (the oidc-provider package), started on a fixed
 * loopback port by Playwright's globalSetup, so the servers under test can be configured with
 * OIDC_ISSUER at config load. Authorization code flow with PKCE required; group claims in the
 * id_token; RP-initiated logout. Its dev login form accepts any login (= account id) and password.
 *
 * Test control (loopback only): POST /__test/accounts/<id> {"groups": [...]} sets an account's groups.
 */
import http from "node:http";
import Provider from "oidc-provider";

import { APP_PORTS, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_PORT } from "./oidc-constants";

export { OIDC_ISSUER };

/** the groups each account starts with */
export const INITIAL_GROUPS: Record<string, string[]> = {
  alice: ["platform-admins"],
  bob: ["app-viewers"],
};

export async function startOidcProvider(): Promise<{ stop(): Promise<void> }> {
  const groups = new Map(Object.entries(INITIAL_GROUPS).map(([k, v]) => [k, [...v]]));
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: APP_PORTS.map((p) => `http://127.0.0.1:${p}/api/auth/callback/oidc`),
        post_logout_redirect_uris: APP_PORTS.map((p) => `http://127.0.0.1:${p}/signin?signedOut=1`),
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: `${id}@example.com`, email_verified: true, name: id.charAt(0).toUpperCase() + id.slice(1), groups: groups.get(id) ?? [] };
        },
      };
    },
  });
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    const m = /^\/__test\/accounts\/([\w-]+)$/.exec(req.url ?? "");
    if (m && req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        groups.set(m[1], (JSON.parse(body || "{}") as { groups?: string[] }).groups ?? []);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(OIDC_PORT, "127.0.0.1", () => resolve());
  });
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function setProviderGroups(account: string, groups: string[]) {
  const res = await fetch(`${OIDC_ISSUER}/__test/accounts/${account}`, { method: "POST", body: JSON.stringify({ groups }) });
  if (!res.ok) throw new Error(`could not set groups at the test OIDC provider: ${res.status}`);
}
