/**
 * Issue 18 #8: the same provider account added twice. Adding the demo's NKS account again through the
 * form shows a warning naming the connection that already reaches it (also on both connection pages),
 * and the inventory's totals (overview, clusters list, versions) do not change.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEFAULT_TOKEN } from "../simulators/nks";
import { baseURL, signInAsOwner } from "./support/auth";

type Conn = { id: string; name: string; provider: string; baseUrl: string; demo: boolean; clusterCount: number; lastSuccessAt: string | null };

const NAME = "NKS, the same account again";

async function totals(page: Page) {
  const o = (await (await page.request.get("/api/v1/overview")).json()) as { totals: { clusters: number; byVersion: Record<string, number> } };
  const list = (await (await page.request.get("/api/v1/clusters?gone=0&pageSize=1")).json()) as { total: number };
  const versions = (await (await page.request.get("/api/v1/versions")).json()) as { items: { clusterCount: number }[] };
  return {
    overview: o.totals.clusters,
    chart: Object.values(o.totals.byVersion).reduce((a, b) => a + b, 0),
    list: list.total,
    versions: versions.items.reduce((n, v) => n + v.clusterCount, 0),
  };
}

test("the same account added twice: a warning, and every cluster still counted once", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsOwner(page);
  const origin = baseURL();
  const list = async () => ((await (await page.request.get("/api/v1/connections")).json()) as { items: Conn[] }).items;
  expect((await page.request.post("/api/v1/connections/demo", { headers: { origin } })).status()).toBeLessThan(300);
  // a re-run: remove what an earlier run left
  for (const c of (await list()).filter((c) => c.name === NAME)) await page.request.delete(`/api/v1/connections/${c.id}`, { headers: { origin } });
  const nks = (await list()).find((c) => c.provider === "nks" && c.demo)!;
  expect(nks, "the demo NKS connection").toBeTruthy();
  await expect.poll(async () => (await list()).find((c) => c.id === nks.id)?.clusterCount ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
  // the totals before, once the demo's first syncs are done (the same on two reads a sync interval apart)
  let before = await totals(page);
  await expect
    .poll(
      async () => {
        const prev = before;
        before = await totals(page);
        return JSON.stringify(prev) === JSON.stringify(before) && before.overview === before.list;
      },
      { timeout: 60_000, intervals: [6000] },
    )
    .toBe(true);
  expect(before.overview).toBeGreaterThan(0);

  // the same endpoint and token through the form
  await page.goto("/connections/new");
  await page.getByLabel(/NetApp/).check();
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("API base URL").fill(nks.baseUrl);
  await page.getByLabel("API token").fill(DEFAULT_TOKEN);
  await page.getByRole("button", { name: "Test and add connection" }).click();
  const warning = page.getByTestId("same-account-warning");
  await expect(warning).toContainText("reaches the same account");
  await expect(warning).toContainText(nks.name);
  await warning.getByRole("link", { name: "Open the connection" }).click();
  await expect(page.getByRole("heading", { name: NAME, level: 1 })).toBeVisible();
  await expect(page.getByTestId("same-account-warning").getByRole("link", { name: nks.name })).toBeVisible();
  const dup = (await list()).find((c) => c.name === NAME)!;
  // the first connection's page names the new one too
  await page.goto(`/connections/${nks.id}`);
  await expect(page.getByTestId("same-account-warning").getByRole("link", { name: NAME })).toBeVisible();

  try {
    // once the new connection has synced its (same) clusters, the totals are what they were
    await expect.poll(async () => (await list()).find((c) => c.id === dup.id)?.clusterCount ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    // every count equals the clusters of the other connections: the duplicate's copies add nothing
    // (polled: the demo's other connections keep syncing meanwhile)
    await expect
      .poll(
        async () => {
          const t = await totals(page);
          const others = (await list()).filter((c) => c.id !== dup.id).reduce((n, c) => n + c.clusterCount, 0);
          return { overview: t.overview, chart: t.chart, list: t.list, others };
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toEqual({ overview: before.overview, chart: before.overview, list: before.overview, others: before.overview });
    expect(await totals(page), "the totals are unchanged").toEqual(before);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  } finally {
    await page.request.delete(`/api/v1/connections/${dup.id}`, { headers: { origin } });
  }
});
