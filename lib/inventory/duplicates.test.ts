/**
 * Issue 18 #8: the same provider account added twice. The second connection's creation carries a
 * warning naming the first, both connection views say so, and the inventory counts every cluster once
 * (overview totals and version chart, clusters list total and CSV, versions page) — over a real
 * PostgreSQL and the NKS simulator over real HTTP.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "@/simulators/kit/clock";
import { NO_FAULTS } from "@/simulators/kit/faults";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/nks";
import { createTestDatabase } from "@/test/support/db";

const TOKEN = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv).token;
let sim: RunningSimulator;
let teamId: string;
const ids: Record<"first" | "second" | "other", string> = { first: "", second: "", other: "" };
let secondWarning: string | undefined;

beforeAll(async () => {
  await createTestDatabase("dups");
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "cd-dups-"));
  process.env.CLUSTERDECK_DEMO = "0";
  const clock = new SimClock(1);
  sim = await startSimulator(simulator.create({ clock, seed: "dups", credentials: { token: TOKEN } }), clock, { port: 0, seed: "dups", faults: NO_FAULTS });
  process.env.ALLOWED_PROVIDER_HOSTS = new URL(sim.url).host;
  (await import("@/lib/config")).resetConfig();
  const { createLocalUser } = await import("@/lib/auth/users");
  teamId = (await createLocalUser({ email: "owner@dups.test", team: "Dups", role: "owner" }, {})).teamId;
  const { createConnection } = await import("@/lib/connections");
  const add = (name: string, baseUrl: string, token: string) => createConnection({ teamId }, { provider: "nks", name, baseUrl, credentials: { token }, defaultScope: null, test: false });
  const first = await add("NKS", sim.url, TOKEN);
  expect(first.warning).toBeUndefined();
  ids.first = first.connection.id;
  // the same account again: same endpoint (spelt with a trailing slash), same token
  const second = await add("NKS again", `${sim.url}/`, TOKEN);
  ids.second = second.connection.id;
  secondWarning = second.warning;
  // another identity at the same endpoint: another account
  ids.other = (await add("NKS other", sim.url, `${TOKEN}-someone-else`)).connection.id;
  const { syncConnection } = await import("@/lib/inventory/sync");
  expect((await syncConnection(ids.first)).ok).toBe(true);
  expect((await syncConnection(ids.second)).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

describe("account key", () => {
  it("is the same for the same provider, endpoint and identity, and reveals no credential", async () => {
    const { accountKey } = await import("@/lib/connections/account-key");
    const a = accountKey("nks", "https://API.example.com/v1/", { token: "secret-token-123" });
    expect(accountKey("nks", "https://api.example.com/v1", { token: "secret-token-123" })).toBe(a);
    expect(accountKey("nks", "https://api.example.com/v1", { token: "another-token-456" })).not.toBe(a);
    expect(accountKey("nks", "https://api.example.com/v2", { token: "secret-token-123" })).not.toBe(a);
    expect(accountKey("cloudferro", "https://api.example.com/v1", { token: "secret-token-123" })).not.toBe(a);
    expect(a).not.toContain("secret");
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the same account added twice", () => {
  it("warns at creation and on both connections, naming the other", async () => {
    expect(secondWarning).toMatch(/same account/);
    expect(secondWarning).toContain('"NKS"');
    const { getConnection, listConnections } = await import("@/lib/connections");
    expect((await getConnection(teamId, ids.second)).sameAccountAs).toEqual([{ id: ids.first, name: "NKS" }]);
    expect((await getConnection(teamId, ids.first)).sameAccountAs).toEqual([{ id: ids.second, name: "NKS again" }]);
    expect((await getConnection(teamId, ids.other)).sameAccountAs).toEqual([]);
    const list = await listConnections(teamId);
    expect(list.find((c) => c.id === ids.second)!.sameAccountAs.map((c) => c.name)).toEqual(["NKS"]);
  });

  it("counts every cluster once: overview, versions, clusters list and CSV", async () => {
    const prisma = (await import("@/lib/db/client")).getPrisma();
    const once = await prisma.clusterSnapshot.count({ where: { connectionId: ids.first, goneAt: null } });
    expect(once).toBeGreaterThan(0);
    expect(await prisma.clusterSnapshot.count({ where: { connectionId: ids.second, goneAt: null } })).toBe(once);
    const { overview, listVersions, listClusters, clusterQuerySchema, clustersCsvStream } = await import("@/lib/inventory");

    const o = await overview(teamId);
    expect(o.totals.clusters).toBe(once);
    expect(Object.values(o.totals.byVersion).reduce((a, b) => a + b, 0)).toBe(once);
    expect(Object.values(o.totals.byStatus).reduce((a, b) => a + b, 0)).toBe(once);
    expect(o.totals.byProvider.nks).toBe(once);

    const v = await listVersions(teamId);
    expect(v.items.reduce((n, r) => n + r.clusterCount, 0)).toBe(once);

    const q = clusterQuerySchema.parse({ gone: "0", pageSize: "500" });
    const l = await listClusters(teamId, q);
    expect(l.total).toBe(once);
    expect(new Set(l.items.map((r) => r.externalId)).size).toBe(l.items.length);
    // counted under the connection added first
    expect(l.items.every((r) => r.connectionId === ids.first)).toBe(true);

    const now = new Date();
    const csv = await new Response(clustersCsvStream(teamId, q, now)).text();
    expect(csv.trim().split("\r\n").length - 1).toBe(once);
    // read in slices of 3 (each asked for while the one before is written): the same file, in the list's order
    expect(once).toBeGreaterThan(6);
    expect(await new Response(clustersCsvStream(teamId, q, now, 3)).text()).toBe(csv);
    expect(csv.trim().split("\r\n").slice(1).map((line) => line.split(",").at(-2))).toEqual(l.items.map((r) => r.id));

    // the list of one connection stays complete
    const onlySecond = await listClusters(teamId, clusterQuerySchema.parse({ gone: "0", pageSize: "500", connection: ids.second }));
    expect(onlySecond.total).toBe(once);
  });

  it("counts the clusters under the other connection once the first is deleted", async () => {
    const { deleteConnection } = await import("@/lib/connections");
    const prisma = (await import("@/lib/db/client")).getPrisma();
    const once = await prisma.clusterSnapshot.count({ where: { connectionId: ids.second, goneAt: null } });
    await deleteConnection({ teamId }, ids.first);
    const { overview } = await import("@/lib/inventory");
    expect((await overview(teamId)).totals.clusters).toBe(once);
    const { getConnection } = await import("@/lib/connections");
    expect((await getConnection(teamId, ids.second)).sameAccountAs).toEqual([]);
  });
});
