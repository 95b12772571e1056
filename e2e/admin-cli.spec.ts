/**
 * The admin command line as the container image ships it: `node admin.mjs` in the assembled standalone
 * folder (no tsx, no source tree). Against PostgreSQL it connects with DATABASE_URL; against the
 * embedded database it goes through the running server's socket. The user it creates signs in through
 * the form; the token it prints authenticates API calls.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ensureOwner, OWNER, signInWithPasswordForm } from "./support/auth";

const standalone = path.resolve(".next", "standalone");

function admin(project: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "silent" };
  if (project === "postgres") env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else env.DATA_DIR = process.env.E2E_DATA_DIR;
  const r = spawnSync(process.execPath, ["admin.mjs", ...args], { cwd: standalone, env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

test("node admin.mjs creates a user who signs in, and a token that calls the API", async ({ page }, testInfo) => {
  await ensureOwner(page.request);
  const email = `cli-${testInfo.project.name}-${Date.now()}@clusterdeck.test`;
  const password = "cli-user-password-1";

  const help = admin(testInfo.project.name, "help");
  expect(help.code, help.err).toBe(0);
  expect(help.out).toContain("usage: node admin.mjs <command>");

  const created = admin(testInfo.project.name, "create-user", "--email", email, "--password", password, "--name", "Cli User", "--team", OWNER.team, "--role", "operator");
  expect(created.code, created.err).toBe(0);
  expect(created.out).toContain(`operator of team "${OWNER.team}"`);

  await signInWithPasswordForm(page, email, password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  const token = admin(testInfo.project.name, "create-token", "--email", email, "--name", "e2e");
  expect(token.code, token.err).toBe(0);
  const secret = token.out.split("\n").at(-1)!;
  expect(secret).toMatch(/^cdk_/);
  const me = await page.request.get("/api/v1/clusters?pageSize=1", { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  const anonymous = await page.request.get("/api/v1/clusters?pageSize=1", { headers: { authorization: "Bearer cdk_not-a-real-token-0000000000000000000000000000" } });
  expect(anonymous.status()).toBe(401);

  const bad = admin(testInfo.project.name, "create-user", "--email", email, "--role", "king");
  expect(bad.code).toBe(2);
  expect(bad.err).toContain("--role must be one of");
});
