/**
 * What a first-time user hit (issue 18): sorting by clicking column headers, the overview's version
 * colours, "Clear filters" with an invalid version, the CloudFerro region shown once, the app's own
 * not-found page.
 */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import type { ClusterListResponse, VersionRow } from "../lib/inventory/api-types";
import { signInAsOwner } from "./support/auth";
import { ensureInventory, getJson } from "./support/inventory";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test("clusters: every sortable header sorts by click and by keyboard, server-side, showing its direction", async ({ page }) => {
  await ensureInventory(page);
  await page.goto("/clusters");
  const rows = page.locator("tbody tr[data-cluster]");
  await expect(rows.first()).toBeVisible();
  const keys = await page.locator("thead button[data-sort]").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-sort")!));
  expect(keys).toEqual(expect.arrayContaining(["name", "status", "provider", "version", "eol", "nodes"]));

  for (const key of keys) {
    const header = page.locator(`thead button[data-sort="${key}"]`);
    const th = header.locator("xpath=ancestor::th");
    for (let i = 0; i < 2; i++) {
      // a click sorts ascending, or descending when the column already sorts ascending
      const dir = (await th.getAttribute("aria-sort")) === "ascending" ? "desc" : "asc";
      await header.click();
      const sort = dir === "asc" ? key : `-${key}`;
      if (sort === "name") await expect(page).not.toHaveURL(/sort=/); // the default sort leaves the URL clean
      else await expect(page).toHaveURL(new RegExp(`[?&]sort=${sort.replace("-", "\\-")}(&|$)`));
      await expect(th).toHaveAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
      const api = await getJson<ClusterListResponse>(page.request, `/api/v1/clusters?sort=${encodeURIComponent(sort)}&pageSize=50`);
      await expect(rows.first()).toHaveAttribute("data-cluster", api.items[0].name);
      await expect(rows.nth(Math.min(api.items.length, 50) - 1)).toHaveAttribute("data-cluster", api.items[Math.min(api.items.length, 50) - 1].name);
    }
  }

  // keyboard: focus the Version header and press Enter (the first page is rendered on the server: the
  // header sorts once the page has hydrated, as the "/" shortcut below)
  await page.goto("/clusters");
  await expect(rows.first()).toBeVisible();
  await expect(async () => {
    await page.locator('thead button[data-sort="version"]').focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sort=version/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=-version/);
});

test("overview: the version chart's colours come from every cluster and match the Versions page", async ({ page }) => {
  await ensureInventory(page);
  const versions = (await getJson<{ items: VersionRow[] }>(page.request, "/api/v1/versions")).items;
  // what the Versions page shows per minor, over versions clusters run
  const expected = new Map<string, string>();
  for (const v of versions) {
    if (!v.clusterCount) continue;
    const minor = v.version.replace(/^v/, "").split(".").slice(0, 2).join(".");
    const tone = v.eolState === "past" ? "red" : v.eolState === "soon" ? "amber" : "brand";
    const had = expected.get(minor);
    if (had === "red" || (had === "amber" && tone === "brand")) continue;
    expected.set(minor, tone);
  }
  expect([...expected.values()].some((t) => t !== "brand"), "the demo has versions past or near end of life").toBe(true);
  await page.goto("/");
  const bars = page.getByTestId("version-chart").locator("[data-bar]");
  await expect(bars.first()).toBeVisible();
  for (const [minor, tone] of expected) {
    await expect(page.getByTestId("version-chart").locator(`[data-bar="${minor}"]`), `version ${minor}`).toHaveAttribute("data-tone", tone);
  }
});

test("clusters: Clear filters also clears an invalid version and its message", async ({ page }) => {
  await ensureInventory(page);
  await page.goto("/clusters?status=running");
  const version = page.locator("#f-version");
  await version.fill("not-a-version");
  await version.press("Enter");
  await expect(page.locator("#f-version-error")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).not.toHaveURL(/status=/);
  await expect(version).toHaveValue("");
  await expect(page.locator("#f-version-error")).toHaveCount(0);
});

test("a CloudFerro cluster page names its region once", async ({ page }) => {
  await ensureInventory(page);
  const cf = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=cloudferro&pageSize=1");
  const c = cf.items[0];
  await page.goto(`/clusters/${c.id}`);
  const details = page.getByTestId("cluster-fields");
  await expect(details).toBeVisible();
  await expect(details.locator("dt", { hasText: /^Region$/ })).toHaveCount(1);
  await expect(details.getByText(c.region!, { exact: true })).toHaveCount(1);
});

test("unknown addresses and unknown clusters show the app's own not-found page with a way back", async ({ page }) => {
  for (const url of ["/no-such-page", "/clusters/c0000000000000000000000000"]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the overview" })).toBeVisible();
  }
});

test('clusters: "/" focuses the search', async ({ page }) => {
  await ensureInventory(page);
  await page.goto("/clusters");
  await expect(page.locator("tbody tr[data-cluster]").first()).toBeVisible();
  // the first page is rendered on the server: the shortcut works once the page has hydrated
  const search = page.getByRole("searchbox", { name: "Search clusters" });
  await expect(async () => {
    await page.locator("body").press("/");
    await expect(search).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(search).toHaveValue("");
});

test("settings: the one-time API token and invitation link have copy buttons", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/settings");
  await page.getByLabel("Token name").fill(`copy-${testInfo.project.name}-${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  await page.getByLabel("Invite by email").fill(`copy-${testInfo.project.name}-${Date.now()}@clusterdeck.test`);
  await page.getByRole("button", { name: "Invite" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
});

test("cluster page: provider fields have human labels and formatted values; upgrade folds older versions away", async ({ page }) => {
  await ensureInventory(page);
  const cf = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=cloudferro&status=running&pageSize=1");
  const c = cf.items[0];
  await page.goto(`/clusters/${c.id}`);
  const raw = page.getByTestId("raw-fields");
  await expect(raw.locator("dt").first()).toBeVisible();
  for (const label of await raw.locator(":scope > dl > div > dt").allTextContents()) {
    expect(label, "no camelCase or snake_case keys").not.toMatch(/[a-z][A-Z]|_/);
  }
  await expect(raw.locator("pre")).toHaveCount(0);
  expect(await raw.innerText()).not.toMatch(/[{}]/);

  await page.goto(`/clusters/${c.id}/upgrade`);
  await expect(page.getByTestId("current-version")).toBeVisible({ timeout: 30_000 });
  const toggle = page.getByTestId("toggle-older");
  if (await toggle.count()) {
    const before = await page.locator("li[data-version]").count();
    await toggle.click();
    await expect(page.locator("li[data-version]")).not.toHaveCount(before);
    await expect(toggle).toHaveText("Hide older versions");
  }
});

test("connections: Sync now in the table and on the connection page", async ({ page }) => {
  const o = await ensureInventory(page);
  const conn = o.connections.find((c) => c.provider === "nks")!;
  await page.goto("/connections");
  await page.getByRole("button", { name: `Sync ${conn.name} now` }).click();
  await expect(page.locator(`tr[data-connection="${conn.name}"] [data-sync-result]`)).toHaveAttribute("data-sync-result", /done|error/);
  await expect(page.locator(`tr[data-connection="${conn.name}"] [data-sync-result]`)).toHaveText(/Synced|already/);
  await page.goto(`/connections/${conn.id}`);
  await page.getByRole("button", { name: `Sync ${conn.name} now` }).click();
  await expect(page.locator("[data-sync-result]")).toHaveText(/Synced|already/, { timeout: 30_000 });
});

test("cluster page: kubeconfig download where the provider offers one, a sentence where it does not", async ({ page }) => {
  await ensureInventory(page);
  const nks = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=nks&status=running&pageSize=1");
  const c = nks.items[0];
  await page.goto(`/clusters/${c.id}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("kubeconfig").getByRole("link", { name: `Download ${c.name}.kubeconfig` }).click()]);
  expect(download.suggestedFilename()).toBe(`${c.name}.kubeconfig`);
  const text = await readFile((await download.path())!, "utf8");
  expect(text).toMatch(/apiVersion|clusters:/);
  const res = await page.request.get(`/api/v1/clusters/${c.id}/kubeconfig`);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const audit = await getJson<{ items: { action: string; targetId: string | null }[] }>(page.request, "/api/v1/audit?action=cluster.kubeconfig");
  expect(audit.items.some((e) => e.action === "cluster.kubeconfig" && e.targetId === c.id)).toBe(true);

  const cw = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=coreweave&pageSize=1");
  await page.goto(`/clusters/${cw.items[0].id}`);
  await expect(page.getByTestId("kubeconfig")).toContainText("does not hand out kubeconfigs");
  expect((await page.request.get(`/api/v1/clusters/${cw.items[0].id}/kubeconfig`)).status()).toBe(409);
});

test("audit log: targets by name, readable details, filters by action and actor, CSV export", async ({ page }) => {
  await ensureInventory(page);
  await page.goto("/audit");
  const rows = page.locator("table[aria-label='Audit events'] tbody tr");
  await expect(rows.first()).toBeVisible();
  // connection targets read as their names, not ids
  const connTargets = page.locator("[data-audit-target=connection]");
  if (await connTargets.count()) expect(await connTargets.first().innerText()).not.toMatch(/\bc[0-9a-f]{24}\b/);
  expect(await page.locator("[data-audit-details]").allInnerTexts()).not.toContainEqual(expect.stringMatching(/^\{/));

  await page.locator("#f-action").selectOption("inventory.sync");
  await page.locator("#f-actor").fill("owner@");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=inventory\.sync/);
  for (const text of await rows.locator("td:nth-child(3)").allInnerTexts()) expect(text).toBe("inventory.sync");
  for (const text of await rows.locator("td:nth-child(2)").allInnerTexts()) expect(text).toContain("owner@");

  const total = (await getJson<{ total: number }>(page.request, "/api/v1/audit?action=inventory.sync&actor=owner%40")).total;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = (await readFile((await download.path())!, "utf8")).trim().split(/\r\n/);
  expect(csv[0]).toBe("time,actor,action,target type,target,target id,result,address,user agent,details");
  expect(csv.length - 1).toBeGreaterThanOrEqual(total);
  expect(csv.slice(1).every((l) => l.includes(",inventory.sync,"))).toBe(true);
});

test("settings links the OpenAPI document, which lists the API's routes", async ({ page }) => {
  await page.goto("/settings");
  await page.getByTestId("openapi-link").click();
  await expect(page).toHaveURL(/\/api\/v1\/openapi\.json$/);
  const doc = JSON.parse(await page.locator("body").innerText()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toBe("3.1.0");
  for (const p of ["/api/v1/clusters", "/api/v1/clusters/{id}/upgrade", "/api/v1/connections/{id}/options/{source}", "/api/v1/operations"]) expect(doc.paths[p], p).toBeDefined();
});
