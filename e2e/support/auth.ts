/**
 * Sign-in helpers for e2e specs. The owner is created by e2e/00-setup.spec.ts through the /setup page
 * (first spec to run); when a spec runs alone, signInAsOwner does the set-up through the API.
 *
 *   import { signInAsOwner } from "./support/auth";
 *   test.beforeEach(async ({ page }) => { await signInAsOwner(page); });
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

export const OWNER = { email: "owner@clusterdeck.test", password: "e2e-owner-password-1", name: "Olive Owner", team: "Default" } as const;

/** the current project's baseURL (e.g. http://127.0.0.1:3110), for the Origin header of API calls */
export function baseURL(): string {
  const u = test.info().project.use.baseURL;
  if (!u) throw new Error("the Playwright project has no baseURL");
  return u;
}

/** makes sure the owner exists (set-up through the API when the /setup spec has not run) */
export async function ensureOwner(request: APIRequestContext, origin = baseURL()) {
  const s = await request.get("/api/setup");
  if (s.status() === 200) {
    const r = await request.post("/api/setup", { data: { teamName: OWNER.team, name: OWNER.name, email: OWNER.email, password: OWNER.password }, headers: { origin } });
    expect(r.status(), await r.text()).toBe(201);
  }
}

/** Signs the page's browser context in as the owner (password sign-in through the API; sets the session cookie). */
export async function signInAsOwner(page: Page) {
  const origin = baseURL();
  await ensureOwner(page.request, origin);
  const r = await page.request.post("/api/auth/password", { data: { email: OWNER.email, password: OWNER.password }, headers: { origin } });
  expect(r.status(), await r.text()).toBe(200);
}

/** Signs in through the /signin form. */
export async function signInWithPasswordForm(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Opens the user menu in the header and signs out. */
export async function signOutViaMenu(page: Page) {
  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
}
