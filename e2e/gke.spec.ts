/**
 * Google GKE end to end against the demo's GKE simulator (SIM_TIME_SCALE 120), through Google's own
 * client library on the server: the demo connection is listed, a cluster is created through the
 * wizard and reaches RUNNING, is upgraded to a version its release channel offers, gets a second node
 * pool which is scaled, then is deleted by typing its name. Node pools go through the dashboard API
 * from the page (same origin, the session cookie), as the node-pool UI is not on the cluster page yet.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";

type Conn = { id: string; name: string; provider: string; demo: boolean; defaultScope: string | null };
type Pool = { externalId: string; name: string; nodeCount: number; instanceType?: string | null };

async function gkeConnection(page: Page): Promise<Conn> {
  const r = await page.request.post("/api/v1/connections/demo", { headers: { origin: baseURL() } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  // the embedded database may fail a query while the first syncs start: ask again until it answers
  let items: Conn[] = [];
  await expect
    .poll(async () => {
      const res = await page.request.get("/api/v1/connections");
      if (!res.ok()) return 0;
      items = ((await res.json()) as { items: Conn[] }).items;
      return items.filter((c) => c.demo && c.provider === "gke").length;
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  return items.find((c) => c.demo && c.provider === "gke")!;
}

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

/** an API call from the page itself (same origin, session cookie): what the browser UI does */
async function pageApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, json: await r.json().catch(() => null) };
    },
    { method, path, body },
  ) as Promise<{ status: number; json: T }>;
}

async function waitForOperation(page: Page, id: string) {
  await expect
    .poll(async () => (await pageApi<{ state: string }>(page, "GET", `/api/v1/operations/${id}`)).json.state, { timeout: 150_000, intervals: [1000] })
    .toMatch(/succeeded|failed|cancelled/);
  const op = (await pageApi<{ state: string; error?: string | null }>(page, "GET", `/api/v1/operations/${id}`)).json;
  expect(op.state, op.error ?? "").toBe("succeeded");
}

test.describe("Google GKE", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsOwner(page);
  });

  test("demo connection → create through the wizard → upgrade → node pool added and scaled → delete", async ({ page }) => {
    test.setTimeout(480_000);
    const conn = await gkeConnection(page);
    expect(conn.defaultScope).toBe("us-central1");

    // the connection is listed and its seeded clusters arrive in the inventory
    await page.goto("/connections");
    await expect(page.getByRole("link", { name: conn.name })).toBeVisible();
    await expect.poll(async () => ((await (await page.request.get(`/api/v1/clusters?provider=gke&pageSize=100`)).json()) as { total: number }).total, { timeout: 60_000 }).toBeGreaterThan(5);

    // create through the wizard: location from the scope, Regular channel, its default version, one pool
    const name = `e2e-gke-${randomBytes(2).toString("hex")}`;
    await page.goto("/clusters/new");
    const over = page.getByRole("button", { name: "Start over" });
    if (await over.isVisible().catch(() => false)) await over.click();
    await page.getByLabel("Connection").selectOption(conn.id);
    await expect.poll(async () => page.locator("#f-scope").inputValue(), { timeout: 20_000 }).toBe("us-central1");
    await next(page);
    await page.getByLabel("Cluster name").fill(name);
    await choose(page, "Release channel", /^Regular/);
    await choose(page, "Kubernetes version", /default/);
    await next(page);
    await page.getByRole("button", { name: "Add node pool" }).click();
    await page.locator("#f-nodePools-0-name").fill("default-pool");
    await choose(page, /^Machine type/, /e2-standard-4/);
    await page.locator("#f-nodePools-0-nodeCount").fill("1");
    await next(page);
    await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
    const body = JSON.parse((await page.getByTestId("review-body").textContent()) ?? "{}");
    expect(body).toMatchObject({ connectionId: conn.id, name, location: "us-central1", releaseChannel: "REGULAR" });
    await page.getByRole("button", { name: "Create cluster" }).click();
    const createId = await expectOperationSucceeds(page);
    await expect(page.locator("[data-timeline-state=succeeded]")).toContainText(`${name} is running`);
    const { clusterId } = (await (await page.request.get(`/api/v1/operations/${createId}`)).json()) as { clusterId: string };
    let cluster = (await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as { status: string; version: string; nodeCount: number; nodePools: Pool[] };
    expect(cluster.status).toBe("running");
    expect(cluster.nodeCount).toBe(3); // one node in each of the region's three zones

    // upgrade: the wizard explains refused versions and allows the channel's newer one
    await page.goto(`/clusters/${clusterId}/upgrade`);
    const allowed = page.locator('[data-allowed="true"]').first();
    await expect(allowed).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-allowed="false"]').filter({ hasText: /one minor version at a time|release channel does not offer|downgraded/ }).first()).toBeVisible();
    const target = (await allowed.getAttribute("data-version"))!;
    await allowed.getByRole("radio").check();
    await page.getByRole("button", { name: `Upgrade to ${target}` }).click();
    await expectOperationSucceeds(page, 300_000);
    await page.goto(`/clusters/${clusterId}/upgrade`);
    await expect(page.getByTestId("current-version")).toHaveText(new RegExp(`^${target.replace(/\./g, "\\.")}`), { timeout: 30_000 });

    // a second node pool, then scaled (sizes are per zone: 3 zones → steps of 3)
    await page.goto(`/clusters/${clusterId}`);
    const created = await pageApi<{ operation: { id: string } }>(page, "POST", `/api/v1/clusters/${clusterId}/nodepools`, { name: "batch", machineType: "n2-standard-4", nodeCount: 1 });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    await waitForOperation(page, created.json.operation.id);
    cluster = (await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as typeof cluster;
    const batch = cluster.nodePools.find((p) => p.name === "batch")!;
    expect(batch).toMatchObject({ nodeCount: 3, instanceType: "n2-standard-4" });
    const scaled = await pageApi<{ operation: { id: string } }>(page, "PATCH", `/api/v1/clusters/${clusterId}/nodepools/${encodeURIComponent(batch.externalId)}`, { nodeCount: 6 });
    expect(scaled.status, JSON.stringify(scaled.json)).toBe(202);
    await waitForOperation(page, scaled.json.operation.id);
    cluster = (await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as typeof cluster;
    expect(cluster.nodePools.find((p) => p.name === "batch")?.nodeCount).toBe(6);
    expect(cluster.nodeCount).toBe(9);
    await page.reload();
    await expect(page.getByTestId("node-pools")).toContainText("batch");

    // delete: the name must be typed exactly
    await page.goto(`/clusters/${clusterId}/delete`);
    await page.getByLabel(/Type .* to confirm/).fill(name);
    await page.getByRole("button", { name: "Delete cluster" }).click();
    await expectOperationSucceeds(page, 300_000);
    expect((await page.request.get(`/api/v1/clusters/${clusterId}`)).status()).toBe(404);
  });
});
