import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { APP_PORTS, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, SIM_PORT_BASES } from "./e2e/support/oidc-constants";

/**
 * End-to-end tests against the production build (`npm run build` has run), in Debian's Chromium.
 * Two servers: the production server from the source tree (scripts/server.mjs, what `npm start` runs) on
 * the embedded PGlite default, and the standalone output (node .next/standalone/server.mjs) on a real PostgreSQL (E2E_DATABASE_URL, provided by `npm test`). Both run the demo simulators at a fast time scale.
 */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const pgliteDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "clusterdeck-e2e-"));
// workers load this file too: pass the directory on so they reach the same embedded database (e2e/support/db.ts)
process.env.E2E_DATA_DIR = pgliteDir;
const postgresUrl = process.env.E2E_DATABASE_URL;
const [PGLITE_PORT, POSTGRES_PORT] = APP_PORTS;

const common = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  SIM_TIME_SCALE: "120",
  SYNC_INTERVAL_SECONDS: "5",
  CLUSTERDECK_DEMO: "1",
  NEXTAUTH_SECRET: "e2e-nextauth-secret-0123456789abcdef",
  ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  // the test OpenID Connect provider started by e2e/support/global-setup.ts (e2e/auth-sso.spec.ts)
  OIDC_ISSUER,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  OIDC_NAME: "Test IdP",
  OIDC_GROUP_MAPPINGS: "platform-admins=Platform:admin,app-viewers=Apps:viewer",
};

const simPorts = (base: number) => ({
  SIM_NKS_PORT: String(base + 1),
  SIM_CLOUDFERRO_PORT: String(base + 2),
  SIM_COREWEAVE_PORT: String(base + 3),
  SIM_RAFAY_PORT: String(base + 4),
  SIM_EKS_PORT: String(base + 5),
  SIM_GKE_PORT: String(base + 6),
  SIM_AKS_PORT: String(base + 7),
  SIM_KUBERNETES_PORT: String(base + 8),
});

// the pglite server runs scripts/server.mjs from the source tree (what `npm start` does); the PostgreSQL
// one runs the assembled standalone folder, exactly what the container image ships (`node server.mjs`)
const server = (port: number, env: Record<string, string>, command = "node scripts/server.mjs") => ({
  command,
  url: `http://127.0.0.1:${port}/api/ready`,
  timeout: 180_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  env: { ...common, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, ...env },
});

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  projects: [
    { name: "pglite", use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${PGLITE_PORT}` } },
    ...(postgresUrl ? [{ name: "postgres", use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${POSTGRES_PORT}` } }] : []),
  ],
  webServer: [
    server(PGLITE_PORT, { DATA_DIR: pgliteDir, ...simPorts(SIM_PORT_BASES[0]) }),
    ...(postgresUrl ? [server(POSTGRES_PORT, { DATABASE_URL: postgresUrl, HOSTNAME: "127.0.0.1", DATA_DIR: path.join(pgliteDir, "postgres-server"), ...simPorts(SIM_PORT_BASES[1]) }, "node .next/standalone/server.mjs")] : []),
  ],
});
