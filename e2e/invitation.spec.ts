/**
 * Inviting someone who has no account: the owner invites from Settings, the invited person opens the
 * link in their own browser, chooses a password and lands in the team with the invited role.
 */
import { expect, test } from "@playwright/test";
import { signInAsOwner, signInWithPasswordForm } from "./support/auth";

test("an invited person without an account joins through the link with a password", async ({ page, browser }, testInfo) => {
  const email = `invited-${testInfo.project.name}-${Date.now()}@clusterdeck.test`;
  await signInAsOwner(page);
  await page.goto("/settings");
  await page.getByLabel("Invite by email").fill(email);
  await page.locator("#invite-role").selectOption("operator");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toContain("/invite/inv_");

  const guest = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const p = await guest.newPage();
  await p.goto(new URL(link).pathname);
  await expect(p.getByRole("heading", { name: /^Join / })).toBeVisible();
  await expect(p.getByLabel("Email")).toHaveValue(email);
  await p.getByLabel("Your name").fill("Ivy Invited");
  await p.getByLabel(/^Password/).fill("invited-password-12");
  await p.getByLabel("Repeat the password").fill("invited-password-12");
  await p.getByRole("button", { name: "Create account and join" }).click();
  await expect(p.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const me = await (await p.request.get("/api/v1/me")).json();
  expect(me).toMatchObject({ user: { email }, team: { role: "operator" } });

  // the link worked once; the password works at the sign-in form
  await p.goto(new URL(link).pathname);
  await expect(p.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  await guest.clearCookies();
  await signInWithPasswordForm(p, email, "invited-password-12");
  await expect(p.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await guest.close();
});
