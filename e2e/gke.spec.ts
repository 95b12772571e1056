/**
 * Google GKE end to end against the demo's GKE simulator (SIM_TIME_SCALE 120), through Google's own
 * client library on the server: the demo connection is listed, a cluster is created through the
 * wizard and reaches RUNNING, is upgraded to a version its release channel offers, gets a second node
 * pool which is scaled, then is deleted by typing its name. Node pools go through the dashboard API
 * from the page (same origin, the session cookie), as the node-pool UI is not on the cluster page yet.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./support/auth";
import { apiOperation, choose, demoConnection, expectOperationSucceeds, next } from "./support/wizard";

type Pool = { externalId: string; name: string; nodeCount: number; instanceType?: string | null };

test.describe("Google GKE", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsOwner(page);
  });

  test("demo connection → create through the wizard → upgrade → node pool added and scaled → delete", async ({ page }) => {
    test.setTimeout(480_000);
    const conn = await demoConnection(page, "gke");
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
    await apiOperation(page, "POST", `/api/v1/clusters/${clusterId}/nodepools`, { name: "batch", machineType: "n2-standard-4", nodeCount: 1 });
    cluster = (await (await page.request.get(`/api/v1/clusters/${clusterId}`)).json()) as typeof cluster;
    const batch = cluster.nodePools.find((p) => p.name === "batch")!;
    expect(batch).toMatchObject({ nodeCount: 3, instanceType: "n2-standard-4" });
    await apiOperation(page, "PATCH", `/api/v1/clusters/${clusterId}/nodepools/${encodeURIComponent(batch.externalId)}`, { nodeCount: 6 });
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
