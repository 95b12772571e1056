/**
 * First run (runs first: the servers share one database per project). While no user exists every
 * page leads to /setup; set-up creates the owner the other specs sign in as (support/auth.ts OWNER);
 * afterwards /setup answers 404 and the owner signs in and out with the password.
 */
import { expect, test } from "@playwright/test";
import { OWNER, signInWithPasswordForm, signOutViaMenu } from "./support/auth";

test.describe.configure({ mode: "serial" });

test("first run: every page leads to /setup, which creates the owner", async ({ page, request }) => {
  const before = await request.get("/api/setup");
  test.skip(before.status() === 404, "set-up was already done on this server (another spec ran first)");

  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/signin");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Clusterdeck" })).toBeVisible();

  await page.getByLabel("Team name").fill(OWNER.team);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password (at least 12 characters)").fill("too-short");
  await page.getByLabel("Repeat the password").fill("too-short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  // the browser's own minlength check or the server's message: either way no account yet
  expect((await request.get("/api/setup")).status()).toBe(200);

  await page.getByLabel("Password (at least 12 characters)").fill(OWNER.password);
  await page.getByLabel("Repeat the password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: `Account: ${OWNER.name}` })).toBeVisible();

  expect((await request.get("/api/setup")).status()).toBe(404);
  const again = await page.request.post("/api/setup", { data: { teamName: "X", email: "x@example.com", password: "another-password-1" }, headers: { origin: new URL(page.url()).origin } });
  expect(again.status()).toBe(404);
  const setupPage = await page.goto("/setup");
  expect(setupPage?.status()).toBe(404);
});

test("the owner signs out and back in with the password; a wrong one is refused clearly", async ({ page }) => {
  await signInWithPasswordForm(page, OWNER.email, "not-the-password");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("button", { name: /^Account:/ }).click();
  await expect(page.getByTestId("current-role")).toHaveText(`${OWNER.team} · owner`);
  await page.keyboard.press("Escape");

  await signOutViaMenu(page);
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings$/);
});

test("security headers: CSP with a nonce, no unsafe-inline scripts, no framing", async ({ request }) => {
  const res = await request.get("/signin");
  const csp = res.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});
