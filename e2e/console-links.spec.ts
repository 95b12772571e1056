/**
 * Issue 18 #16: a cluster page links to the provider's own console where the provider has one — only
 * for its real endpoints (the demo's simulators get no link), in a new tab, without an opener or
 * referrer, every provider-supplied part URL-encoded. A connection to AWS's and Azure's real endpoints
 * cannot sync here (no network): its stored inventory rows are written straight into the database, as
 * a sync would, and never synced (nextSyncAt far ahead).
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";
import { withDatabase } from "./support/db";

type Conn = { id: string; name: string; provider: string; demo: boolean };

test("console links: real endpoints only, new tab, encoded", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInAsOwner(page);
  const origin = baseURL();
  expect((await page.request.post("/api/v1/connections/demo", { headers: { origin } })).status()).toBeLessThan(300);
  const conns = ((await (await page.request.get("/api/v1/connections")).json()) as { items: Conn[] }).items;
  const simEks = conns.find((c) => c.provider === "eks" && c.demo)!;
  expect(simEks, "the demo EKS connection").toBeTruthy();

  // a simulated cluster: no console link
  let simCluster: { id: string } | undefined;
  await expect
    .poll(async () => ((simCluster = ((await (await page.request.get(`/api/v1/clusters?connection=${simEks.id}&pageSize=1`)).json()) as { items: { id: string }[] }).items[0]), !!simCluster), { timeout: 60_000 })
    .toBe(true);
  await page.goto(`/clusters/${simCluster!.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Provider id")).toBeVisible();
  await expect(page.getByTestId("console-link")).toHaveCount(0);

  // clusters of connections to the real AWS and Azure endpoints (names with characters that need encoding)
  const tag = randomBytes(4).toString("hex");
  const eksName = `prod ${tag}?x=1#frag/../y`;
  const aksId = `/subscriptions/0000-${tag}/resourceGroups/rg one/providers/Microsoft.ContainerService/managedClusters/aks#${tag}`;
  const rows = { eksConn: `ce${tag}`, aksConn: `ca${tag}`, eks: `ke${tag}`, aks: `ka${tag}` };
  await withDatabase(testInfo, async (db) => {
    const { rows: t } = await db.query<{ teamId: string }>(`SELECT "teamId" FROM "Connection" WHERE id = $1`, [simEks.id]);
    const teamId = t[0].teamId;
    for (const [id, provider, baseUrl] of [
      [rows.eksConn, "eks", "https://eks.eu-west-1.amazonaws.com"],
      [rows.aksConn, "aks", "https://management.azure.com"],
    ]) {
      await db.query(
        `INSERT INTO "Connection" (id, "teamId", provider, name, "baseUrl", "credentialsCiphertext", "credentialsKeyId", "credentialsHint", "updatedAt", "nextSyncAt") VALUES ($1, $2, $3, $4, $5, 'none', 'none', '••••', now(), '2099-01-01')`,
        [id, teamId, provider, `console links ${provider} ${tag}`, baseUrl],
      );
    }
    await db.query(`INSERT INTO "ClusterSnapshot" (id, "teamId", "connectionId", provider, "externalId", name, scope, region, status) VALUES ($1, $2, $3, 'eks', $4, $4, 'eu-west-1', 'eu-west-1', 'running')`, [rows.eks, teamId, rows.eksConn, eksName]);
    await db.query(`INSERT INTO "ClusterSnapshot" (id, "teamId", "connectionId", provider, "externalId", name, scope, region, status) VALUES ($1, $2, $3, 'aks', $4, $5, $6, 'westeurope', 'running')`, [rows.aks, teamId, rows.aksConn, aksId, `aks#${tag}`, `0000-${tag}`]);
  });
  try {
    const check = async (clusterId: string, href: string) => {
      await page.goto(`/clusters/${clusterId}`);
      const link = page.getByTestId("console-link");
      await expect(link).toBeVisible();
      await expect(link).toHaveAttribute("href", href);
      await expect(link).toHaveAttribute("target", "_blank");
      await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    };
    await check(rows.eks, `https://console.aws.amazon.com/eks/home?region=eu-west-1#/clusters/${encodeURIComponent(eksName)}`);
    await check(rows.aks, `https://portal.azure.com/#resource/subscriptions/0000-${tag}/resourceGroups/rg%20one/providers/Microsoft.ContainerService/managedClusters/aks%23${tag}/overview`);
    // the link opens a new tab (the console itself is not reachable from here: the request is stopped)
    await page.context().route(/^https:\/\/portal\.azure\.com\//, (r) => r.abort());
    const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByTestId("console-link").click()]);
    expect(tab.url()).toMatch(/^(https:\/\/portal\.azure\.com\/|about:blank|chrome-error:)/);
    await tab.close();
  } finally {
    for (const id of [rows.eksConn, rows.aksConn]) await page.request.delete(`/api/v1/connections/${id}`, { headers: { origin } });
  }
});
