/**
 * Shared steps of the wizard and provider specs (e2e/wizards.spec.ts, e2e/<provider>.spec.ts): the demo
 * connections, picking a live option in a wizard select, following an operation on its page or through
 * the dashboard API.
 */
import { expect, type Page } from "@playwright/test";
import { baseURL } from "./auth";

export type Conn = { id: string; name: string; provider: string; demo: boolean; defaultScope: string | null };
type Operation = { id: string; state: string; error?: string | null; timeline?: { message: string }[] };

/** adds the demo connections (idempotent) and lists them */
export async function demoConnections(page: Page): Promise<Conn[]> {
  const r = await page.request.post("/api/v1/connections/demo", { headers: { origin: baseURL() } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  // the embedded database occasionally fails a query while the first syncs start (reported); ask again
  let items: Conn[] = [];
  await expect(async () => {
    const res = await page.request.get("/api/v1/connections");
    expect(res.status(), await res.text()).toBe(200);
    items = ((await res.json()) as { items: Conn[] }).items;
  }).toPass({ intervals: [250, 500, 1000], timeout: 20_000 });
  return items.filter((c) => c.demo);
}

/** the demo connection of one provider */
export async function demoConnection(page: Page, provider: string): Promise<Conn> {
  const conn = (await demoConnections(page)).find((c) => c.provider === provider);
  expect(conn, `a demo ${provider} connection`).toBeTruthy();
  return conn!;
}

const PLACEHOLDER = /^(Choose…|Loading…|\(none\))$/;

/** picks an option of a select (by label) once the provider's live options have loaded */
export async function choose(page: Page, label: string | RegExp, match?: RegExp) {
  const select = page.getByRole("combobox", { name: label });
  await expect(select).toBeEnabled();
  await expect.poll(async () => (await select.locator("option").allTextContents()).filter((t) => t && !PLACEHOLDER.test(t)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const options = await select.locator("option").evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? "" })));
  const pick = options.find((o) => o.value && (!match || match.test(o.text) || match.test(o.value)));
  expect(pick, `an option of ${String(label)} matching ${match}`).toBeTruthy();
  await select.selectOption(pick!.value);
}

/** picks the index-th real option (0 = first) of a select (by CSS selector) once its live options have loaded */
export async function chooseNth(page: Page, selector: string, index = 0) {
  const select = page.locator(selector);
  await expect.poll(async () => (await select.locator("option").allTextContents()).filter((t) => t && !PLACEHOLDER.test(t)).length, { timeout: 20_000 }).toBeGreaterThan(index);
  const values = await select.locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  await select.selectOption(values[index]);
  return values[index];
}

export const next = (page: Page) => page.getByRole("button", { name: "Next" }).click();

/** on the operation page a wizard led to: waits until it finished and expects success; returns its id */
export async function expectOperationSucceeds(page: Page, timeout = 150_000): Promise<string> {
  await expect(page).toHaveURL(/\/operations\/[\w-]+$/, { timeout: 30_000 });
  const state = page.locator("[data-operation] [data-operation-state]").first();
  await expect(state).toHaveAttribute("data-operation-state", /succeeded|failed|cancelled/, { timeout });
  await expect(state, await page.locator("[data-operation]").innerText()).toHaveAttribute("data-operation-state", "succeeded");
  return page.url().split("/").pop()!;
}

/** follows an operation through the dashboard API until it finished and expects success */
export async function awaitOperation(page: Page, id: string, timeout = 150_000): Promise<Operation> {
  let op: Operation | undefined;
  await expect
    .poll(
      async () => {
        op = (await (await page.request.get(`/api/v1/operations/${id}`)).json()) as Operation;
        return op.state;
      },
      { timeout, intervals: [1000] },
    )
    .toMatch(/succeeded|failed|cancelled/);
  expect(op!.state, JSON.stringify(op!.error ?? op!.timeline?.slice(-3))).toBe("succeeded");
  return op!;
}

/** starts an operation through the dashboard API from the page (same origin, the session cookie), follows it to success */
export async function apiOperation(page: Page, method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Operation> {
  const r = await page.request.fetch(path, { method, headers: { origin: baseURL(), "content-type": "application/json" }, data: body === undefined ? undefined : JSON.stringify(body) });
  expect(r.status(), await r.text()).toBe(202);
  const { operation } = (await r.json()) as { operation: Operation };
  return awaitOperation(page, operation.id, 120_000);
}
