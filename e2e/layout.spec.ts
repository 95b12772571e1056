/**
 * Provider-supplied text is hostile: an NKS organization, cluster and node pool renamed (through the
 * simulator's own /__sim/rename hook) to unbroken 10 KB strings must not widen any page. On the
 * cluster, upgrade, delete, clusters, overview and scopes pages, at desktop and phone width (390 px),
 * the document never scrolls sideways and no element grows wider than the viewport allows; the full
 * value stays available (title on hover, or wrapped text to copy). A second run goes over every page of
 * the app at phone width (issue 18 #7). A failure names what sticks out of the viewport.
 */
import { expect, test, type Page } from "@playwright/test";
import { baseURL, signInAsOwner } from "./support/auth";
import type { ClusterDetail, ClusterListResponse } from "../lib/inventory/api-types";

test.describe.configure({ mode: "serial" });

const HOSTILE = (what: string) => `${what}-${"W".repeat(10_240)}`;

type Conn = { id: string; name: string; provider: string; baseUrl: string };

let conn: Conn;
let cluster: ClusterDetail;
const originals: { kind: "org" | "cluster" | "pool"; pk: number; name: string }[] = [];

async function rename(page: Page, kind: "org" | "cluster" | "pool", pk: number, name: string) {
  const r = await page.request.post(`${new URL(conn.baseUrl).origin}/__sim/rename`, { data: { kind, pk, name } });
  expect(r.status(), await r.text()).toBe(200);
}

async function syncUntil(page: Page, done: (c: ClusterDetail) => boolean) {
  await expect
    .poll(
      async () => {
        await page.request.post(`/api/v1/connections/${conn.id}/sync`, { headers: { origin: baseURL() } });
        const r = await page.request.get(`/api/v1/clusters/${cluster.id}`);
        if (!r.ok()) return false;
        cluster = (await r.json()) as ClusterDetail;
        return done(cluster);
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(true);
}

/**
 * the document does not scroll sideways, and no scroll container (tables sit in overflow-x-auto cards)
 * scrolls across an absurd width; text clipped with an ellipsis (overflow hidden) does not count
 */
async function expectNoOverflow(page: Page, label: string) {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    let widest = { w: 0, what: "" };
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const o = getComputedStyle(el).overflowX;
      if (o !== "auto" && o !== "scroll") continue;
      if (el.scrollWidth > widest.w) widest = { w: el.scrollWidth, what: `${el.tagName.toLowerCase()}.${String((el as HTMLElement).className).slice(0, 80)}` };
    }
    // what sticks out of the viewport (outside any scroll container): named in the failure message
    // (clipped by an ancestor that is also in its containing-block chain: an absolutely positioned
    // element escapes the clipping of a non-positioned scroll container, and widens the page)
    const inScroller = (el: Element) => {
      let cb: Element | null = el;
      const positioned = (e: Element) => getComputedStyle(e).position !== "static";
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const abs = cb && ["absolute", "fixed"].includes(getComputedStyle(cb).position);
        if (abs && !positioned(p)) continue; // not el's containing block: its clipping does not apply
        cb = p;
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    const wide = Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > vw + 0.5 && !inScroller(el))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${String((el as HTMLElement).className).slice(0, 60)} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { vw, scrollWidth: document.documentElement.scrollWidth, bodyScroll: document.body.scrollWidth, widest, wide };
  });
  expect.soft(r.scrollWidth, `${label}: the page scrolls sideways (${r.wide.join(" | ")})`).toBeLessThanOrEqual(r.vw);
  expect.soft(r.bodyScroll, `${label}: body wider than the viewport`).toBeLessThanOrEqual(r.vw);
  // a table may scroll a little on a phone, never across a 10 KB string
  expect.soft(r.widest.w, `${label}: ${r.widest.what} scrolls across ${Math.round(r.widest.w)} px`).toBeLessThanOrEqual(Math.max(2 * r.vw, 1600));
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

/** the demo's NKS connection with a running cluster that has a node pool: renamed to hostile 10 KB names for `fn`, then back */
async function withHostileNames(page: Page, fn: () => Promise<void>) {
  const origin = baseURL();
  expect((await page.request.post("/api/v1/connections/demo", { headers: { origin } })).status()).toBeLessThan(300);
  const conns = ((await (await page.request.get("/api/v1/connections")).json()) as { items: Conn[] }).items;
  conn = conns.find((c) => c.provider === "nks")!;
  expect(conn, "the demo NKS connection").toBeTruthy();
  // a running NKS cluster with a node pool
  await expect
    .poll(
      async () => {
        const list = (await (await page.request.get(`/api/v1/clusters?connection=${conn.id}&status=running&pageSize=50`)).json()) as ClusterListResponse;
        for (const item of list.items) {
          const d = (await (await page.request.get(`/api/v1/clusters/${item.id}`)).json()) as ClusterDetail;
          if (d.nodePools.length && !d.name.startsWith("cluster-WWW")) {
            cluster = d;
            return true;
          }
        }
        return false;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(true);

  const pool = cluster.nodePools[0];
  originals.length = 0;
  originals.push({ kind: "org", pk: Number(cluster.scope), name: cluster.scopeName ?? "" }, { kind: "cluster", pk: Number(cluster.externalId), name: cluster.name }, { kind: "pool", pk: Number(pool.externalId), name: pool.name });
  try {
    await rename(page, "org", Number(cluster.scope), HOSTILE("org"));
    await rename(page, "cluster", Number(cluster.externalId), HOSTILE("cluster"));
    await rename(page, "pool", Number(pool.externalId), HOSTILE("pool"));
    await syncUntil(page, (c) => c.name === HOSTILE("cluster") && c.scopeName === HOSTILE("org") && c.nodePools.some((p) => p.name === HOSTILE("pool")));
    await fn();
  } finally {
    for (const o of originals) await rename(page, o.kind, o.pk, o.name);
    await page.request.post(`/api/v1/connections/${conn.id}/sync`, { headers: { origin } });
  }
}

/** picks the first real option of a select (by label) once the provider's live options have loaded */
async function choose(page: Page, label: string | RegExp, match?: RegExp) {
  const select = page.getByRole("combobox", { name: label });
  await expect(select).toBeEnabled();
  await expect.poll(async () => (await select.locator("option").allTextContents()).filter((t) => t && !/^(Choose…|Loading…|\(none\))$/.test(t)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const options = await select.locator("option").evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, text: e.textContent ?? "" })));
  const pick = options.find((o) => o.value && (!match || match.test(o.text) || match.test(o.value)));
  expect(pick, `an option of ${String(label)} matching ${match}`).toBeTruthy();
  await select.selectOption(pick!.value);
}

async function visit(page: Page, label: string, url: string, ready: () => Promise<void>) {
  await page.goto(url);
  await ready();
  await page.waitForLoadState("networkidle");
  await expectNoOverflow(page, label);
}

test("hostile 10 KB organization, cluster and node pool names: no page overflows sideways, at desktop and phone width", async ({ page }) => {
  test.setTimeout(240_000);
  await withHostileNames(page, async () => {
    const pages: [string, string, () => Promise<void>][] = [
      ["cluster", `/clusters/${cluster.id}`, () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
      ["upgrade", `/clusters/${cluster.id}/upgrade`, () => expect(page.getByRole("radio").first()).toBeVisible({ timeout: 30_000 })],
      ["delete", `/clusters/${cluster.id}/delete`, () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
      ["clusters", `/clusters?q=${encodeURIComponent('"cluster-WWWW"')}`, () => expect(page.getByRole("link", { name: /^cluster-W+$/ }).first()).toBeVisible()],
      ["overview", "/", () => expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible()],
      ["scopes", "/scopes", () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
    ];
    for (const size of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      for (const [label, url, ready] of pages) await visit(page, `${label} at ${size.width} px`, url, ready);
    }
    // the full name stays available: on hover (title) where it is cut short, or as wrapped text
    await page.goto(`/clusters/${cluster.id}/delete`);
    const full = await page.locator("h1").evaluate((h) => h.getAttribute("title") ?? h.textContent ?? "");
    expect(full).toContain(HOSTILE("cluster"));
  });
});

// issue 18 #7: at phone width no page of the app scrolls sideways (hostile names in place)
test("phone width (390 px): every page of the app, hostile names included, never scrolls sideways", async ({ page, browser }) => {
  test.setTimeout(540_000);
  const origin = baseURL();
  // something for the tables of Settings to list (a token with its Revoke button, an invitation)
  const token = await page.request.post("/api/v1/tokens", { data: { name: `layout-${"T".repeat(60)}` }, headers: { origin } });
  expect(token.status(), await token.text()).toBeLessThan(300);
  const invite = await page.request.post("/api/v1/team/invitations", { data: { email: `layout-${Date.now()}-${"x".repeat(40)}@example.test`, role: "viewer" }, headers: { origin } });
  expect(invite.status(), await invite.text()).toBeLessThan(300);
  await page.setViewportSize({ width: 390, height: 844 });
  const h1 = () => expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await withHostileNames(page, async () => {
    const ops = (await (await page.request.get("/api/v1/operations?pageSize=5")).json()) as { items: { id: string }[] };
    const pages: [string, string, () => Promise<void>][] = [
      ["overview", "/", h1],
      ["clusters", "/clusters", h1],
      ["clusters (hostile match)", `/clusters?q=${encodeURIComponent('"cluster-WWWW"')}`, () => expect(page.getByRole("link", { name: /^cluster-W+$/ }).first()).toBeVisible()],
      ["cluster with node pools", `/clusters/${cluster.id}`, () => expect(page.getByText(HOSTILE("pool")).first()).toBeAttached()],
      ["upgrade wizard", `/clusters/${cluster.id}/upgrade`, () => expect(page.getByRole("radio").first()).toBeVisible({ timeout: 30_000 })],
      ["delete wizard", `/clusters/${cluster.id}/delete`, h1],
      ["versions", "/versions", h1],
      ["scopes", "/scopes", h1],
      ["operations", "/operations", h1],
      ...(ops.items[0] ? ([["an operation", `/operations/${ops.items[0].id}`, h1]] as [string, string, () => Promise<void>][]) : []),
      ["connections", "/connections", h1],
      ["a connection", `/connections/${conn.id}`, h1],
      ["new connection", "/connections/new", h1],
      ["audit log", "/audit", h1],
      ["settings (profile, password, tokens, members, invitations)", "/settings", () => expect(page.getByRole("button", { name: /Revoke/ }).first()).toBeVisible()],
      ["not found", "/no-such-page-here", () => expect(page.getByRole("heading").first()).toBeVisible()],
      ["cluster not found", "/clusters/no-such-cluster", () => expect(page.getByRole("heading").first()).toBeVisible()],
      ["unavailable", "/unavailable", () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
    ];
    for (const [label, url, ready] of pages) await visit(page, `${label} at 390 px`, url, ready);

    // the create wizard, step by step, in the hostile organization
    await page.goto("/clusters/new");
    const over = page.getByRole("button", { name: "Start over" });
    if (await over.isVisible().catch(() => false)) await over.click();
    await page.getByLabel("Connection").selectOption(conn.id);
    await expect(page.locator("#f-scope")).toBeVisible();
    await page.locator("#f-scope").selectOption(cluster.scope);
    await page.waitForLoadState("networkidle");
    await expectNoOverflow(page, "create wizard: where at 390 px");
    const next = () => page.getByRole("button", { name: "Next" }).click();
    await next();
    await page.getByLabel("Cluster name").fill("layout-check");
    await expectNoOverflow(page, "create wizard: cluster at 390 px");
    await next();
    await choose(page, "Cloud credentials (keyset)");
    await choose(page, "SSH keyset");
    await choose(page, "Region");
    await choose(page, "Availability zone");
    await expectNoOverflow(page, "create wizard: cloud and credentials at 390 px");
    await next();
    await choose(page, "Kubernetes version", /default/);
    await choose(page, "Master size");
    await choose(page, "Worker size");
    await expectNoOverflow(page, "create wizard: Kubernetes and nodes at 390 px");
    await next();
    await expectNoOverflow(page, "create wizard: options at 390 px");
    await next();
    await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
    await page.getByText("Show request").click();
    await expectNoOverflow(page, "create wizard: review at 390 px");
  });

  // signed out: the sign-in page (and an unknown invitation)
  const anon = await browser.newContext({ baseURL: origin, viewport: { width: 390, height: 844 } });
  const p = await anon.newPage();
  try {
    for (const [label, url] of [
      ["sign-in", "/signin"],
      ["invitation", "/invite/no-such-invitation"],
    ]) {
      await p.goto(url);
      await expect(p.getByRole("heading").first()).toBeVisible();
      await p.waitForLoadState("networkidle");
      await expectNoOverflow(p, `${label} at 390 px`);
    }
  } finally {
    await anon.close();
  }
});
