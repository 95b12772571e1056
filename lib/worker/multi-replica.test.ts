/**
 * Several replicas on one database: two replica processes (test/failure/worker-child.ts — the real
 * background worker plus API route handlers) share one PostgreSQL and one NKS simulator behind a
 * counting proxy (a path prefix per connection attributes every provider request to its connection).
 *   - each background sync runs exactly once: every connection's provider traffic equals one sync's;
 *   - each operation runs exactly once: one upgrade request per cluster reaches the provider;
 *   - both replicas take work (in at least one of several rounds), and both serve the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator as nks } from "@/simulators/nks";
import { createTestDatabase } from "@/test/support/db";
import { createConnections, seedOwner, sleep, startCountingProxy, startReplica, TEST_KEY, waitFor, type CountingProxy, type Replica } from "@/test/failure/support";

const N = 24; // more than one replica claims in one go (16), so the other replica can get connections
/** rounds of syncing every connection, each with slower provider answers, until both replicas took work */
const ROUNDS = 4;
let dbUrl: string;
let sim: RunningSimulator;
let proxy: CountingProxy;
let owner: Awaited<ReturnType<typeof seedOwner>>;
let replicas: Replica[] = [];
let oneSync: number;
const credentials = nks.credentialsFromEnv({} as NodeJS.ProcessEnv);

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = TEST_KEY;
  process.env.LOG_LEVEL = "warn";
  dbUrl = await createTestDatabase("replicas");
  const clock = new SimClock(600);
  sim = await startSimulator(nks.create({ clock, seed: 7, credentials }), clock, { port: 0, seed: 7 });
  proxy = await startCountingProxy(sim.url, 40);
  process.env.ALLOWED_PROVIDER_HOSTS = `127.0.0.1:${proxy.port}`;
  (await import("@/lib/config")).resetConfig();
  owner = await seedOwner("r");

  // what one sync of one connection costs in provider requests (a reference connection, synced here)
  const ref = await createConnections(owner.team.id, ["ref"], proxy.baseUrl, credentials);
  const { syncConnectionNow } = await import("@/lib/inventory/job");
  const r = await syncConnectionNow(ref.ref, { workerId: "reference" });
  expect(r?.ok, r?.error).toBe(true);
  oneSync = proxy.count("ref");
  expect(oneSync).toBeGreaterThan(1);
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill("SIGTERM")));
  await proxy?.close();
  await sim?.close();
});

describe("two replicas on one database", () => {
  const env = () => ({ DATABASE_URL: dbUrl, ALLOWED_PROVIDER_HOSTS: `127.0.0.1:${proxy.port}`, SYNC_INTERVAL_SECONDS: "3600", OPERATION_POLL_SECONDS: "0.3", OPERATION_LEASE_SECONDS: "10" });
  let ids: Record<string, string>;

  it("each connection is synced exactly once per round, and both replicas take work in at least one of several rounds", async () => {
    replicas = await Promise.all([startReplica(env()), startReplica(env())]);
    expect(replicas[0].workerId).not.toBe(replicas[1].workerId);
    const names = Array.from({ length: N }, (_, i) => `conn${i}`);
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    const workerIds = replicas.map((r) => r.workerId);
    const rounds: { latencyMs: number; owners: string[] }[] = [];

    // Which replica claims what depends on who ticks first: on a loaded machine one replica may take
    // every due connection of a round. Each further round makes every sync slower (provider latency
    // ×4), so the first replica's claims are still running when the other one ticks and claims the
    // rest; the test needs both replicas in at least one round.
    for (let round = 0; round < ROUNDS; round++) {
      proxy.latencyMs = 40 * 4 ** round;
      const before = Object.fromEntries(names.map((n) => [n, proxy.count(n)]));
      const started = new Date(); // before the connections are due: every sync of this round starts later
      if (round === 0) ids = await createConnections(owner.team.id, names, proxy.baseUrl, credentials);
      else await prisma.connection.updateMany({ where: { id: { in: Object.values(ids) } }, data: { nextSyncAt: new Date() } });

      // watch the leases while the replicas work: who synced what
      const owners = new Map<string, Set<string>>();
      await waitFor(
        `every connection synced (round ${round + 1})`,
        async () => {
          for (const c of await prisma.connection.findMany({ where: { syncLeaseOwner: { not: null } }, select: { id: true, syncLeaseOwner: true } })) {
            (owners.get(c.id) ?? owners.set(c.id, new Set()).get(c.id)!).add(c.syncLeaseOwner!);
          }
          const done = await prisma.connection.count({ where: { id: { in: Object.values(ids) }, lastSyncAt: { gte: started }, syncLeaseOwner: null } });
          return done === N;
        },
        120_000,
        25,
      );
      await sleep(3000); // time for a duplicate to show up, were there one

      for (const name of names) {
        const hits = proxy.hits.filter((h) => h.conn === name).slice(before[name]);
        expect(hits.length, `provider requests of ${name} in round ${round + 1} (one sync = ${oneSync}): ${hits.map((h) => `${h.method} ${h.path}`).join(", ")}`).toBe(oneSync);
      }
      for (const [id, s] of owners) expect(s.size, `lease owners of ${id} in round ${round + 1}`).toBe(1);
      const seen = [...new Set([...owners.values()].flatMap((x) => [...x]))];
      for (const o of seen) expect(workerIds, "lease owner is one of the replicas").toContain(o);
      rounds.push({ latencyMs: proxy.latencyMs, owners: seen });
      console.log(`[replicas] round ${round + 1}: ${N} connections at ${proxy.latencyMs} ms provider latency; lease owners seen: ${seen.join(", ")}`);
      if (workerIds.every((w) => seen.includes(w))) break;
    }
    proxy.latencyMs = 40;

    expect(
      rounds.some((r) => workerIds.every((w) => r.owners.includes(w))),
      `both replicas took work in one of ${rounds.length} rounds: ${JSON.stringify(rounds)}`,
    ).toBe(true);
    const clusters = await prisma.clusterSnapshot.count({ where: { connectionId: { in: Object.values(ids) } } });
    expect(clusters).toBeGreaterThan(0);
    console.log(`[replicas] ${N} connections, ${oneSync} provider requests per sync, ${proxy.hits.length} requests in all`);
  }, 600_000);

  it("each operation reaches the provider exactly once and finishes", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    const upgradeRoute = (await import("@/app/api/v1/clusters/[id]/upgrade/route")) as unknown as { POST: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response> };
    const optionsRoute = (await import("@/app/api/v1/clusters/[id]/upgrade-options/route")) as unknown as { GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response> };
    const headers = { authorization: `Bearer ${owner.token}`, "content-type": "application/json", host: "localhost", origin: "http://localhost" };

    // one upgradable running cluster on each of several connections
    const candidates = await prisma.clusterSnapshot.findMany({ where: { connectionId: { in: Object.values(ids) }, status: "running" }, orderBy: { name: "asc" } });
    const started: { opId: string; clusterId: string; conn: string; externalId: string }[] = [];
    const usedConn = new Set<string>();
    for (const c of candidates) {
      if (started.length >= 8) break;
      // every connection reaches the same simulated account: one cluster (externalId) once
      if (usedConn.has(c.connectionId) || started.some((x) => x.externalId === c.externalId)) continue;
      const o = await optionsRoute.GET(new Request(`http://localhost/api/v1/clusters/${c.id}/upgrade-options`, { headers }), { params: Promise.resolve({ id: c.id }) });
      const body = (await o.json()) as { options?: { version: string; allowed: boolean; current?: boolean }[] };
      const target = body.options?.find((x) => x.allowed && !x.current)?.version;
      if (o.status !== 200 || !target) continue;
      const r = await upgradeRoute.POST(new Request(`http://localhost/api/v1/clusters/${c.id}/upgrade`, { method: "POST", headers, body: JSON.stringify({ version: target }) }), { params: Promise.resolve({ id: c.id }) });
      expect(r.status, await r.clone().text()).toBe(202);
      const op = (await r.json()) as { id?: string; operation?: { id: string } };
      const name = Object.entries(ids).find(([, v]) => v === c.connectionId)![0];
      started.push({ opId: op.operation?.id ?? op.id!, clusterId: c.id, conn: name, externalId: c.externalId });
      usedConn.add(c.connectionId);
    }
    expect(started.length).toBeGreaterThanOrEqual(3);
    console.log(`[replicas] started ${started.length} upgrades at ${new Date().toISOString()}`);

    const finished = await waitFor(
      "operations finished",
      async () => {
        const ops = await prisma.operation.findMany({ where: { id: { in: started.map((s) => s.opId) } } });
        return ops.every((o) => !["pending", "running"].includes(o.state)) ? ops : null;
      },
      120_000,
      250,
    );
    for (const o of finished) expect(o.state, `${o.id}: ${o.error}`).toBe("succeeded");
    for (const s of started) {
      const posts = proxy.count(s.conn, (h) => h.method === "POST" && h.path.endsWith(`/clusters/${s.externalId}/migrate_version`));
      expect(posts, `upgrade requests for ${s.externalId}`).toBe(1);
    }
    const leaseOwners = new Set(finished.map((o) => o.leaseOwner).filter(Boolean));
    console.log(`[replicas] ${started.length} upgrades, one provider request each; finished by ${[...leaseOwners].join(", ") || "(leases released)"}`);
  }, 180_000);

  it("both replicas serve the same data", async () => {
    const a = await replicas[0].get("/api/v1/clusters?pageSize=200&sort=name", owner.token);
    const b = await replicas[1].get("/api/v1/clusters?pageSize=200&sort=name", owner.token);
    expect(a.status).toBe(200);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "syncedAt" || k === "ageSeconds" ? undefined : v)));
    expect(strip(a.body)).toEqual(strip(b.body));
    expect((a.body as { total: number }).total).toBeGreaterThan(0);
    const oa = await replicas[0].get("/api/v1/operations", owner.token);
    const ob = await replicas[1].get("/api/v1/operations", owner.token);
    expect(oa.status).toBe(200);
    expect(oa.body).toEqual(ob.body);
  });
});
