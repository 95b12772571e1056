/** Inventory helpers shared by the e2e specs (the demo simulators behind the server under test). */
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { OverviewResponse } from "../../lib/inventory/api-types";
import { baseURL } from "./auth";
import { APP_PORTS, SIM_PORT_BASES } from "./oidc-constants";

/** the simulator ports playwright.config.ts gives each server (SIM_PORT_BASES, by app port) */
export function simPort(kindIndex: number): number {
  const port = Number(new URL(baseURL()).port);
  const base = process.env.E2E_SIM_PORT_BASE ? Number(process.env.E2E_SIM_PORT_BASE) : port === APP_PORTS[1] ? SIM_PORT_BASES[1] : SIM_PORT_BASES[0];
  return base + kindIndex;
}

export async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const r = await request.get(url);
  expect(r.status(), `${url}: ${await r.text()}`).toBe(200);
  return (await r.json()) as T;
}

/** demo connections exist (idempotent) and the four original providers have clusters in the inventory */
export async function ensureInventory(page: Page): Promise<OverviewResponse> {
  const origin = baseURL();
  expect((await page.request.post("/api/v1/connections/demo", { headers: { origin } })).status()).toBeLessThan(300);
  let last: OverviewResponse | undefined;
  await expect
    .poll(
      async () => {
        last = await getJson<OverviewResponse>(page.request, "/api/v1/overview");
        const providers = ["nks", "cloudferro", "coreweave", "rafay"].filter((k) => (last!.totals.byProvider[k] ?? 0) > 0).length;
        // and every connection has finished a sync (a fresh server's first syncs take a moment)
        return providers === 4 && last!.connections.every((c) => c.syncedAt !== null);
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(true);
  return last!;
}
