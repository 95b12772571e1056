/**
 * SIGKILL of a replica process in the middle of
 *   - an inventory sync: nothing half-written; once the dead replica's lease expires another replica
 *     syncs the connection completely;
 *   - an operation, right after the provider accepted the upgrade request and before the replica
 *     learned so: another replica finishes the operation, and the provider saw ONE upgrade request;
 *   - a credential rotation (`npm run admin -- rotate-keys`): every credential still decrypts (old or
 *     new key), and running the command again completes the rotation.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator as nks } from "@/simulators/nks";
import { createTestDatabase } from "@/test/support/db";
import { createConnections, root, seedOwner, sleep, startCountingProxy, startReplica, TEST_KEY, waitFor, type CountingProxy, type Replica } from "./support";

let dbUrl: string;
let sim: RunningSimulator;
let clock: SimClock;
let proxy: CountingProxy;
let owner: Awaited<ReturnType<typeof seedOwner>>;
const replicas: Replica[] = [];
const credentials = nks.credentialsFromEnv({} as NodeJS.ProcessEnv);
const survived: string[] = [];

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = TEST_KEY;
  process.env.LOG_LEVEL = "fatal";
  dbUrl = await createTestDatabase("sigkill");
  clock = new SimClock(600);
  sim = await startSimulator(nks.create({ clock, seed: 11, credentials }), clock, { port: 0, seed: 11 });
  proxy = await startCountingProxy(sim.url, 0);
  process.env.ALLOWED_PROVIDER_HOSTS = `127.0.0.1:${proxy.port}`;
  (await import("@/lib/config")).resetConfig();
  owner = await seedOwner("k");
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill("SIGKILL")));
  await proxy?.close();
  await sim?.close();
  console.log(`[sigkill] survived: ${survived.join("; ")}`);
});

const replicaEnv = () => ({ DATABASE_URL: dbUrl, ALLOWED_PROVIDER_HOSTS: `127.0.0.1:${proxy.port}`, SYNC_INTERVAL_SECONDS: "3600", PROVIDER_CONCURRENCY: "1", OPERATION_POLL_SECONDS: "0.3", OPERATION_LEASE_SECONDS: "2" });
async function replica() {
  const r = await startReplica(replicaEnv());
  replicas.push(r);
  return r;
}

describe("SIGKILL", () => {
  let conns: Record<string, string>;

  it("in the middle of a sync: nothing half-written, another replica completes it", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    // freeze provider time while counting: a seeded cluster finishing its deletion mid-test would change the count
    clock.setScale(0.000001);
    // reference: one complete sync's cluster count
    const ref = await createConnections(owner.team.id, ["ref"], proxy.baseUrl, credentials, "nks", new Date(Date.now() + 3_600_000));
    const { syncConnectionNow } = await import("@/lib/inventory/job");
    expect((await syncConnectionNow(ref.ref, { workerId: "reference" }))?.ok).toBe(true);
    const clustersPerSync = await prisma.clusterSnapshot.count({ where: { connectionId: ref.ref } });
    expect(clustersPerSync).toBeGreaterThan(0);

    proxy.latencyMs = 150; // a sync now takes seconds
    const a = await replica();
    conns = await createConnections(owner.team.id, ["k1", "k2", "k3"], proxy.baseUrl, credentials);
    await waitFor("a sync in flight", async () => ["k1", "k2", "k3"].some((n) => proxy.count(n) >= 4) && (await prisma.connection.count({ where: { syncLeaseOwner: a.workerId } })) > 0, 60_000, 20);
    await a.kill("SIGKILL");
    const leased = await prisma.connection.findMany({ where: { syncLeaseOwner: a.workerId } });
    expect(leased.length).toBeGreaterThan(0);
    for (const c of leased) {
      expect(c.lastSuccessAt).toBeNull();
      expect(await prisma.clusterSnapshot.count({ where: { connectionId: c.id } }), "no partial snapshot").toBe(0);
    }
    // the dead replica's lease expires (SYNC_TIMEOUT_SECONDS×2+30 s); expire it now instead of waiting
    await prisma.connection.updateMany({ where: { syncLeaseOwner: a.workerId }, data: { syncLeaseUntil: new Date(Date.now() - 1000) } });
    proxy.latencyMs = 0;
    await replica();
    await waitFor("all synced by the second replica", async () => (await prisma.connection.count({ where: { id: { in: Object.values(conns) }, lastSuccessAt: { not: null }, syncLeaseOwner: null } })) === 3, 60_000, 100);
    for (const id of Object.values(conns)) expect(await prisma.clusterSnapshot.count({ where: { connectionId: id } })).toBe(clustersPerSync);
    survived.push(`sync (${leased.length} connection(s) mid-sync)`);
    clock.setScale(600);
  });

  it("in the middle of an operation: another replica finishes it, the provider saw one upgrade request", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    const live = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    expect(live.length).toBe(1);
    const driver = live[0];
    const headers = { authorization: `Bearer ${owner.token}`, "content-type": "application/json", host: "localhost", origin: "http://localhost" };
    type H = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const options = ((await import("@/app/api/v1/clusters/[id]/upgrade-options/route")) as unknown as { GET: H }).GET;
    const upgrade = ((await import("@/app/api/v1/clusters/[id]/upgrade/route")) as unknown as { POST: H }).POST;
    let cluster: { id: string; externalId: string } | undefined;
    let version: string | undefined;
    for (const c of await prisma.clusterSnapshot.findMany({ where: { connectionId: conns.k1, status: "running" }, orderBy: { name: "asc" } })) {
      const o = (await (await options(new Request("http://localhost/x", { headers }), { params: Promise.resolve({ id: c.id }) })).json()) as { options?: { version: string; allowed: boolean; current?: boolean }[] };
      version = o.options?.find((x) => x.allowed && !x.current)?.version;
      if (version) {
        cluster = c;
        break;
      }
    }
    expect(cluster && version).toBeTruthy();

    // the provider accepts the upgrade; the replica is killed before the answer reaches it
    let killed = false;
    let acceptedStatus = 0;
    proxy.override = (hit, req, res) => {
      if (killed || hit.method !== "POST" || !hit.path.endsWith(`/clusters/${cluster!.externalId}/migrate_version`)) return false;
      killed = true;
      const t = new URL(sim.url);
      const up = http.request({ host: t.hostname, port: t.port, method: "POST", path: hit.path, headers: { ...req.headers, host: t.host } }, (r) => {
        acceptedStatus = r.statusCode ?? 0;
        r.resume();
        r.on("end", () => void driver.kill("SIGKILL").then(() => res.destroy()));
      });
      req.pipe(up);
      return true;
    };
    // provider time at wall-clock speed: the upgrade is still running when the next replica takes over
    clock.setScale(1);
    const r = await upgrade(new Request("http://localhost/x", { method: "POST", headers, body: JSON.stringify({ version }) }), { params: Promise.resolve({ id: cluster!.id }) });
    expect(r.status, await r.clone().text()).toBe(202);
    const opId = ((await r.json()) as { operation: { id: string } }).operation.id;
    await waitFor("the replica killed mid-operation", async () => killed && driver.child.signalCode === "SIGKILL", 60_000, 50);
    proxy.override = undefined;
    expect(acceptedStatus, "the provider accepted the first upgrade request").toBe(202);
    expect((await prisma.operation.findUniqueOrThrow({ where: { id: opId } })).state).toMatch(/pending|running/);

    await replica();
    await waitFor("the next replica sees the upgrade already under way", async () => JSON.stringify((await prisma.operation.findUniqueOrThrow({ where: { id: opId } })).timeline).includes("already upgrading"), 60_000, 100);
    clock.setScale(600);
    const op = await waitFor("the operation finished", async () => {
      const o = await prisma.operation.findUniqueOrThrow({ where: { id: opId } });
      return ["pending", "running"].includes(o.state) ? null : o;
    }, 90_000, 200);
    expect(op.state, op.error ?? "").toBe("succeeded");
    const upgrades = proxy.count("k1", (h) => h.method === "POST" && h.path.endsWith(`/clusters/${cluster!.externalId}/migrate_version`));
    expect(upgrades, "upgrade requests that reached the provider").toBe(1);
    survived.push("operation (killed after the provider accepted the upgrade)");
  }, 150_000);

  it("in the middle of a credential rotation: every credential still decrypts; a re-run completes it", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { encryptCredentials, decryptCredentials } = await import("@/lib/crypto");
    const { keyring, resetKeyring } = await import("@/lib/crypto/keys");
    const prisma = getPrisma();
    await prisma.connection.deleteMany({});
    const OLD = TEST_KEY;
    const NEW = Buffer.alloc(32, 7).toString("base64");
    const env = (e: Record<string, string>) => ({ NODE_ENV: "test", DATABASE_URL: dbUrl, DATA_DIR: path.join(root, "data-unused"), ...e }) as NodeJS.ProcessEnv;
    resetKeyring();
    const oldRing = keyring(env({ ENCRYPTION_KEY: OLD }));
    const N = 1500;
    const rows = Array.from({ length: N }, (_, i) => {
      const id = `crot${String(i).padStart(6, "0")}`;
      const enc = encryptCredentials({ token: `token-${i}-secret` }, { teamId: owner.team.id, connectionId: id }, oldRing);
      return { id, teamId: owner.team.id, provider: "nks", name: `rot-${i}`, baseUrl: "https://nks.example.com", credentialsCiphertext: enc.ciphertext, credentialsKeyId: enc.keyId, credentialsHint: "…x" };
    });
    await prisma.connection.createMany({ data: rows });

    const rotate = () => {
      const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/admin.ts"), "rotate-keys", "--batch-size", "1"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: dbUrl, ENCRYPTION_KEY: NEW, ENCRYPTION_KEYS_OLD: OLD, LOG_LEVEL: "fatal" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      return { child, exit, out: () => out };
    };
    const first = rotate();
    await waitFor("rotation under way", async () => /… (\d{2,}) re-encrypted/.test(first.out()), 60_000, 10);
    first.child.kill("SIGKILL");
    await first.exit;

    const newRing = keyring(env({ ENCRYPTION_KEY: NEW, ENCRYPTION_KEYS_OLD: OLD }));
    const check = async (ring: typeof newRing) => {
      const all = await prisma.connection.findMany({ where: { id: { startsWith: "crot" } }, select: { id: true, teamId: true, credentialsCiphertext: true, credentialsKeyId: true } });
      expect(all.length).toBe(N);
      for (const c of all) expect(decryptCredentials(c.credentialsCiphertext, { teamId: c.teamId, connectionId: c.id }, ring).token).toBe(`token-${Number(c.id.slice(4))}-secret`);
      return { underNew: all.filter((c) => c.credentialsKeyId === newRing.current.id).length, underOld: all.filter((c) => c.credentialsKeyId === oldRing.current.id).length };
    };
    const mid = await check(newRing);
    expect(mid.underNew).toBeGreaterThan(0);
    expect(mid.underOld, "the kill happened before the rotation finished").toBeGreaterThan(0);

    const second = rotate();
    expect(await second.exit, second.out()).toBe(0);
    expect(second.out()).toMatch(/every credential is under the current key/);
    resetKeyring();
    const done = await check(keyring(env({ ENCRYPTION_KEY: NEW })));
    expect(done).toEqual({ underNew: N, underOld: 0 });
    survived.push(`credential rotation (killed with ${mid.underNew}/${N} re-encrypted)`);
    await sleep(10);
  }, 150_000);
});
