/**
 * `npm start`'s first impression (issue 18 #18): one readable sequence — starting, database,
 * migrations, ready at the public URL (NEXTAUTH_URL) — with none of Next's banner or its
 * inapplicable standalone warning. Runs scripts/start.mjs on the build `npm test` just made.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildIsCurrent } from "../scripts/build-state.mjs";
import { PORT_OFFSET } from "./support/oidc-constants";

test("npm start prints one clear sequence and announces the public URL once", async () => {
  test.skip(test.info().project.name !== "pglite", "one run is enough: it starts its own server");
  expect(buildIsCurrent(), "the production build is current (npm test stamps it after building)").toBe(true);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-start-"));
  const port = String(3121 + PORT_OFFSET);
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: port, DATA_DIR: dataDir, CLUSTERDECK_DEMO: "0", NEXTAUTH_URL: "http://clusterdeck.example.test:8443", NEXTAUTH_SECRET: "start-spec-secret-0123456789", LOG_LEVEL: "info", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  try {
    await expect.poll(() => out, { timeout: 120_000, intervals: [500] }).toContain("ready at");
    const lines = out.split("\n").filter(Boolean);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/starting the server/), out).toBeGreaterThanOrEqual(0);
    expect(at(/database: embedded PostgreSQL/), out).toBeGreaterThan(at(/starting the server/));
    expect(at(/applied \d+ migration|schema is up to date/), out).toBeGreaterThan(at(/database: embedded PostgreSQL/));
    expect(at(/ready at/), out).toBeGreaterThan(at(/applied \d+ migration|schema is up to date/));
    expect(lines.filter((l) => /ready at/.test(l))).toEqual([`clusterdeck: ready at http://clusterdeck.example.test:8443 (listening on http://localhost:${port})`]);
    expect(out).not.toMatch(/does not work with "output: standalone"|▲ Next\.js|✓ Ready in|is starting on/);
    expect(out).not.toMatch(/^\{"level"/m); // log lines are shown as text
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
