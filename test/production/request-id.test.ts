/**
 * The request id of a dashboard API request reaches the provider: every provider call made for that
 * request carries it as X-Request-Id (routes → services → adapterForConnection → HTTP client), and the
 * response echoes it. A malformed incoming id is replaced by a fresh one (never echoed to providers).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator as nks } from "@/simulators/nks";
import { createTestDatabase } from "@/test/support/db";
import { createConnections, seedOwner, startCountingProxy, TEST_KEY, type CountingProxy } from "@/test/failure/support";

type H = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
let sim: RunningSimulator;
let proxy: CountingProxy;
let token: string;
let ids: Record<string, string>;
const credentials = nks.credentialsFromEnv({} as NodeJS.ProcessEnv);

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = TEST_KEY;
  process.env.LOG_LEVEL = "fatal";
  await createTestDatabase("reqid");
  const clock = new SimClock(60);
  sim = await startSimulator(nks.create({ clock, seed: 3, credentials }), clock, { port: 0, seed: 3 });
  proxy = await startCountingProxy(sim.url);
  process.env.ALLOWED_PROVIDER_HOSTS = `127.0.0.1:${proxy.port}`;
  (await import("@/lib/config")).resetConfig();
  const o = await seedOwner("rid");
  token = o.token;
  ids = await createConnections(o.team.id, ["r1"], proxy.baseUrl, credentials);
});

afterAll(async () => {
  await proxy?.close();
  await sim?.close();
});

async function post(route: string, p: Record<string, string>, requestId: string) {
  const mod = (await import(route)) as { POST: H };
  const headers = { authorization: `Bearer ${token}`, "x-request-id": requestId, host: "localhost", origin: "http://localhost" };
  return mod.POST(new Request("http://localhost/x", { method: "POST", headers }), { params: Promise.resolve(p) });
}

describe("request id propagation", () => {
  it("connection test and sync-now send the dashboard request id to the provider", async () => {
    for (const [route, rid] of [
      ["@/app/api/v1/connections/[id]/test/route", "rid-test-0001"],
      ["@/app/api/v1/connections/[id]/sync/route", "rid-sync-0002"],
    ] as const) {
      const before = proxy.hits.length;
      const res = await post(route, { id: ids.r1 }, rid);
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      expect(res.headers.get("x-request-id")).toBe(rid);
      const hits = proxy.hits.slice(before);
      expect(hits.length, route).toBeGreaterThan(0);
      for (const h of hits) expect(h.requestId, `${h.method} ${h.path}`).toBe(rid);
    }
  });

  it("an unusable incoming id is replaced, consistently for all provider calls of the request", async () => {
    const before = proxy.hits.length;
    const res = await post("@/app/api/v1/connections/[id]/test/route", { id: ids.r1 }, "bad id with spaces; and ä;" + "x".repeat(200));
    const rid = res.headers.get("x-request-id");
    expect(rid).toMatch(/^[0-9a-f-]{36}$/);
    const hits = proxy.hits.slice(before);
    expect(new Set(hits.map((h) => h.requestId))).toEqual(new Set([rid]));
  });
});
