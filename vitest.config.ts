import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const globalSetup = "test/support/global-setup.ts";

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "data/**"],
    globalSetup: existsSync(path.join(root, globalSetup)) ? [globalSetup] : [],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // several suites drive real processes, servers and timers on a shared 2-core machine: one retry in CI
    retry: process.env.CI ? 1 : 0,
  },
});
