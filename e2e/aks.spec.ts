/**
 * Azure AKS end to end in Chromium against the demo's AKS simulator (ARM + Microsoft Entra ID over
 * https, the official Azure SDK on the server): the demo connection is listed, a cluster is created
 * through the wizard and reaches running, is upgraded, gets an agent pool that is then scaled, and is
 * deleted. Node pools are driven through the dashboard API from the page (same origin) until the
 * cluster page renders node-pool actions.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";

type Conn = { id: string; name: string; provider: string; demo: boolean };
type Operation = { id: string; state: string; error?: string | null };

async function aksConnection(page: Page): Promise<Conn> {
  const r = await page.request.post("/api/v1/connections/demo", { headers: { origin: baseURL() } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  const list = await page.request.get("/api/v1/connections");
  expect(list.status()).toBe(200);
  const conn = ((await list.json()) as { items: Conn[] }).items.find((c) => c.demo && c.provider === "aks");
  expect(conn, "a demo AKS connection").toBeTruthy();
  return conn!;
}

/** picks an option of a select once the provider's live options have loaded */
async function choose(page: Page, label: string | RegExp, match?: RegExp) {
  const select = page.getByRole("combobox", { name: label });
  await expect(select).toBeEnabled();
  await expect.poll(async () => (await select.locator("option").allTextContents()).filter((t) => t && !/^(Choose…|Loading…|\(none\))$/.test(t)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const options = await select.locator("option").evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? "" })));
  const pick = options.find((o) => o.value && (!match || match.test(o.text) || match.test(o.value)));
  expect(pick, `an option of ${String(label)} matching ${match}`).toBeTruthy();
  await select.selectOption(pick!.value);
}

const next = (page: Page) => page.getByRole("button", { name: "Next" }).click();

async function expectOperationSucceeds(page: Page, timeout = 150_000): Promise<string> {
  await expect(page).toHaveURL(/\/operations\/[\w-]+$/, { timeout: 30_000 });
  const id = page.url().split("/").pop()!;
  await expect(page.locator("[data-operation] [data-operation-state]").first()).toHaveAttribute("data-operation-state", /succeeded|failed|cancelled/, { timeout });
  await expect(page.locator("[data-operation] [data-operation-state]").first(), await page.locator("[data-operation]").innerText()).toHaveAttribute("data-operation-state", "succeeded");
  return id;
}

/** a node-pool change through the dashboard API, followed until its operation finished */
async function poolOperation(page: Page, method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Operation> {
  const r = await page.request.fetch(path, { method, headers: { origin: baseURL(), "content-type": "application/json" }, data: body === undefined ? undefined : JSON.stringify(body) });
  expect(r.status(), await r.text()).toBe(202);
  const { operation } = (await r.json()) as { operation: Operation };
  let last = operation;
  await expect
    .poll(async () => {
      last = (await (await page.request.get(`/api/v1/operations/${operation.id}`)).json()) as Operation;
      return last.state;
    }, { timeout: 120_000, intervals: [500] })
    .toMatch(/succeeded|failed|cancelled/);
  expect(last.state, JSON.stringify(last)).toBe("succeeded");
  return last;
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test("aks: demo connection, create → running, upgrade, add and scale an agent pool, delete", async ({ page }) => {
  test.setTimeout(480_000);
  const conn = await aksConnection(page);
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
  await poolOperation(page, "POST", `/api/v1/clusters/${clusterId}/nodepools`, { name: "apps", instanceType: "Standard_D8s_v5", nodeCount: 2 });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as { nodePools: { name: string; nodeCount: number }[] }).nodePools.map((p) => `${p.name}:${p.nodeCount}`).sort().join(","), { timeout: 30_000 })
    .toBe("apps:2,system:2");
  await poolOperation(page, "PATCH", `/api/v1/clusters/${clusterId}/nodepools/apps`, { nodeCount: 4 });
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
