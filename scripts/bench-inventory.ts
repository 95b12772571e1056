/**
 * `npm run bench:inventory`: the inventory at 10,000 clusters, measured in one run.
 *
 *   1. a throwaway PostgreSQL (test/support/postgres.ts), migrated;
 *   2. 40 simulator instances on loopback in their own process (10 per provider kind, distinct seeds), seeded to about
 *      250 clusters per connection with SIM_SEED_SCALE; one connection each;
 *   3. (a) cold aggregation: all 40 connections synced from empty snapshots by the worker's tick,
 *      divided by the slowest provider's own response time for its cluster list (adapter
 *      listClusters() of each connection alone; per provider kind the median of its connections, the
 *      slowest kind: the largest of 40 single noisy samples would flatter the ratio). Both terms are measured under
 *      one network model, twice: first at loopback speed (zero latency: CPU-bound, since the simulators
 *      answer instantly and share this machine's cores, so the aggregation only measures how the CPU
 *      is shared), then — the headline ratio — with every simulator answer delayed by a provider round
 *      trip (the simulator kit's fault injection, `latencyMs` + uniform `jitterMs`): a real provider's
 *      list time is network round trips and its own servers' work, not this machine's CPU. Default
 *      50 ms + 0–50 ms (an assumption, not a published figure: a cloud control-plane API call from
 *      outside its region is tens of ms of round trip plus tens of ms of service time; within the
 *      region it is less, across continents 100–200 ms more). --latency MS / --jitter MS
 *      (BENCH_LATENCY_MS / BENCH_JITTER_MS) change it; 0 and 0 = loopback speed for both passes;
 *   4. a server against that database: the production server (scripts/server.mjs, what `npm start`
 *      runs) when the production build contains the
 *      inventory routes, else the same route handlers served by a child process (Node http →
 *      Request → handler → Response); (b) warm GET /api/v1/clusters throughput divided by
 *      GET /api/health throughput (same concurrency, same duration, personal API token);
 *      (c) the server's peak RSS (VmHWM of the server process and its children).
 *
 * Bounded loops, loopback only. --only-a stops after (a). Flags (or env): --clusters N (BENCH_CLUSTERS, total, default 10,000;
 * BENCH_CLUSTERS_PER_CONNECTION still wins when set), --connections N (BENCH_CONNECTIONS, 40),
 * --db postgres|pglite (BENCH_DB, postgres: the embedded PGlite is served by this process on its Unix
 * socket, as `npm start` serves it), BENCH_SECONDS (5 per throughput run), BENCH_CONCURRENCY (16),
 * BENCH_SERVER=next|handlers (auto), BENCH_CPU_PROFILE=<dir> (the server writes V8 CPU profiles there
 * when it exits). The personal API token's request budget is switched off for the server
 * (API_TOKEN_RATE_LIMIT_PER_MINUTE=0): the benchmark measures throughput, not the limit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { serverHeapFlags } from "./heap.mjs";
import { rerunOnImageNode } from "./image-node";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
/** the https simulators' CA and certificate, shared by the simulator process and the dashboard process */
const BENCH_TLS_DIR = path.join(os.tmpdir(), "clusterdeck-bench-tls");

// ------------------------------------------------------------------ child mode: serve the handlers

async function serve() {
  const port = Number(process.argv[3]);
  const { boot } = await import("../lib/boot");
  await boot();
  type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
  const routes: [RegExp, Record<string, Handler>][] = [
    [/^\/api\/health$/, (await import("../app/api/health/route")) as unknown as Record<string, Handler>],
    [/^\/api\/v1\/clusters$/, (await import("../app/api/v1/clusters/route")) as unknown as Record<string, Handler>],
    [/^\/api\/v1\/overview$/, (await import("../app/api/v1/overview/route")) as unknown as Record<string, Handler>],
  ];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const route = routes.find(([re]) => re.test(url.pathname));
    const h = route?.[1][req.method ?? "GET"];
    if (!h) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const answer = await h(new Request(url, { method: req.method, headers }), { params: Promise.resolve({}) });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, "127.0.0.1", () => console.log("serving"));
}

// ------------------------------------------------------------------ child mode: the 40 simulators (own process, like remote providers)

type SimInfo = { kind: string; url: string; demo: { baseUrl: string; credentials: Record<string, string>; defaultScope?: string } };

async function simulators() {
  const connections = Number(process.argv[3]);
  const perConnection = Number(process.argv[4]);
  const { SIMULATORS } = await import("../simulators/index");
  const { SimClock } = await import("../simulators/kit/clock");
  const { startSimulator } = await import("../simulators/kit/server");
  const { allowProviderHosts, adapterFor } = await import("../lib/connections");
  const { simulatorTls } = await import("../simulators/kit/tls");
  const { trustProviderCAs } = await import("../lib/connections/outbound-agent");
  const tls = simulatorTls({ dir: BENCH_TLS_DIR });
  trustProviderCAs([tls.ca]);
  const clock = new SimClock(1);
  const startOne = async (mod: (typeof SIMULATORS)[number], seed: string, scale: number) => {
    process.env.SIM_SEED_SCALE = String(scale);
    const credentials = mod.credentialsFromEnv(process.env);
    const sim = await startSimulator(mod.create({ clock, seed, credentials }), clock, { port: 0, seed, tls: mod.tls ? tls : undefined });
    delete process.env.SIM_SEED_SCALE;
    allowProviderHosts([new URL(sim.url).host]);
    const { baseUrl, defaultScope } = mod.demoConnections(sim.url, credentials)[0];
    return { sim, info: { kind: mod.kind, url: sim.url, demo: { baseUrl, credentials, defaultScope } } satisfies SimInfo };
  };
  // calibrate: clusters one connection sees at scale 1, per kind
  const scaleOf: Record<string, number> = {};
  for (const mod of SIMULATORS) {
    const s = await startOne(mod, "bench-0", 1);
    const base = (await (await adapterFor({ provider: mod.kind, ...s.info.demo })).listClusters()).length;
    await s.sim.close();
    scaleOf[mod.kind] = perConnection / Math.max(1, base);
  }
  const infos: SimInfo[] = [];
  const sims: Awaited<ReturnType<typeof startOne>>["sim"][] = [];
  for (let i = 0; i < connections; i++) {
    const mod = SIMULATORS[i % SIMULATORS.length];
    const s = await startOne(mod, `bench-${i}`, scaleOf[mod.kind]);
    infos.push(s.info);
    sims.push(s.sim);
  }
  // the network model, switched by the benchmark between passes: `FAULTS {"latencyMs":50,"jitterMs":50}` on stdin
  // (the simulator kit's fault injection, simulators/kit/faults.ts; every provider answer is delayed)
  let pending = "";
  process.stdin.on("data", (d: Buffer) => {
    pending += d.toString();
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.startsWith("FAULTS ")) continue;
      const faults = JSON.parse(line.slice(7)) as Record<string, unknown>;
      for (const sim of sims) sim.setFaults(faults);
      process.stdout.write(`FAULTS-SET ${JSON.stringify(faults)}\n`);
    }
  });
  process.stdout.write(`SIMS ${JSON.stringify(infos)}\n`);
}

// ------------------------------------------------------------------ helpers

/** `--name value` on the command line, else the environment variable, else the default */
function envInt(name: string, def: number, flag?: string): number {
  const i = flag ? process.argv.indexOf(`--${flag}`) : -1;
  const n = Number(i > 0 ? process.argv[i + 1] : process.env[name]);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : def;
}

/** like envInt, but 0 is a value (latency) */
function envNum(name: string, def: number, flag: string): number {
  const i = process.argv.indexOf(`--${flag}`);
  const raw = i > 0 ? process.argv[i + 1] : process.env[name];
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : def;
}

function flagValue(flag: string, env: string, def: string): string {
  const i = process.argv.indexOf(`--${flag}`);
  return (i > 0 ? process.argv[i + 1] : process.env[env]) || def;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** user + system CPU time so far, ms (USER_HZ is 100 on Linux) */
  cpuMs: number;
}

function readProcs(): Proc[] {
  const procs: Proc[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.push({ pid: Number(d), ppid: Number(f[1]), comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), cpuMs: (Number(f[11]) + Number(f[12])) * 10 });
    } catch {
      /* exited */
    }
  }
  return procs;
}

/** pid and every descendant */
function processTree(pid: number, procs: Proc[]): Set<number> {
  const tree = new Set([pid]);
  for (let grew = true, guard = 0; grew && guard < 50; guard++) {
    grew = false;
    for (const p of procs) {
      if (tree.has(p.ppid) && !tree.has(p.pid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** peak RSS (VmHWM) in MB of pid and every descendant */
function peakRssMb(pid: number): { total: number; main: number } {
  const hwm = (p: number) => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let total = 0;
  for (const p of processTree(pid, readProcs())) total += hwm(p);
  return { total, main: hwm(pid) };
}

/** CPU time (ms) used so far by pid and its descendants, and by every `postgres` process */
function cpuMs(pid: number): { server: number; database: number } {
  const procs = readProcs();
  const tree = processTree(pid, procs);
  let server = 0;
  let database = 0;
  for (const p of procs) {
    if (tree.has(p.pid)) server += p.cpuMs;
    else if (p.comm === "postgres") database += p.cpuMs;
  }
  return { server, database };
}

async function waitFor(url: string, ms: number, child?: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** requests/second over `seconds` with `concurrency` workers (bounded by time and a request cap) */
async function throughput(url: string, headers: Record<string, string>, seconds: number, concurrency: number): Promise<{ rps: number; n: number; p50: number; p95: number; bytes: number }> {
  const until = performance.now() + seconds * 1000;
  const lat: number[] = [];
  let bytes = 0;
  let failures = 0;
  const worker = async () => {
    for (let i = 0; i < 1_000_000 && performance.now() < until; i++) {
      const t = performance.now();
      const r = await fetch(url, { headers });
      const body = await r.arrayBuffer();
      if (r.status !== 200) failures++;
      bytes = body.byteLength;
      lat.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  if (failures) throw new Error(`${failures} non-200 answers from ${url}`);
  lat.sort((a, b) => a - b);
  return { rps: lat.length / elapsed, n: lat.length, p50: lat[Math.floor(lat.length / 2)], p95: lat[Math.floor(lat.length * 0.95)], bytes };
}

// ------------------------------------------------------------------ the benchmark

async function main() {
  const connections = envInt("BENCH_CONNECTIONS", 40, "connections");
  const perConnection = envInt("BENCH_CLUSTERS_PER_CONNECTION", Math.max(1, Math.round(envInt("BENCH_CLUSTERS", 10_000, "clusters") / connections)));
  const seconds = envInt("BENCH_SECONDS", 5);
  const concurrency = envInt("BENCH_CONCURRENCY", 16);
  const dbKind = flagValue("db", "BENCH_DB", "postgres");
  // the provider round trip every simulator answer is delayed by (0 = loopback speed); see the header
  const network = { latencyMs: envNum("BENCH_LATENCY_MS", 50, "latency"), jitterMs: envNum("BENCH_JITTER_MS", 50, "jitter") };
  if (dbKind !== "postgres" && dbKind !== "pglite") throw new Error(`--db postgres|pglite, not ${dbKind}`);

  const { freePort } = await import("../test/support/postgres");
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "cd-bench-"));
    let dbUrl: string;
    let stopEmbedded: (() => Promise<void>) | undefined;
    if (dbKind === "pglite") {
      // the embedded database as `npm start` opens it: PGlite served on its owner-only Unix socket
      const { startEmbeddedDatabase } = await import("../lib/db/embedded");
      const embedded = await startEmbeddedDatabase({ dataDir });
      stopEmbedded = () => embedded.stop();
      cleanups.push(() => embedded.stop());
      dbUrl = embedded.url;
      process.env.CLUSTERDECK_DB_KIND = "embedded";
    } else {
      const { startTestPostgres } = await import("../test/support/postgres");
      const pgServer = await startTestPostgres();
      cleanups.push(() => pgServer.stop());
      dbUrl = await pgServer.createDatabase("bench_inventory");
    }
    Object.assign(process.env, {
      DATABASE_URL: dbUrl,
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      DATA_DIR: dataDir,
      CLUSTERDECK_DEMO: "0",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
      WORKER_ENABLED: "false",
      API_TOKEN_RATE_LIMIT_PER_MINUTE: "0",
      // the shared machine may be loaded many times over: measure a slow sync rather than fail it
      SYNC_TIMEOUT_SECONDS: process.env.SYNC_TIMEOUT_SECONDS ?? "120",
      // one sync per connection per tick, however long a loaded machine makes the tick
      SYNC_INTERVAL_SECONDS: "3600",
      // PostgreSQL: a pool per process; the embedded database takes one connection (lib/db/client.ts)
      ...(dbKind === "postgres" ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? "20" } : {}),
    });
    const { applyMigrations } = await import("../lib/db/migrate");
    await applyMigrations(dbUrl);
    const { resetConfig, config } = await import("../lib/config");
    resetConfig();

    // ---- simulators in their own process (calibrated per kind to ~250 clusters per connection)
    const simProc = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/bench-inventory.ts"), "--simulators", String(connections), String(perConnection)], {
      cwd: root,
      env: { ...process.env, ALLOWED_PROVIDER_HOSTS: "" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    cleanups.push(() => void simProc.kill("SIGTERM"));
    // the simulators' stdout: the SIMS line, then one FAULTS-SET line per network-model switch
    let simOut = "";
    const simWaiters: { re: RegExp; resolve: (line: string) => void }[] = [];
    const simLine = (re: RegExp) => new Promise<string>((resolve) => simWaiters.push({ re, resolve }));
    simProc.stdout!.on("data", (d: Buffer) => {
      simOut += d.toString();
      // a line may arrive in several chunks (200 connections: over 64 KB)
      for (let nl = simOut.indexOf("\n"); nl >= 0; nl = simOut.indexOf("\n")) {
        const line = simOut.slice(0, nl + 1);
        simOut = simOut.slice(nl + 1);
        const i = simWaiters.findIndex((w) => w.re.test(line));
        if (i >= 0) simWaiters.splice(i, 1)[0].resolve(line);
      }
    });
    const sims = await new Promise<SimInfo[]>((resolve, reject) => {
      simProc.on("exit", (code) => reject(new Error(`the simulators exited (${code})`)));
      void simLine(/^SIMS /).then((line) => resolve(JSON.parse(line.slice(5)) as SimInfo[]));
    });
    /** the network model: every simulator answer delayed by latencyMs + uniform [0, jitterMs] */
    const setNetwork = async (n: { latencyMs: number; jitterMs: number }) => {
      const ack = simLine(/^FAULTS-SET /);
      simProc.stdin!.write(`FAULTS ${JSON.stringify(n)}\n`);
      await ack;
    };
    const { createConnection, adapterForConnection } = await import("../lib/connections");
    const { SIMULATORS } = await import("../simulators/index");
    process.env.ALLOWED_PROVIDER_HOSTS = sims.map((s) => new URL(s.url).host).join(",");
    resetConfig();
    const { simulatorTls } = await import("../simulators/kit/tls");
    (await import("../lib/connections/outbound-agent")).trustProviderCAs([simulatorTls({ dir: BENCH_TLS_DIR }).ca]);

    // ---- team, token, connections
    const { createLocalUser } = await import("../lib/auth/users");
    const { createToken } = await import("../lib/auth/tokens");
    const { getPrisma, disconnectPrisma } = await import("../lib/db/client");
    const u = await createLocalUser({ email: "bench@clusterdeck.test", team: "Bench", role: "viewer" }, {});
    const token = (await createToken({ userId: u.userId, teamId: u.teamId, name: "bench" }, {})).token;
    const ids: string[] = [];
    for (const [i, s] of sims.entries()) {
      const r = await createConnection({ teamId: u.teamId }, { provider: s.kind, name: `${s.kind} ${i}`, baseUrl: s.demo.baseUrl, credentials: s.demo.credentials, defaultScope: s.demo.defaultScope ?? null, test: false });
      ids.push(r.connection.id);
    }

    // ---- (a) measured twice, each pass with one network model for both its terms:
    //   the providers' own cluster-list time (each connection alone, adapter listClusters()), and the cold
    //   aggregation (empty snapshots, every connection due, one worker tick).
    //   First at loopback speed (zero latency: CPU-bound, the simulators share this machine's cores), then
    //   with the realistic round trip (the headline): remote providers' time is network and their servers' work.
    const { runInventoryTick, parallelSyncs, syncPoolBounds } = await import("../lib/inventory/job");
    const prisma = getPrisma();
    const passA = async (network: { latencyMs: number; jitterMs: number }, warmUp: boolean) => {
      await setNetwork(network);
      const listMs: { kind: string; ms: number; n: number }[] = [];
      for (const [i, id] of ids.entries()) {
        const adapter = await adapterForConnection(id);
        if (warmUp) await adapter.listClusters();
        const t = performance.now();
        const n = (await adapter.listClusters()).length;
        listMs.push({ kind: sims[i].kind, ms: performance.now() - t, n });
      }
      // cold: no snapshots at all
      await prisma.$executeRawUnsafe(`DELETE FROM "ClusterSnapshot"`);
      await prisma.$executeRawUnsafe(`DELETE FROM "ScopeSnapshot"`);
      await prisma.$executeRawUnsafe(`DELETE FROM "VersionSnapshot"`);
      await prisma.connection.updateMany({ data: { nextSyncAt: new Date(Date.now() - 1000) } });
      const t0 = performance.now();
      const cpu0 = { own: process.cpuUsage(), others: cpuMs(simProc.pid!) };
      const results = await runInventoryTick("bench");
      const coldMs = performance.now() - t0;
      // where the CPU went during the cold pass: this process (the worker's syncs), the simulators, PostgreSQL
      const own = process.cpuUsage(cpu0.own);
      const others = cpuMs(simProc.pid!);
      const cpu = { worker: (own.user + own.system) / 1000, simulators: others.server - cpu0.others.server, database: others.database - cpu0.others.database };
      const failed = results.filter((r) => !r.ok);
      if (failed.length) throw new Error(`${failed.length} syncs failed: ${failed.map((f) => f.error).join("; ")}`);
      if (results.length !== ids.length) throw new Error(`only ${results.length} of ${ids.length} connections synced`);
      // the slowest provider: per kind the median of its connections' lists (one list alone is a single noisy
      // sample on a shared machine, and the largest of 40 such samples is biased upwards), the slowest kind
      const medianOf = (kind: string) => {
        const l = listMs.filter((x) => x.kind === kind).sort((x, y) => x.ms - y.ms);
        return l[Math.floor((l.length - 1) / 2)];
      };
      const slowest = [...new Set(listMs.map((l) => l.kind))].map(medianOf).reduce((x, y) => (y.ms > x.ms ? y : x));
      const slowestSingle = listMs.reduce((x, y) => (y.ms > x.ms ? y : x));
      return {
        network,
        listMs,
        slowest,
        slowestSingle,
        sumListMs: listMs.reduce((n, l) => n + l.ms, 0),
        coldMs,
        ratio: coldMs / slowest.ms,
        maxWrite: Math.max(...results.map((r) => r.durationMs - r.readMs)),
        longestSync: Math.max(...results.map((r) => r.durationMs)),
        cpu,
      };
    };
    const loopback = await passA({ latencyMs: 0, jitterMs: 0 }, true);
    const realistic = await passA(network, false);
    const { listMs, slowest, coldMs, maxWrite } = realistic;
    const snapshots = await prisma.clusterSnapshot.count();
    const expected = listMs.reduce((n, l) => n + l.n, 0);
    // warm re-sync (every row exists: the update path)
    await prisma.connection.updateMany({ data: { nextSyncAt: new Date(Date.now() - 1000) } });
    const t1 = performance.now();
    await runInventoryTick("bench");
    const warmSyncMs = performance.now() - t1;
    if (process.argv.includes("--only-a")) {
      console.log(`(a) ${JSON.stringify({ parallelSyncs: parallelSyncs(), realistic: { ...realistic, listMs: undefined }, loopback: { ...loopback, listMs: undefined }, warmSyncMs })}`);
      return;
    }
    await disconnectPrisma();

    // ---- server
    const manifest = path.join(root, ".next", "app-path-routes-manifest.json");
    const hasBuild = existsSync(manifest) && readFileSync(manifest, "utf8").includes("/api/v1/clusters/route");
    const mode = process.env.BENCH_SERVER ?? (hasBuild ? "next" : "handlers");
    const port = await freePort();
    const serverEnv = { ...process.env, PORT: String(port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: `http://127.0.0.1:${port}` } as NodeJS.ProcessEnv;
    if (stopEmbedded) {
      // PGlite admits one process per data directory (lib/db/embedded.ts: the lock): the server opens and serves
      // it itself, as `npm start` does (DATA_DIR, no DATABASE_URL). Handing it the socket URL with
      // CLUSTERDECK_DB_KIND=embedded made it try to open the same data directory, find it locked by this process and
      // exit right after Next's "Ready" (its fatal log line went to the ignored stdout).
      await stopEmbedded();
      delete serverEnv.DATABASE_URL;
      delete serverEnv.CLUSTERDECK_DB_KIND;
      delete serverEnv.DATABASE_POOL_MAX;
    }
    const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
    const child =
      mode === "next"
        ? spawn(process.execPath, [...profile, ...serverHeapFlags(serverEnv), path.join(root, "scripts/server.mjs")], { cwd: root, env: { ...serverEnv, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", process.env.BENCH_SERVER_OUTPUT ? "inherit" : "pipe", "inherit"] })
        : spawn(process.execPath, [...profile, "--import", "tsx", path.join(root, "scripts/bench-inventory.ts"), "--serve", String(port)], { cwd: root, env: serverEnv, stdio: ["ignore", process.env.BENCH_SERVER_OUTPUT ? "inherit" : "pipe", "inherit"] });
    // the server's log (pino, stdout): its last lines are shown when it exits early
    let serverTail = "";
    child.stdout?.on("data", (d: Buffer) => void (serverTail = (serverTail + d.toString()).slice(-4000)));
    child.on("exit", (code) => {
      if (code) console.error(`the server exited with ${code}; its last output:\n${serverTail}`);
    });
    cleanups.push(() => {
      child.kill("SIGTERM");
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, 120_000, child);
    const auth = { authorization: `Bearer ${token}` };
    const first = await fetch(`${base}/api/v1/clusters?pageSize=1`, { headers: auth }).then((r) => r.json() as Promise<{ total: number }>);
    if (first.total !== snapshots) throw new Error(`the server sees ${first.total} clusters, expected ${snapshots}`);
    // warm-up both paths
    await throughput(`${base}/api/health`, {}, 1, concurrency);
    await throughput(`${base}/api/v1/clusters`, auth, 1, concurrency);
    const cpuH0 = cpuMs(child.pid!);
    const health = await throughput(`${base}/api/health`, {}, seconds, concurrency);
    const healthCpuMs = (cpuMs(child.pid!).server - cpuH0.server) / health.n;
    // right after the bulk load: no visibility map for index-only scans, no planner statistics yet
    const listUnvacuumed = await throughput(`${base}/api/v1/clusters`, auth, seconds, concurrency);
    // what autovacuum does to a live database within a minute of such a load
    // the embedded database is now the server's: reached through the socket its lock names (as the admin CLI does)
    if (stopEmbedded) dbUrl = (await import("../lib/db/embedded")).readLock(dataDir)?.url || dbUrl;
    const pg = new (await import("pg")).default.Client({ connectionString: dbUrl });
    pg.on("error", (e: Error) => console.error(`benchmark's database client: ${e.message}`));
    await pg.connect();
    await pg.query("VACUUM ANALYZE");
    if (process.env.BENCH_EXPLAIN) {
      // the plans of the list's statement for the page and for the search (PostgreSQL's own timing)
      const { whereSql, orderSql } = await import("../lib/inventory/cluster-query");
      const { clusterQuerySchema } = await import("../lib/inventory/query");
      for (const raw of [{}, { q: 'prod -"us-east" 1.3', sort: "-version", status: "running" }]) {
        const q = clusterQuerySchema.parse(raw);
        const { Prisma } = await import("../lib/db/client");
        const o = orderSql(q.sort);
        const w = whereSql(u.teamId, q, null, new Date());
        const stmt = Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) SELECT c.id, (SELECT count(*) FROM "ClusterSnapshot" c WHERE ${w}) FROM "ClusterSnapshot" c WHERE ${w} ORDER BY ${o.orderBy} LIMIT 50`;
        console.log((await pg.query(stmt.sql, stmt.values as unknown[])).rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"));
      }
    }
    const size = (await pg.query<{ db: string; snapshots: string }>(`SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('"ClusterSnapshot"')::text AS snapshots`)).rows[0];
    await pg.end();
    const cpu0 = cpuMs(child.pid!);
    const list = await throughput(`${base}/api/v1/clusters`, auth, seconds, concurrency);
    const cpu1 = cpuMs(child.pid!);
    const perRequest = { server: (cpu1.server - cpu0.server) / list.n, database: (cpu1.database - cpu0.database) / list.n };
    const search = await throughput(`${base}/api/v1/clusters?q=${encodeURIComponent('prod -"us-east" 1.3')}&sort=-version&status=running`, auth, seconds, concurrency);
    const tc = performance.now();
    const csv = await fetch(`${base}/api/v1/clusters?format=csv`, { headers: auth }).then((r) => r.text());
    const csvMs = performance.now() - tc;
    const csvRows = csv.trim().split("\r\n").length - 1;
    const rss = peakRssMb(child.pid!);

    // ---- report
    const byKind = Object.fromEntries(SIMULATORS.map((m) => [m.kind, listMs.filter((l) => l.kind === m.kind)]));
    console.log(`\nInventory benchmark — ${connections} connections, ${snapshots} clusters (providers listed ${expected}), ${dbKind === "pglite" ? "embedded PGlite served by the server process" : `PostgreSQL ${dbUrl.replace(/\/\/.*@/, "//")}`}`);
    console.log(`machine: ${os.cpus().length} CPU(s), Node ${process.version}; SYNC_TIMEOUT_SECONDS=${process.env.SYNC_TIMEOUT_SECONDS}, PROVIDER_CONCURRENCY=${config().PROVIDER_CONCURRENCY}, sync pool ${syncPoolBounds().min}–${syncPoolBounds().max} (adapts to the event loop's utilisation); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    for (const [kind, l] of Object.entries(byKind)) {
      console.log(`  ${kind.padEnd(11)} ${l.length} connections × ~${Math.round(l.reduce((n, x) => n + x.n, 0) / Math.max(1, l.length))} clusters; listClusters alone: max ${fmt(Math.max(...l.map((x) => x.ms)))}`);
    }
    const net = (n: { latencyMs: number; jitterMs: number }) => (n.latencyMs || n.jitterMs ? `provider round trip ${n.latencyMs} ms + 0–${n.jitterMs} ms jitter` : "loopback speed, zero latency");
    const lineA = (p: typeof realistic) =>
      `${fmt(p.coldMs)} ÷ ${fmt(p.slowest.ms)} (slowest provider's own cluster list, median of its connections: ${p.slowest.kind}, ${p.slowest.n} clusters) = ${p.ratio.toFixed(2)}` +
      `\n      slowest single list ${fmt(p.slowestSingle.ms)} (${p.slowestSingle.kind}; ratio against it ${(p.coldMs / p.slowestSingle.ms).toFixed(2)})` +
      `\n      longest single sync ${fmt(p.longestSync)}, longest snapshot write ${fmt(p.maxWrite)}; the ${connections} lists one by one ${fmt(p.sumListMs)}` +
      `\n      CPU during the cold pass: worker ${fmt(p.cpu.worker)}, simulators ${fmt(p.cpu.simulators)}${dbKind === "postgres" ? `, PostgreSQL ${fmt(p.cpu.database)}` : " (PGlite inside the worker)"}`;
    console.log(`\n(a) cold aggregation of all ${connections} connections (sync pool ${syncPoolBounds().min}–${syncPoolBounds().max}), each side under the same network model:`);
    console.log(`    ${net(realistic.network)}: ${lineA(realistic)}`);
    console.log(`    ${net(loopback.network)} (CPU-bound: the simulators run on these cores): ${lineA(loopback)}`);
    console.log(`    ratio = ${realistic.ratio.toFixed(2)}   (at loopback speed ${loopback.ratio.toFixed(2)}; warm re-sync of all ${fmt(warmSyncMs)})`);
    console.log(`(b) server: ${mode === "next" ? "scripts/server.mjs (production build)" : "route handlers in a child process (no production build with the inventory routes)"}, ${concurrency} concurrent clients, ${seconds} s each`);
    console.log(`    GET /api/health           ${health.rps.toFixed(0)} req/s (p50 ${health.p50.toFixed(1)} ms, p95 ${health.p95.toFixed(1)} ms)`);
    console.log(`    GET /api/v1/clusters      ${list.rps.toFixed(0)} req/s (p50 ${list.p50.toFixed(1)} ms, p95 ${list.p95.toFixed(1)} ms, ${(list.bytes / 1024).toFixed(0)} KiB per page of 50 of ${snapshots})`);
    console.log(`    ratio = ${(list.rps / health.rps).toFixed(3)}   (after VACUUM ANALYZE, as autovacuum keeps a live database; in the first minute after the bulk load, before it: ${listUnvacuumed.rps.toFixed(0)} req/s, ratio ${(listUnvacuumed.rps / health.rps).toFixed(3)})`);
    console.log(`    (server CPU per request: health ${healthCpuMs.toFixed(2)} ms, list ${perRequest.server.toFixed(2)} ms, ratio ${(healthCpuMs / perRequest.server).toFixed(3)} — the throughput ratio's bound on a quiet machine)`);
    console.log(`    (CPU per list request: server ${perRequest.server.toFixed(1)} ms${dbKind === "pglite" ? " including the embedded database" : `, PostgreSQL ${perRequest.database.toFixed(1)} ms`})`);
    console.log(`    (search+filter+sort: ${search.rps.toFixed(0)} req/s, p95 ${search.p95.toFixed(1)} ms; CSV of all ${csvRows} rows: ${fmt(csvMs)}, ${(csv.length / 1024 / 1024).toFixed(1)} MiB)`);
    console.log(`(c) server peak RSS: ${rss.main.toFixed(0)} MB${rss.total > rss.main + 1 ? ` (with child processes ${rss.total.toFixed(0)} MB)` : ""}`);
    const mb = (b: string) => (Number(b) / 1024 / 1024).toFixed(0);
    console.log(`database (${dbKind === "pglite" ? "embedded PGlite" : "PostgreSQL"}): ${mb(size.db)} MB, of which the cluster snapshots with their indexes ${mb(size.snapshots)} MB\n`);
    // one line for tables of several runs (docs/operations.md)
    const r1 = (n: number) => Math.round(n * 10) / 10;
    console.log(
      `RESULT ${JSON.stringify({
        db: dbKind, connections, clusters: snapshots, latencyMs: network.latencyMs, jitterMs: network.jitterMs, coldMs: r1(coldMs), slowestListMs: r1(slowest.ms), ratioA: Math.round(realistic.ratio * 100) / 100,
        coldMs0: r1(loopback.coldMs), slowestListMs0: r1(loopback.slowest.ms), ratioA0: Math.round(loopback.ratio * 100) / 100, longestSyncMs: r1(realistic.longestSync), workerCpuMs: r1(realistic.cpu.worker), workerCpuMs0: r1(loopback.cpu.worker), syncPool: `${syncPoolBounds().min}-${syncPoolBounds().max}`,
        maxWriteMs: r1(maxWrite), warmSyncMs: r1(warmSyncMs),
        healthRps: r1(health.rps), listRps: r1(list.rps), ratioB: Math.round((list.rps / health.rps) * 1000) / 1000, listP50: r1(list.p50), listP95: r1(list.p95), healthCpuMs: r1(healthCpuMs * 10) / 10, listCpuMs: r1(perRequest.server * 10) / 10,
        searchP95: r1(search.p95), csvMs: r1(csvMs), csvRows, rssMb: r1(rss.main), dbMb: Number(mb(size.db)), snapshotsMb: Number(mb(size.snapshots)),
      })}\n`,
    );
  } finally {
    await cleanup();
  }
  process.exit(0);
}

if (process.argv[2] === "--serve") await serve();
else if (process.argv[2] === "--simulators") await simulators();
else {
  // the server and the worker on the Node the image runs (scripts/image-node.ts)
  rerunOnImageNode(path.join(root, "scripts/bench-inventory.ts"));
  await main();
}
