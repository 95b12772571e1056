/**
 * Connections end to end: one click adds the demo connections (simulated), "Test connection" works,
 * credentials are rotated (a wrong one is refused and the old one kept), a connection is deleted —
 * and no response the browser received (HTML, RSC payloads, API JSON) contains a credential.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";

const NEW_TOKEN = `e2e-rotated-${randomBytes(12).toString("hex")}`;
const WRONG_TOKEN = `e2e-wrong-${randomBytes(12).toString("hex")}`;

/** every response body the page receives; `settled()` waits until the network is idle and every body was read */
function recordResponses(page: Page): string[] & { settled(): Promise<void> } {
  const bodies = [] as unknown as string[] & { settled(): Promise<void> };
  const reading = new Set<Promise<void>>();
  page.on("response", (res) => {
    const p: Promise<void> = res
      .text()
      .then((t) => void bodies.push(t))
      .catch(() => undefined) // redirects and aborted responses have no body
      .finally(() => reading.delete(p));
    reading.add(p);
  });
  bodies.settled = async () => {
    await page.waitForLoadState("networkidle");
    while (reading.size) await Promise.allSettled([...reading]);
  };
  return bodies;
}

type Conn = { id: string; name: string; provider: string; baseUrl: string; demo: boolean };

test("demo connections: add with one click, test, rotate credentials, delete", async ({ page }) => {
  const bodies = recordResponses(page);
  await signInAsOwner(page);
  const origin = baseURL();
  const list = async () => ((await (await page.request.get("/api/v1/connections")).json()) as { items: Conn[] }).items;

  // the Overview empty state and the Connections page offer the demo while the team has none
  const fresh = !(await list()).some((c) => c.demo);
  if (fresh) {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Add demo connections (simulated)" })).toBeVisible();
  }
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  if (fresh) {
    await page.getByRole("button", { name: "Add demo connections (simulated)" }).click();
    await expect(page.getByText(/Added \d+ simulated connections/)).toBeVisible();
  } else {
    // a re-run against the same database: put back whatever an earlier run deleted (idempotent)
    expect((await page.request.post("/api/v1/connections/demo", { headers: { origin } })).status()).toBeLessThan(300);
    await page.reload();
  }
  const demo = (await list()).filter((c) => c.demo);
  expect(demo.length).toBeGreaterThanOrEqual(6);
  const nks = demo.find((c) => c.provider === "nks")!;
  const cf = demo.find((c) => c.provider === "cloudferro" && c.baseUrl.includes("/waw3-1/"))!;
  const rafay = demo.find((c) => c.provider === "rafay")!;

  // clearly labelled as simulated
  const nksRow = page.locator(`tr[data-connection="${nks.name}"]`);
  await expect(nksRow).toBeVisible();
  await expect(nksRow.getByText("Simulated")).toBeVisible();

  // test one
  await nksRow.getByRole("button", { name: `Test connection ${nks.name}` }).click();
  await expect(nksRow.getByRole("status")).toContainText("Works: the credentials can see");

  // rotate credentials of the CloudFerro WAW3-1 connection: a wrong token is refused, the old one stays
  await page.goto(`/connections/${cf.id}`);
  await expect(page.getByRole("heading", { name: cf.name })).toBeVisible();
  await expect(page.getByText("simulated (local demo simulator)")).toBeVisible();
  const hintBefore = await page.getByTestId("credentials-hint").textContent();
  await page.getByRole("button", { name: "Rotate credentials" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("API token").fill(WRONG_TOKEN);
  await dialog.getByRole("button", { name: "Test and replace" }).click();
  await expect(dialog.getByRole("status")).toContainText("Not replaced — Wrong credentials");
  await expect(page.getByTestId("credentials-hint")).toHaveText(hintBefore!);
  // the simulator learns a new token (as if created in the provider's console), then it replaces the old one
  const simOrigin = new URL(cf.baseUrl).origin;
  expect((await page.request.post(`${simOrigin}/__sim/tokens`, { data: { token: NEW_TOKEN, region: "WAW3-1", roles: "all" } })).status()).toBeLessThan(300);
  await dialog.getByLabel("API token").fill(NEW_TOKEN);
  await dialog.getByRole("button", { name: "Test and replace" }).click();
  await expect(page.getByText(/Credentials replaced\. Works:/)).toBeVisible();
  await expect(page.getByTestId("credentials-hint")).toContainText(`••••${NEW_TOKEN.slice(-4)}`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.locator(`p[data-outcome="ok"]`)).toContainText("Works:");

  // delete one: the dialog warns about the clusters leaving the inventory
  await page.goto(`/connections/${rafay.id}`);
  await page.getByRole("button", { name: "Delete connection" }).click();
  await expect(page.getByRole("dialog")).toContainText("will disappear from the inventory");
  await expect(page.getByRole("dialog")).toContainText("Nothing on");
  await page.getByRole("dialog").getByRole("button", { name: "Delete connection" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.locator(`tr[data-connection="${rafay.name}"]`)).toHaveCount(0);
  expect((await list()).some((c) => c.id === rafay.id)).toBe(false);

  // the add form renders each provider's credential fields
  await page.goto("/connections/new");
  await page.getByLabel(/Rafay/).check();
  await expect(page.getByLabel("API key")).toBeVisible();
  await expect(page.getByLabel(/API secret/)).toBeVisible();
  await page.getByLabel("Name").fill("metadata");
  await page.getByLabel("API base URL").fill("https://169.254.169.254/");
  await page.getByLabel("API key").fill(WRONG_TOKEN);
  await page.getByRole("button", { name: "Test and add connection" }).click();
  await expect(page.getByText(/the cloud metadata address/)).toBeVisible();

  // nothing the browser received contains a credential
  await page.goto("/connections");
  await page.goto(`/connections/${cf.id}`);
  bodies.push(await page.content());
  await bodies.settled();
  const all = bodies.join("\n");
  expect(all.length).toBeGreaterThan(1000);
  expect(all.includes(NEW_TOKEN), "rotated token leaked").toBe(false);
  expect(all.includes(WRONG_TOKEN), "wrong token leaked").toBe(false);
});
