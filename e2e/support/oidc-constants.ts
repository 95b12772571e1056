/** Where the e2e test OpenID Connect provider listens and the client the servers under test use (playwright.config.ts). */
// E2E_PORT_BASE moves every port of a run (app servers, test IdP, simulators) so that several checkouts
// on one machine can run their suites side by side; CI uses the defaults
export const PORT_OFFSET = Number(process.env.E2E_PORT_BASE ?? 3110) - 3110;
export const OIDC_PORT = 3199 + PORT_OFFSET;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "clusterdeck-e2e";
export const OIDC_CLIENT_SECRET = "e2e-oidc-client-secret-0123456789abcdef0123456789";
export const APP_PORTS = [3110 + PORT_OFFSET, 3111 + PORT_OFFSET];
/** the first simulator port of each app server's demo (simPorts in playwright.config.ts) */
export const SIM_PORT_BASES = [4200 + PORT_OFFSET * 10, 4300 + PORT_OFFSET * 10];
