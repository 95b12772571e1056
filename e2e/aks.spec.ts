/**
 * Azure AKS end to end in Chromium against the demo's AKS simulator (ARM + Microsoft Entra ID over
 * https, the official Azure SDK on the server): the demo connection is listed, a cluster is created
 * through the wizard and reaches running, is upgraded, gets an agent pool that is then scaled, and is
 * deleted. Node pools are driven through the dashboard API from the page (same origin) until the
 * cluster page renders node-pool actions.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./support/auth";
import { apiOperation, choose, demoConnection, expectOperationSucceeds, next } from "./support/wizard";

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test("aks: demo connection, create → running, upgrade, add and scale an agent pool, delete", async ({ page }) => {
  test.setTimeout(480_000);
  const conn = await demoConnection(page, "aks");
  await page.goto("/connections");
  await expect(page.getByText(conn.name).first()).toBeVisible();

  // create through the wizard
  const name = `e2e-aks-${randomBytes(2).toString("hex")}`;
  await page.goto("/clusters/new");
  const over = page.getByRole("button", { name: "Start over" });
  if (await over.isVisible().catch(() => false)) await over.click();
  await page.getByLabel("Connection").selectOption(conn.id);
  await expect.poll(async () => page.locator("#f-scope").inputValue(), { timeout: 20_000 }).not.toBe("");
  await next(page);
  await page.getByLabel("Cluster name").fill(name);
  await choose(page, "Resource group");
  await choose(page, "Location", /^westeurope$/);
  await next(page);
  // the second-newest GA version, so that a newer one exists to upgrade to
  const versions = page.getByRole("combobox", { name: "Kubernetes version" });
  await expect.poll(async () => versions.locator("option").count(), { timeout: 20_000 }).toBeGreaterThan(3);
  await versions.selectOption({ index: 3 });
  await page.getByLabel("Nodes").fill("2");
  await next(page);
  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  const review = JSON.parse((await page.getByTestId("review-body").textContent()) ?? "{}");
  expect(review).toMatchObject({ connectionId: conn.id, name, location: "westeurope", nodeCount: 2 });
  await page.getByRole("button", { name: "Create cluster" }).click();
  const createId = await expectOperationSucceeds(page);
  await expect(page.locator("[data-timeline-state=succeeded]")).toContainText(`${name} is running`);
  const { clusterId } = (await (await page.request.get(`/api/v1/operations/${createId}`)).json()) as { clusterId: string };

  // upgrade: the first version the upgrade wizard allows (AKS's listed paths, no skipped minor)
  await page.goto(`/clusters/${clusterId}/upgrade`);
  await expect(page.locator('[data-allowed="false"]').filter({ hasText: /cannot skip minor versions/ }).first()).toBeVisible({ timeout: 30_000 });
  const allowed = page.locator('[data-allowed="true"]').first();
  const target = (await allowed.getAttribute("data-version"))!;
  await allowed.getByRole("radio").check();
  await page.getByRole("button", { name: `Upgrade to ${target}` }).click();
  await expectOperationSucceeds(page, 300_000);
  await page.goto(`/clusters/${clusterId}/upgrade`);
  await expect(page.getByTestId("current-version")).toHaveText(new RegExp(`^${target.replace(/\./g, "\\.")}`), { timeout: 30_000 });

  // agent pools: add, then scale
  await apiOperation(page, "POST", `/api/v1/clusters/${clusterId}/nodepools`, { name: "apps", instanceType: "Standard_D8s_v5", nodeCount: 2 });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as { nodePools: { name: string; nodeCount: number }[] }).nodePools.map((p) => `${p.name}:${p.nodeCount}`).sort().join(","), { timeout: 30_000 })
    .toBe("apps:2,system:2");
  await apiOperation(page, "PATCH", `/api/v1/clusters/${clusterId}/nodepools/apps`, { nodeCount: 4 });
  await page.goto(`/clusters/${clusterId}`);
  await expect(page.getByText("apps").first()).toBeVisible();
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as { nodePools: { name: string; nodeCount: number }[] }).nodePools.find((p) => p.name === "apps")?.nodeCount, { timeout: 30_000 })
    .toBe(4);

  // delete by typing the name
  await page.goto(`/clusters/${clusterId}/delete`);
  await page.getByLabel(/Type .* to confirm/).fill(name);
  await page.getByRole("button", { name: "Delete cluster" }).click();
  await expectOperationSucceeds(page, 300_000);
  expect((await page.request.get(`/api/v1/clusters/${clusterId}`)).status()).toBe(404);
});
