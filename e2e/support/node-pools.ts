/**
 * Node-pool actions on the cluster page (components/operations/node-pool-actions.tsx), for every
 * provider that declares node-pool support. Each action starts a tracked operation; the page shows a
 * link to it ("node-pool-started") and follows it. Provider specs (e2e/<kind>.spec.ts) fill the
 * provider-specific add-pool fields themselves and call these.
 *
 *   await openAddNodePool(page); await page.locator("#f-name").fill("extra"); ...
 *   await submitAddNodePool(page, "extra");
 *   await scaleNodePool(page, "extra", 2);
 *   await upgradeNodePool(page, "extra", "1.31");   // providers with nodePools.upgrade
 *   await removeNodePool(page, "extra");
 */
import { expect, type Page } from "@playwright/test";
import { awaitOperation } from "./wizard";

/** the operation the page just started (its link in the "Started" notice), awaited through the API until it finished */
export async function expectStartedOperationSucceeds(page: Page, timeout = 240_000): Promise<string> {
  const link = page.getByTestId("node-pool-started").getByRole("link");
  await expect(link).toBeVisible({ timeout: 30_000 });
  const id = (await link.getAttribute("href"))!.split("/").pop()!;
  await awaitOperation(page, id, timeout);
  return id;
}

const poolsCard = (page: Page) => page.getByTestId("node-pools");
const actionsOf = (page: Page, pool: string) => page.getByTestId("node-pool-actions").locator(`li[data-node-pool="${pool}"]`);

/** opens the add-node-pool form (fields have ids f-<name>) */
export async function openAddNodePool(page: Page) {
  await poolsCard(page).getByRole("button", { name: "Add node pool" }).click();
  await expect(page.getByRole("heading", { name: "New node pool" })).toBeVisible();
}

export async function submitAddNodePool(page: Page, pool: string) {
  await poolsCard(page).locator("form").getByRole("button", { name: "Add node pool" }).click();
  await expectStartedOperationSucceeds(page);
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"]`)).toBeVisible({ timeout: 30_000 });
}

export async function scaleNodePool(page: Page, pool: string, nodes: number) {
  const row = actionsOf(page, pool);
  await row.getByLabel(`Nodes in ${pool}`).fill(String(nodes));
  await row.getByRole("button", { name: "Scale" }).click();
  await expectStartedOperationSucceeds(page);
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"] td`).nth(2)).toHaveText(String(nodes), { timeout: 30_000 });
}

export async function upgradeNodePool(page: Page, pool: string, version: string) {
  await actionsOf(page, pool).getByRole("button", { name: `Upgrade to ${version}` }).click();
  await expectStartedOperationSucceeds(page);
  await expect(actionsOf(page, pool).getByRole("button", { name: /^Upgrade to/ })).toHaveCount(0, { timeout: 30_000 });
}

/** asks, is refused nothing, confirms: the pool disappears */
export async function removeNodePool(page: Page, pool: string) {
  const row = actionsOf(page, pool);
  await row.getByRole("button", { name: `Remove ${pool}` }).click();
  const confirm = row.getByRole("group", { name: `Confirm removing ${pool}` });
  await expect(confirm).toBeVisible();
  // "Keep it" backs out without starting anything
  await confirm.getByRole("button", { name: "Keep it" }).click();
  await expect(confirm).toHaveCount(0);
  await row.getByRole("button", { name: `Remove ${pool}` }).click();
  await row.getByRole("button", { name: "Remove node pool" }).click();
  await expectStartedOperationSucceeds(page);
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"]`)).toHaveCount(0, { timeout: 30_000 });
}
