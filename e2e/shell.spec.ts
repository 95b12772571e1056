import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./support/auth";

test("health and readiness answer", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready" });
});

test("the app shell renders with navigation", async ({ page }) => {
  await signInAsOwner(page);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Clusterdeck" })).toBeVisible();
  for (const name of ["Overview", "Clusters", "Versions", "Connections", "Settings"]) {
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name })).toBeVisible();
  }
});
