/**
 * Node-pool actions on the cluster page (issue 18 item 11), generic for every provider that declares
 * node-pool support; CloudFerro's demo here: add a pool through its provider-specific fields (the
 * same zod schema as the create wizard; a bad value is refused next to the field), scale it, remove
 * it after confirming — each a tracked operation the page follows. Providers without node-pool APIs
 * show no actions.
 */
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";
import { openAddNodePool, removeNodePool, scaleNodePool, submitAddNodePool } from "./support/node-pools";

type Row = { id: string; name: string; provider: string; status: string; runningOperation: unknown; goneAt: string | null };

async function runningCluster(page: Page, provider: string): Promise<Row> {
  const r = await page.request.post("/api/v1/connections/demo", { headers: { origin: baseURL() } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  let found: Row | undefined;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/v1/clusters?provider=${provider}&status=running&pageSize=100`);
        if (!res.ok()) return false;
        found = ((await res.json()) as { items: Row[] }).items.find((c) => !c.runningOperation && !c.goneAt);
        return !!found;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return found!;
}

test.describe("node pools on the cluster page", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsOwner(page);
  });

  test("cloudferro: add a pool (validated like the wizard), scale it, remove it after confirming", async ({ page }) => {
    test.setTimeout(420_000);
    const c = await runningCluster(page, "cloudferro");
    await page.goto(`/clusters/${c.id}`);
    await expect(page.getByRole("heading", { name: c.name, level: 1 })).toBeVisible();
    const pool = `np-${Date.now().toString(36).slice(-5)}`;

    await openAddNodePool(page);
    // the wizard's own rules: a missing machine spec is named next to its field, nothing starts
    await page.locator("#f-name").fill(pool);
    await page.getByTestId("node-pools").locator("form").getByRole("button", { name: "Add node pool" }).click();
    await expect(page.locator('[data-field="machineSpec"] .field-error')).toBeVisible();
    await expect(page.getByTestId("node-pool-started")).toHaveCount(0);
    const spec = page.getByRole("combobox", { name: /Machine spec/ });
    await expect.poll(async () => spec.locator("option").count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await spec.selectOption({ index: 1 });
    await page.locator("#f-size").fill("1");
    await submitAddNodePool(page, pool);

    await scaleNodePool(page, pool, 2);
    await removeNodePool(page, pool);
  });

  test("providers without node-pool APIs show no node-pool actions", async ({ page }) => {
    const c = await runningCluster(page, "rafay");
    await page.goto(`/clusters/${c.id}`);
    await expect(page.getByRole("heading", { name: c.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("node-pool-actions")).toHaveCount(0);
  });
});
