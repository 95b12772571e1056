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

/**
 * Clicks what starts a node-pool operation, takes the operation from the dashboard's 202 answer (not
 * from the page's "Started" notice, which may still show the previous action's operation), expects the
 * notice to link to it, and awaits it through the API until it finished successfully.
 */
export async function startAndFollow(page: Page, method: "POST" | "PATCH" | "DELETE", click: () => Promise<void>, timeout = 240_000): Promise<string> {
  const answer = page.waitForResponse((r) => /^\/api\/v1\/clusters\/[^/]+\/nodepools/.test(new URL(r.url()).pathname) && r.request().method() === method, { timeout: 30_000 });
  await click();
  const r = await answer;
  expect(r.status(), await r.text()).toBe(202);
  const { operation } = (await r.json()) as { operation: { id: string } };
  await expect(page.getByTestId("node-pool-started").getByRole("link")).toHaveAttribute("href", `/operations/${operation.id}`, { timeout: 30_000 });
  await awaitOperation(page, operation.id, timeout);
  return operation.id;
}

const poolsCard = (page: Page) => page.getByTestId("node-pools");
const actionsOf = (page: Page, pool: string) => page.getByTestId("node-pool-actions").locator(`li[data-node-pool="${pool}"]`);

/** opens the add-node-pool form (fields have ids f-<name>) */
export async function openAddNodePool(page: Page) {
  await poolsCard(page).getByRole("button", { name: "Add node pool" }).click();
  await expect(page.getByRole("heading", { name: "New node pool" })).toBeVisible();
}

export async function submitAddNodePool(page: Page, pool: string) {
  await startAndFollow(page, "POST", () => poolsCard(page).locator("form").getByRole("button", { name: "Add node pool" }).click());
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"]`)).toBeVisible({ timeout: 30_000 });
}

export async function scaleNodePool(page: Page, pool: string, nodes: number) {
  const row = actionsOf(page, pool);
  await row.getByLabel(`Nodes in ${pool}`).fill(String(nodes));
  await startAndFollow(page, "PATCH", () => row.getByRole("button", { name: "Scale" }).click());
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"] td`).nth(2)).toHaveText(String(nodes), { timeout: 30_000 });
}

export async function upgradeNodePool(page: Page, pool: string, version: string) {
  await startAndFollow(page, "POST", () => actionsOf(page, pool).getByRole("button", { name: `Upgrade to ${version}` }).click());
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
  await startAndFollow(page, "DELETE", () => row.getByRole("button", { name: "Remove node pool" }).click());
  await expect(poolsCard(page).locator(`tr[data-pool="${pool}"]`)).toHaveCount(0, { timeout: 30_000 });
}
