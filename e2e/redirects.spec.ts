/**
 * Open redirects after sign-in (issue 12 item 1), in Chromium: every hostile callbackUrl of the unit
 * table (lib/auth/safe-redirect.fixtures.ts) lands on the app's own home page — through the sign-in
 * page's server redirect when already signed in, and through the password form's client-side
 * navigation after signing in. The browser never requests another host on the way.
 */
import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_CALLBACKS } from "../lib/auth/safe-redirect.fixtures";
import { OWNER, baseURL, ensureOwner, signInAsOwner } from "./support/auth";

function watchOtherHosts(page: Page): string[] {
  const seen: string[] = [];
  const app = new URL(baseURL()).host;
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (/^https?:$/.test(u.protocol) && u.host !== app) seen.push(r.url());
  });
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame() && /^https?:/.test(f.url()) && new URL(f.url()).host !== app) seen.push(f.url());
  });
  return seen;
}

const signinWith = (cb: string) => `/signin?callbackUrl=${encodeURIComponent(cb)}`;

test("signed in: /signin?callbackUrl=<hostile> redirects to / on the app's origin, never a 5xx", async ({ page }) => {
  await signInAsOwner(page);
  const elsewhere = watchOtherHosts(page);
  for (const cb of HOSTILE_CALLBACKS) {
    const res = await page.request.get(signinWith(cb), { maxRedirects: 0 });
    expect(res.status(), `${JSON.stringify(cb)}: ${res.status()}`).toBeLessThan(500);
    if (res.status() >= 300 && res.status() < 400) expect(res.headers().location, JSON.stringify(cb)).toBe("/");
    await page.goto(signinWith(cb));
    await expect(page, JSON.stringify(cb)).toHaveURL(`${baseURL()}/`);
  }
  expect(elsewhere).toEqual([]);
});

test("the password form sends the browser only to the app's origin after signing in", async ({ browser }) => {
  const setup = await browser.newContext({ baseURL: baseURL() });
  await ensureOwner(setup.request);
  await setup.close();
  // one sign-in per callback in a fresh browser context: the ones a browser normalizes into another host
  // (tabs and newlines stripped, backslashes as slashes), scheme tricks and other hosts (the whole table
  // runs through the server redirect above and the unit suite)
  test.setTimeout(240_000);
  const table = ["/\t/localhost:5312/x", "/\n/evil.example/x", "/\r\n/evil.example/x", "/\\evil.example/x", "\\\\evil.example/x", "//evil.example/x", "/.//evil.example/x", "/%09/evil.example", "https://evil.example", "javascript:alert(1)", "http://127.0.0.1:5312@evil.example/", "/\u2028/evil.example"];
  expect(table.every((cb) => HOSTILE_CALLBACKS.includes(cb))).toBe(true);
  for (const cb of table) {
    const context = await browser.newContext({ baseURL: baseURL() });
    const page = await context.newPage();
    const elsewhere = watchOtherHosts(page);
    await page.goto(signinWith(cb));
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: /^Account:/ }), JSON.stringify(cb)).toBeVisible();
    expect(new URL(page.url()).origin, JSON.stringify(cb)).toBe(baseURL());
    expect(new URL(page.url()).pathname, JSON.stringify(cb)).toBe("/");
    expect(elsewhere, JSON.stringify(cb)).toEqual([]);
    await context.close();
  }
});

test("a safe callback still works: signing in returns to the page asked for", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseURL() });
  await ensureOwner(context.request);
  const page = await context.newPage();
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fclusters$/);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${baseURL()}/clusters`);
  await context.close();
});
