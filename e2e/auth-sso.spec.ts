/**
 * Single sign-on through a real OpenID Connect provider (oidc-provider, started by
 * support/global-setup.ts on 127.0.0.1:3199; authorization code flow with PKCE). Its group claims
 * place alice in team Platform as admin and bob in team Apps as viewer (OIDC_GROUP_MAPPINGS in
 * playwright.config.ts); each sees and may do only what the role allows. Sign-out also ends the
 * provider session (RP-initiated logout); an expired session is refused; a group change at the
 * provider changes the membership at the next sign-in; five wrong passwords are refused and audited.
 */
import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, ensureOwner, signOutViaMenu } from "./support/auth";
import { withDatabase } from "./support/db";
import { INITIAL_GROUPS, OIDC_ISSUER, setProviderGroups } from "./support/oidc-provider";

test.describe.configure({ mode: "serial" });

const appOrigin = () => baseURL();

/** Signs in with the "Test IdP" button; fills the provider's login form and consent when asked. */
async function ssoSignIn(page: Page, account: string, opts: { expectLoginForm?: boolean } = {}) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  let sawLoginForm = false;
  const inApp = (u: URL) => u.origin === appOrigin() && u.pathname !== "/signin" && !u.pathname.startsWith("/api/");
  const deadline = Date.now() + 60_000;
  while (!inApp(new URL(page.url())) && Date.now() < deadline) {
    const login = page.locator('input[name="login"]');
    const consent = page.getByRole("button", { name: "Continue" });
    const next = await Promise.race(
      [
        login.waitFor({ state: "visible", timeout: 15_000 }).then(() => "login"),
        consent.waitFor({ state: "visible", timeout: 15_000 }).then(() => "consent"),
        page.waitForURL(inApp, { waitUntil: "commit", timeout: 15_000 }).then(() => "app"),
      ].map((p) => p.catch(() => "none")),
    );
    if (next === "login") {
      sawLoginForm = true;
      await login.fill(account);
      await page.locator('input[name="password"]').fill("any-password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await login.waitFor({ state: "detached" });
    } else if (next === "consent") {
      await consent.click();
      await consent.waitFor({ state: "detached" });
    }
  }
  await expect(page).toHaveURL((u) => u.origin === appOrigin());
  if (opts.expectLoginForm !== undefined) expect(sawLoginForm, "the provider asked for a login").toBe(opts.expectLoginForm);
}

async function api(page: Page, method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, data?: unknown) {
  const res = await page.request.fetch(path, { method, data, headers: { origin: appOrigin() } });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

async function roleLine(page: Page) {
  await page.goto("/settings");
  await page.getByRole("button", { name: /^Account:/ }).click();
  const text = await page.getByTestId("current-role").textContent();
  await page.keyboard.press("Escape");
  return text;
}

test.beforeAll(async ({ request }) => {
  await ensureOwner(request);
  for (const [account, groups] of Object.entries(INITIAL_GROUPS)) await setProviderGroups(account, groups);
});

test("group claims place alice (Platform admin) and bob (Apps viewer); each may do only what the role allows", async ({ browser }) => {
  const alice = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  const bob = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(alice, "alice", { expectLoginForm: true });
  await ssoSignIn(bob, "bob", { expectLoginForm: true });

  expect(await roleLine(alice)).toBe("Platform · admin");
  expect(await roleLine(bob)).toBe("Apps · viewer");
  const aliceMe = await api(alice, "GET", "/api/v1/me");
  expect(aliceMe.body.teams.map((t: { name: string; source: string }) => `${t.name}:${t.source}`)).toEqual(["Platform:sso"]);

  // admin: the audit log (page and API); not owner: team settings refused
  await expect(alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toBeVisible();
  await alice.goto("/audit");
  await expect(alice.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(alice.getByRole("table", { name: "Audit events" })).toContainText("auth.signin");
  expect((await api(alice, "GET", "/api/v1/audit")).status).toBe(200);
  const denied = await api(alice, "PATCH", "/api/v1/team", { passwordLoginEnabled: false });
  expect(denied.status).toBe(403);
  expect(denied.body.error.code).toBe("forbidden");
  await alice.goto("/settings");
  await expect(alice.getByRole("heading", { name: "Invitations" })).toHaveCount(0);

  // viewer: no audit log, but personal API tokens (shown once, then usable as Bearer)
  await expect(bob.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  await bob.goto("/audit");
  await expect(bob.getByText("Admins only")).toBeVisible();
  expect((await api(bob, "GET", "/api/v1/audit")).status).toBe(403);
  expect((await api(bob, "POST", "/api/v1/team/invitations", { email: "x@example.com", role: "owner" })).status).toBe(403);
  await bob.goto("/settings");
  await bob.getByLabel("Token name").fill("bob-ci");
  await bob.getByRole("button", { name: "Create token" }).click();
  const token = (await bob.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^cdk_/);
  await expect(bob.getByRole("table", { name: "API tokens" })).toContainText("bob-ci");
  const viaToken = await bob.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect((await viaToken.json()).team).toMatchObject({ name: "Apps", role: "viewer" });
  // the teams do not see each other: bob's members list is Apps only; alice cannot revoke bob's token
  const members = await api(bob, "GET", "/api/v1/team/members");
  expect(members.body.items.map((m: { email: string }) => m.email)).toEqual(["bob@example.com"]);
  const bobTokens = await api(bob, "GET", "/api/v1/tokens");
  expect((await api(alice, "DELETE", `/api/v1/tokens/${bobTokens.body.items[0].id}`)).status).toBe(404);
  await bob.getByRole("button", { name: "Revoke bob-ci" }).click();
  await expect(bob.getByRole("table", { name: "API tokens" })).toHaveCount(0);
  expect((await bob.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

  await alice.context().close();
  await bob.context().close();
});

test("five wrong passwords in a row are refused with 429 and audited", async ({ browser }) => {
  const page = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill("alice@example.com");
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/auth/password"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    expect((await answered).status()).toBe(i < 4 ? 401 : 429);
    await expect(page.getByText(i < 4 ? "Wrong email or password." : /Too many failed sign-in attempts for this account/)).toBeVisible();
  }
  const sixth = await page.request.post("/api/auth/password", { data: { email: "alice@example.com", password: "whatever-it-is" }, headers: { origin: appOrigin() } });
  expect(sixth.status()).toBe(429);
  expect(sixth.headers()["retry-after"]).toBeTruthy();
  await page.context().close();

  // alice (admin of Platform, signed in through SSO, which the lock does not affect) sees it in the audit log
  const alice = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(alice, "alice");
  await alice.goto("/audit?action=auth.signin.locked");
  await expect(alice.getByRole("table", { name: "Audit events" })).toContainText("alice@example.com");
  const failures = await api(alice, "GET", "/api/v1/audit?action=auth.signin&result=failure&actor=alice@example.com");
  expect(failures.body.total).toBeGreaterThanOrEqual(5);
  await alice.context().close();
});

test("sign-out ends the provider session too (RP-initiated logout)", async ({ browser }) => {
  const page = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(page, "alice", { expectLoginForm: true });
  // still signed in at the provider: a second sign-in needs no login form
  await page.context().clearCookies({ name: "next-auth.session-token" });
  await ssoSignIn(page, "alice", { expectLoginForm: false });

  await signOutViaMenu(page);
  await page.waitForURL((u) => u.origin === OIDC_ISSUER || u.pathname === "/signin", { waitUntil: "commit" });
  if (new URL(page.url()).origin === OIDC_ISSUER) {
    await page.waitForLoadState("domcontentloaded");
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
  }
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  expect((await api(page, "GET", "/api/v1/me")).status).toBe(401);
  // the provider session is gone: signing in asks for the login again
  await ssoSignIn(page, "alice", { expectLoginForm: true });
  await page.context().close();
});

test("a session past its server-side expiry is refused", async ({ browser }, testInfo) => {
  const page = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(page, "alice");
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
  const expired = await withDatabase(testInfo, (db) => db.query(`UPDATE "Session" SET expires = now() - interval '1 minute' WHERE "sessionToken" = $1`, [createHash("sha256").update(decodeURIComponent(cookie.value)).digest("hex")]));
  expect(expired.rowCount).toBe(1);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?expired=1/);
  await expect(page.getByText("Your session has ended. Sign in again.")).toBeVisible();
  expect((await api(page, "GET", "/api/v1/me")).status).toBe(401);
  await page.context().close();
});

test("a group change at the provider changes the membership at the next sign-in", async ({ browser }) => {
  await setProviderGroups("alice", ["app-viewers"]);
  const page = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(page, "alice");
  const me = await api(page, "GET", "/api/v1/me");
  expect(me.body.team).toMatchObject({ name: "Apps", role: "viewer" });
  expect(me.body.teams.map((t: { name: string }) => t.name)).toEqual(["Apps"]);
  expect((await api(page, "GET", "/api/v1/audit")).status).toBe(403);
  await page.context().close();

  // out of every mapped group: signed in, but without any team
  await setProviderGroups("alice", []);
  const none = await (await browser.newContext({ baseURL: appOrigin() })).newPage();
  await ssoSignIn(none, "alice");
  await expect(none.getByRole("heading", { name: "You are not in any team yet" })).toBeVisible();
  expect((await api(none, "GET", "/api/v1/me")).status).toBe(401);
  await none.context().close();
  await setProviderGroups("alice", INITIAL_GROUPS.alice);
});
