/** Where the e2e test OpenID Connect provider listens and the client the servers under test use (playwright.config.ts). */
export const OIDC_PORT = 3199;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "clusterdeck-e2e";
export const OIDC_CLIENT_SECRET = "e2e-oidc-client-secret-0123456789abcdef0123456789";
export const APP_PORTS = [3110, 3111];
