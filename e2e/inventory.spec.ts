/**
 * Inventory pages end to end against the demo simulators (SIM_TIME_SCALE 120, SYNC_INTERVAL_SECONDS 5):
 * the overview totals every provider, the clusters table filters through the URL, searches with a
 * quoted phrase and an exclusion, paginates and exports CSV, a cluster page shows node pools and
 * upgrade targets, versions and scopes render — and with one simulator failing, every page still
 * shows the other providers and marks the broken one.
 */
import { readFile } from "node:fs/promises";
import { devices, expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";
import { ensureInventory, getJson, simPort } from "./support/inventory";
import type { ClusterDetail, ClusterListResponse, OverviewResponse, ScopeRow, VersionRow } from "../lib/inventory/api-types";

test.describe.configure({ mode: "serial" });

const COREWEAVE = 3;

const providerNames = (o: OverviewResponse) => Object.fromEntries(o.connections.map((c) => [c.provider, c.providerName]));

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test("overview: totals from all four providers, version spread, connections", async ({ page }) => {
  const o = await ensureInventory(page);
  const names = providerNames(o);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByTestId("total-clusters")).toHaveText(/^[1-9][\d,]*$/);
  const byProvider = page.getByTestId("by-provider");
  for (const kind of ["nks", "cloudferro", "coreweave", "rafay"]) {
    await expect(byProvider.locator(`[data-bar="${kind}"]`)).toContainText(names[kind]);
  }
  await expect(page.getByTestId("version-chart").locator("[data-bar]").first()).toBeVisible();
  await expect(page.getByTestId("connections-health").locator("[data-connection]")).toHaveCount(o.connections.length);
  await expect(page.getByTestId("eol-clusters")).toBeVisible();
  await expect(page.getByTestId("running-operations")).toBeVisible();
});

test("clusters: provider filter in the URL, quoted phrase and minus search, pagination, CSV", async ({ page }) => {
  const o = await ensureInventory(page);
  const names = providerNames(o);

  // a provider filter straight from the URL (shareable)
  const rafay = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=rafay&pageSize=500");
  await page.goto("/clusters?provider=rafay");
  await expect(page.getByRole("button", { name: names.rafay })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("cluster-count")).toContainText(`of ${rafay.total} cluster`);
  const rows = page.locator("tbody tr[data-cluster]");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain(names.rafay);

  // toggling another provider chip updates the URL
  await page.getByRole("button", { name: names.nks }).click();
  await expect(page).toHaveURL(/provider=rafay(%2C|,)nks/);

  // a quoted phrase: exactly one cluster's full name
  await page.goto("/clusters");
  const target = rafay.items[0];
  const search = page.getByRole("searchbox", { name: "Search clusters" });
  await search.fill(`"${target.name}"`);
  await expect(page).toHaveURL(/q=%22/);
  await expect(page.locator(`tbody tr[data-cluster="${target.name}"]`)).toBeVisible();
  const phrase = await getJson<ClusterListResponse>(page.request, `/api/v1/clusters?q=${encodeURIComponent(`"${target.name}"`)}`);
  await expect(rows).toHaveCount(phrase.items.length);

  // a leading minus excludes: no visible row's name contains the excluded word
  const word = target.name.split("-")[1];
  const prefix = target.name.split("-")[0];
  await search.fill(`${prefix} -${word}`);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  const excluded = await getJson<ClusterListResponse>(page.request, `/api/v1/clusters?q=${encodeURIComponent(`${prefix} -${word}`)}`);
  await expect(page.getByTestId("cluster-count")).toContainText(excluded.total === 0 ? "No clusters" : `of ${excluded.total} cluster`);
  for (const name of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-cluster") ?? ""))) expect(name).not.toContain(word);
  await expect(page.locator("#cluster-search-hint")).toContainText('"quotes"'); // the search hint

  // pagination (server side): 25 a page, page 2 shows the next 25
  const all = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?pageSize=25&page=2");
  expect(all.total).toBeGreaterThan(25);
  await page.goto("/clusters?pageSize=25");
  await expect(rows).toHaveCount(25);
  const first = await rows.first().getAttribute("data-cluster");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("cluster-count")).toContainText(`26–${Math.min(50, all.total)} of ${all.total}`);
  await expect(rows.first()).not.toHaveAttribute("data-cluster", first!);

  // CSV export of the filtered set (every page)
  await page.goto("/clusters?provider=nks");
  const nks = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?provider=nks");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^name,provider,/);
  expect(lines.length - 1).toBe(nks.total);
  expect(lines.slice(1).every((l) => l.includes(",nks,"))).toBe(true);
});

test("clusters on a phone: a first page of 25, and every address the view writes names its page size", async ({ browser, page }) => {
  await ensureInventory(page);
  const all = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?pageSize=25");
  expect(all.total).toBeGreaterThan(25);
  const rows = (p: Page) => p.locator("tbody tr[data-cluster]");
  const count = (p: Page) => p.getByTestId("cluster-count");

  // a desktop browser: 50 a page, the address as typed
  await page.goto("/clusters");
  await expect(rows(page)).toHaveCount(Math.min(50, all.total));
  await expect(page).toHaveURL(/\/clusters$/);

  // a phone (a mobile User-Agent; Chromium also sends Sec-CH-UA-Mobile: ?1): 25 when the address names no size
  const phone = await browser.newContext({ ...devices["Pixel 7"], baseURL: baseURL() });
  try {
    const p = await phone.newPage();
    await signInAsOwner(p);
    await p.goto("/clusters");
    await expect(rows(p)).toHaveCount(25);
    await expect(p.getByLabel("Rows per page")).toHaveValue("25");
    await expect(count(p)).toContainText(`1–25 of ${all.total.toLocaleString("en")}`);
    await p.getByRole("button", { name: "Next" }).click();
    await expect(p).toHaveURL(/page=2/);
    await expect(p).toHaveURL(/pageSize=25/);
    await expect(count(p)).toContainText(`26–${Math.min(50, all.total)} of ${all.total.toLocaleString("en")}`);
    // the phone's address opens the same page on a desktop
    const shared = new URL(p.url());
    await page.goto(`${shared.pathname}${shared.search}`);
    await expect(count(page)).toContainText(`26–${Math.min(50, all.total)} of ${all.total.toLocaleString("en")}`);
    // 50 chosen on the phone stays 50 (in the address, not lost to the phone's default), also after a reload
    await p.getByLabel("Rows per page").selectOption("50");
    await expect(p).toHaveURL(/pageSize=50/);
    await expect(rows(p)).toHaveCount(Math.min(50, all.total));
    await p.reload();
    await expect(p.getByLabel("Rows per page")).toHaveValue("50");
    await expect(rows(p)).toHaveCount(Math.min(50, all.total));
  } finally {
    await phone.close();
  }
});

test("cluster page: node pools, upgrade targets and actions", async ({ page }) => {
  await ensureInventory(page);
  const list = await getJson<ClusterListResponse>(page.request, "/api/v1/clusters?status=running&pageSize=100");
  let detail: ClusterDetail | undefined;
  for (const c of list.items) {
    const d = await getJson<ClusterDetail>(page.request, `/api/v1/clusters/${c.id}`);
    if (d.nodePools.length > 0 && d.upgradeOptions.some((u) => u.allowed && !u.current) && !d.runningOperation && !d.goneAt) {
      detail = d;
      break;
    }
  }
  expect(detail, "a running cluster with node pools and an upgrade target").toBeDefined();
  const d = detail!;
  await page.goto(`/clusters/${d.id}`);
  await expect(page.getByRole("heading", { name: d.name, level: 1 })).toBeVisible();
  const pools = page.getByTestId("node-pools");
  for (const p of d.nodePools) await expect(pools.locator(`tr[data-pool="${p.name}"]`)).toBeVisible();
  const targets = page.getByTestId("upgrade-options");
  const allowed = d.upgradeOptions.find((u) => u.allowed && !u.current)!;
  await expect(targets.getByRole("link", { name: `Upgrade to ${allowed.version}` })).toHaveAttribute("href", `/clusters/${d.id}/upgrade?version=${encodeURIComponent(allowed.version)}`);
  const refused = d.upgradeOptions.find((u) => !u.allowed && !u.current && u.reason);
  if (refused) await expect(targets.locator(`[data-version="${refused.version}"]`)).toContainText(refused.reason!);
  // the owner sees both actions
  const actions = page.getByTestId("cluster-actions");
  await expect(actions.getByRole("link", { name: "Upgrade" })).toHaveAttribute("href", `/clusters/${d.id}/upgrade`);
  if (!d.protected) await expect(actions.getByRole("link", { name: "Delete" })).toHaveAttribute("href", `/clusters/${d.id}/delete`);
  await expect(page.getByTestId("cluster-fields")).toContainText(d.externalId);
  await expect(page.getByTestId("raw-fields")).toBeVisible();
  // a cluster from the list opens from its row
  await page.goto(`/clusters?q=${encodeURIComponent(`"${d.name}"`)}`);
  await page.getByRole("link", { name: d.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${d.id}$`));
});

test("versions and scopes pages render every provider and connection", async ({ page }) => {
  await ensureInventory(page);
  const versions = await getJson<{ items: VersionRow[] }>(page.request, "/api/v1/versions");
  await page.goto("/versions");
  await expect(page.getByRole("heading", { name: "Versions", level: 1 })).toBeVisible();
  for (const kind of new Set(versions.items.map((v) => v.provider))) {
    const section = page.locator(`section[data-provider="${kind}"]`);
    await expect(section).toBeVisible();
    const sample = versions.items.find((v) => v.provider === kind)!;
    await expect(section.locator(`tr[data-version="${sample.version}"]`)).toBeVisible();
  }
  const past = versions.items.find((v) => v.eolState === "past");
  if (past) await expect(page.locator(`section[data-provider="${past.provider}"] tr[data-version="${past.version}"]`)).toHaveAttribute("data-eol", "past");

  const scopes = await getJson<{ items: ScopeRow[]; connections: { name: string }[] }>(page.request, "/api/v1/scopes");
  await page.goto("/scopes");
  await expect(page.getByRole("heading", { name: "Scopes", level: 1 })).toBeVisible();
  for (const c of scopes.connections) await expect(page.locator(`section[data-connection="${c.name}"]`)).toBeVisible();
  const withClusters = scopes.items.find((s) => s.clusterCount > 0)!;
  await expect(page.locator(`section[data-connection="${withClusters.connectionName}"] tr[data-scope="${withClusters.name}"]`)).toContainText(String(withClusters.clusterCount));
});

test("a failing provider is marked while the others still render", async ({ page }) => {
  test.setTimeout(240_000);
  const o = await ensureInventory(page);
  const names = providerNames(o);
  const origin = baseURL();
  const broken = o.connections.filter((c) => c.provider === "coreweave");
  expect(broken.length).toBeGreaterThan(0);
  const faults = `http://127.0.0.1:${simPort(COREWEAVE)}/__sim/faults`;
  expect((await page.request.put(faults, { data: { errorRates: { "503": 1 } } })).status()).toBeLessThan(300);
  try {
    // sync it now (the answer may report the failure) and wait until the inventory marks it
    for (const c of broken) await page.request.post(`/api/v1/connections/${c.id}/sync`, { headers: { origin }, timeout: 60_000 }).catch(() => undefined);
    let failing: OverviewResponse["connections"] = [];
    await expect
      .poll(
        async () => {
          failing = (await getJson<OverviewResponse>(page.request, "/api/v1/overview")).connections.filter((c) => c.provider === "coreweave");
          return failing.every((c) => c.state === "failing");
        },
        { timeout: 120_000, intervals: [1000] },
      )
      .toBe(true);

    await page.goto("/");
    const warnings = page.getByTestId("connection-warnings");
    for (const c of failing) {
      const item = warnings.locator(`[data-connection="${c.name}"]`);
      await expect(item).toHaveAttribute("data-state", "failing");
      // the provider's own error is shown with it
      if (c.error) await expect(item).toContainText(c.error);
    }
    for (const kind of ["nks", "cloudferro", "rafay"]) await expect(page.getByTestId("by-provider").locator(`[data-bar="${kind}"]`)).toContainText(names[kind]);

    await page.goto("/clusters");
    await expect(page.getByTestId("connection-warnings").locator(`[data-connection="${broken[0].name}"]`)).toBeVisible();
    await expect(page.locator("tbody tr[data-cluster]").first()).toBeVisible();
    await page.goto("/clusters?provider=nks");
    await expect(page.locator(`[data-testid="connection-warnings"] [data-connection="${broken[0].name}"]`)).toHaveCount(0);
    await expect(page.locator("tbody tr[data-cluster]").first()).toContainText(names.nks);

    await page.goto("/scopes");
    await expect(page.locator(`section[data-connection="${broken[0].name}"]`)).toContainText("Failing");
    await page.goto("/versions");
    await expect(page.locator('section[data-provider="nks"]')).toBeVisible();
  } finally {
    await page.request.put(faults, { data: {} });
    for (const c of broken) await page.request.post(`/api/v1/connections/${c.id}/sync`, { headers: { origin }, timeout: 60_000 }).catch(() => undefined);
  }
});

test("clusters: the Columns menu (loaded on first use) hides a column, remembers it, and shows it again", async ({ page }) => {
  await ensureInventory(page);
  await page.goto("/clusters");
  const table = page.getByTestId("clusters-table");
  await expect(table.getByRole("columnheader", { name: /Region/ })).toBeVisible();
  // keyboard first: the plain trigger opens the menu once its code has loaded
  await page.getByRole("button", { name: "Columns" }).focus();
  await page.keyboard.press("Enter");
  const region = page.getByRole("menuitemcheckbox", { name: /Region/ });
  await expect(region).toBeVisible();
  await expect(region).toHaveAttribute("aria-checked", "true");
  await region.click();
  await expect(region).toHaveAttribute("aria-checked", "false");
  // (an open menu hides the rest of the page from the accessibility tree: look at the table after closing it)
  await page.keyboard.press("Escape");
  await expect(region).toBeHidden();
  await expect(table.getByRole("columnheader", { name: /Version/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Region/ })).toHaveCount(0);
  // the choice is a saved preference: the server renders the page without the column (it read the
  // preference under a client reference instead of its key before, and always showed the defaults)
  await expect
    .poll(async () => {
      const saved = ((await (await page.request.get("/api/v1/me/preferences")).json()) as { preferences: Record<string, unknown> }).preferences["clusters.columns"];
      return Array.isArray(saved) && saved.includes("name") && !saved.includes("region");
    })
    .toBe(true);
  await page.reload();
  await expect(table.getByRole("columnheader", { name: /Version/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Region/ })).toHaveCount(0);
  // and back (mouse this time)
  await page.getByRole("button", { name: "Columns" }).click();
  await page.getByRole("menuitemcheckbox", { name: /Region/ }).click();
  await expect(page.getByRole("menuitemcheckbox", { name: /Region/ })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: /Region/ })).toBeVisible();
});
