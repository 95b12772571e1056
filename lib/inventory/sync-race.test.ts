/**
 * A connection deleted while its inventory sync runs (real PostgreSQL, a simulator over real HTTP made
 * slow so the deletion lands mid-read): the sync ends quietly at debug level, never at error level.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";

let sims: RunningSimulators;
let teamId: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sim = () => sims.items.find((i) => i.kind === "cloudferro")!;

async function faults(body: unknown) {
  const res = await fetch(`${sim().sim.url}/__sim/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  ({ sims } = await startSimulatorWorld("syncrace", {
    PROVIDER_TIMEOUT_SECONDS: "5",
    SYNC_TIMEOUT_SECONDS: "30",
  }));
  const { createLocalUser } = await import("@/lib/auth/users");
  teamId = (await createLocalUser({ email: "race@example.com", team: "Race", role: "owner" }, {})).teamId;
});

afterEach(async () => {
  vi.restoreAllMocks();
  await faults({});
});

afterAll(async () => {
  await sims?.close();
});

async function newConnection(name: string): Promise<string> {
  const { createConnection } = await import("@/lib/connections");
  const d = sim().demo[0];
  const r = await createConnection({ teamId }, { provider: "cloudferro", name, baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false });
  const { getPrisma } = await import("@/lib/db/client");
  // nothing is due for a background claim
  await getPrisma().connection.update({ where: { id: r.connection.id }, data: { nextSyncAt: new Date(Date.now() + 3600_000) } });
  return r.connection.id;
}

/** starts a sync, deletes the connection while the provider is still answering, returns what was logged */
async function syncAndDeleteMidway(id: string) {
  const { logger } = await import("@/lib/log");
  const error = vi.spyOn(logger, "error");
  const debug = vi.spyOn(logger, "debug");
  const { syncConnectionNow } = await import("@/lib/inventory/job");
  const { getPrisma } = await import("@/lib/db/client");
  const pending = syncConnectionNow(id, { workerId: "race-worker" });
  await sleep(250);
  await getPrisma().connection.delete({ where: { id } });
  const result = await pending.catch((e: unknown) => e);
  return { result, errors: error.mock.calls.map((c) => JSON.stringify(c)), debugs: debug.mock.calls.map((c) => JSON.stringify(c)) };
}

describe("a sync racing its connection's deletion", () => {
  it("ends quietly (debug) when the provider read succeeds after the deletion", async () => {
    const id = await newConnection("race-ok");
    await faults({ latencyMs: 900 });
    const { result, errors, debugs } = await syncAndDeleteMidway(id);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ connectionId: id, ok: false, errorKind: "deleted" });
    expect(debugs.some((d) => d.includes("connection deleted during its sync"))).toBe(true);
  });

  it("ends quietly (debug) when the provider read fails after the deletion", async () => {
    const id = await newConnection("race-fail");
    await faults({ latencyMs: 900, errorRates: { "500": 1 } });
    const { result, errors, debugs } = await syncAndDeleteMidway(id);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ connectionId: id, ok: false, errorKind: "deleted" });
    expect(debugs.some((d) => d.includes("connection deleted during its sync"))).toBe(true);
  });
});
