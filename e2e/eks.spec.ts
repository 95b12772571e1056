/**
 * Amazon EKS end to end in Chromium against the EKS simulator (official AWS SDK on the server, SigV4
 * verified by the simulator): the demo connection is there, a cluster is created through the wizard
 * (live IAM roles and subnets), a node group is added and scaled on the cluster page, the control
 * plane is upgraded one minor, the lagging node group follows, and the cluster is deleted (node
 * groups first, as EKS requires) — each a tracked operation.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./support/auth";
import { chooseNth, demoConnection, expectOperationSucceeds } from "./support/wizard";
import { openAddNodePool, scaleNodePool, submitAddNodePool, upgradeNodePool } from "./support/node-pools";

test("eks: demo connection, create through the wizard, node group add/scale, upgrade, node group upgrade, delete", async ({ page }) => {
  test.setTimeout(600_000);
  await signInAsOwner(page);
  const conn = await demoConnection(page, "eks");
  await page.goto("/connections");
  await expect(page.getByRole("link", { name: conn.name })).toBeVisible();

  // create
  const name = `e2e-eks-${randomBytes(2).toString("hex")}`;
  await page.goto("/clusters/new");
  const over = page.getByRole("button", { name: "Start over" });
  if (await over.isVisible().catch(() => false)) await over.click();
  await page.getByLabel("Connection").selectOption(conn.id);
  await expect.poll(async () => page.locator("#f-scope").inputValue(), { timeout: 20_000 }).not.toBe("");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Cluster name").fill(name);
  // the second-newest supported version, so that a newer one exists to upgrade to
  const version = await chooseNth(page, "#f-version", 1);
  await chooseNth(page, "#f-roleArn", 0);
  await page.getByRole("button", { name: "Next" }).click();
  await chooseNth(page, "#f-subnetIds-0-value", 0);
  await chooseNth(page, "#f-subnetIds-1-value", 1);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  await page.getByRole("button", { name: "Create cluster" }).click();
  const createId = await expectOperationSucceeds(page, 240_000);
  const op = (await (await page.request.get(`/api/v1/operations/${createId}`)).json()) as { clusterId: string };
  const clusterId = op.clusterId;

  // node group: add through its own fields, then scale
  await page.goto(`/clusters/${clusterId}`);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await openAddNodePool(page);
  await page.locator("#f-name").fill("workers");
  await chooseNth(page, "#f-nodeRole", 0);
  await submitAddNodePool(page, "workers");
  await scaleNodePool(page, "workers", 4);

  // control plane one minor up: the upgrade wizard names extended support / refused skips
  await page.goto(`/clusters/${clusterId}/upgrade`);
  const allowed = page.locator('[data-allowed="true"]').first();
  await expect(allowed).toBeVisible({ timeout: 30_000 });
  const target = (await allowed.getAttribute("data-version"))!;
  expect(Number(target.split(".")[1])).toBe(Number(version.split(".")[1]) + 1);
  await allowed.getByRole("radio").check();
  await page.getByRole("button", { name: `Upgrade to ${target}` }).click();
  await expectOperationSucceeds(page, 240_000);

  // the node group now lags: it upgrades separately on the cluster page
  await page.goto(`/clusters/${clusterId}`);
  await expect(page.getByTestId("node-pools").locator('tr[data-pool="workers"]')).toHaveAttribute("data-lagging", "true", { timeout: 30_000 });
  await upgradeNodePool(page, "workers", target);

  // delete: node groups first, then the cluster (one tracked operation)
  await page.goto(`/clusters/${clusterId}/delete`);
  await page.getByLabel(/Type .* to confirm/).fill(name);
  await page.getByRole("button", { name: "Delete cluster" }).click();
  const delId = await expectOperationSucceeds(page, 300_000);
  const del = (await (await page.request.get(`/api/v1/operations/${delId}`)).json()) as { timeline: { message: string }[] };
  expect(del.timeline.map((e) => e.message).join("\n")).toMatch(/node groups first[\s\S]*EKS accepted the cluster delete/);
  expect((await page.request.get(`/api/v1/clusters/${clusterId}`)).status()).toBe(404);
});
