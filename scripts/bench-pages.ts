/**
 * `npm run bench:pages`: Lighthouse over the main pages at about 10,000 clusters (issue 20 item 2).
 *
 *   1. builds when no current production build exists (the same check as `npm start`);
 *   2. starts the production server (scripts/server.mjs, what `npm start` runs) on a free port with a throw-away embedded database (a temp DATA_DIR) and the
 *      demo on (CLUSTERDECK_DEMO=1), its simulators on free ports and seeded with SIM_SEED_SCALE (54 by
 *      default: about 10,000 clusters over the demo connections);
 *   3. creates the owner (first-run set-up API), signs in with the password (session cookie), adds the
 *      demo connections and waits until every connection has synced;
 *   4. runs Lighthouse (default mobile profile, performance only) in Debian's Chromium over /, /clusters,
 *      /versions, /connections and one cluster page, with the session cookie, and prints per page: the
 *      performance score, total blocking time, largest contentful paint and JavaScript bytes transferred.
 *
 * Env: BENCH_SEED_SCALE (54), BENCH_PAGES (comma-separated paths; "cluster" = the first cluster's page),
 * BENCH_REPORT_DIR (writes each page's Lighthouse JSON there), CHROMIUM_PATH (/usr/bin/chromium),
 * BENCH_RUNS (1: Lighthouse passes over the same server, one table each), BENCH_KEEP_DATA=1 (keeps the temp DATA_DIR), BENCH_SKIP_BUILD=1 (measures the existing build as it is). Loopback only; everything started here is stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { serverHeapFlags } from "./heap.mjs";
import { rerunOnImageNode } from "./image-node";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { buildIsCurrent, sourceHash, STAMP } from "./build-state.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SEED_SCALE = process.env.BENCH_SEED_SCALE ?? "54";
const PAGES = (process.env.BENCH_PAGES ?? "/,/clusters,/versions,/connections,cluster").split(",").map((p) => p.trim()).filter(Boolean);
const OWNER = { teamName: "Bench", name: "Bench Owner", email: "bench@clusterdeck.test", password: "bench-owner-password-1" };
/** issue 20's page targets (the pages they apply to) */
const TARGETS = { score: 90, tbtMs: 200, jsKB: 150, pages: ["/", "/clusters", "/versions"] };

const say = (line: string) => console.log(`bench:pages: ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** a port nothing listens on now (the kernel's pick, released at once) */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function ensureBuild() {
  if (buildIsCurrent(root)) return;
  if (process.env.BENCH_SKIP_BUILD === "1") {
    say("BENCH_SKIP_BUILD=1: measuring the existing build although the sources changed since");
    return;
  }
  say("building the production bundle (sources changed or no build yet)…");
  const hash = sourceHash(root);
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error("the build failed");
  writeFileSync(path.join(root, STAMP), JSON.stringify({ hash, builtAt: new Date().toISOString() }));
}

const SIM_PORT_ENVS = ["SIM_NKS_PORT", "SIM_CLOUDFERRO_PORT", "SIM_COREWEAVE_PORT", "SIM_RAFAY_PORT", "SIM_EKS_PORT", "SIM_GKE_PORT", "SIM_AKS_PORT", "SIM_KUBERNETES_PORT"];

async function startServer(dataDir: string): Promise<{ child: ChildProcess; origin: string; log: string[] }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const sims: Record<string, string> = {};
  for (const name of SIM_PORT_ENVS) sims[name] = String(await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...sims,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    NEXTAUTH_URL: origin,
    DATA_DIR: dataDir,
    CLUSTERDECK_DEMO: "1",
    SIM_SEED_SCALE: SEED_SCALE,
    // the background sync would compete with Lighthouse for the CPU: the bench syncs once, on request
    SYNC_INTERVAL_SECONDS: "86400",
    // 10,000 simulated clusters on a busy machine: the first sync must not time out (the bench measures pages, not syncs)
    SYNC_TIMEOUT_SECONDS: "900",
    PROVIDER_TIMEOUT_SECONDS: "300",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-nextauth-secret-0123456789abcdef",
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  };
  delete env.DATABASE_URL; // the embedded database in DATA_DIR
  const child = spawn(process.execPath, [...serverHeapFlags(env), "scripts/server.mjs"], { cwd: root, env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const started = Date.now();
  while (Date.now() - started < 240_000) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join("")}`);
    try {
      if ((await fetch(`${origin}/api/ready`)).ok) return { child, origin, log };
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }
  throw new Error(`the server did not get ready in 4 minutes:\n${log.join("")}`);
}

/** the session cookie: owner set-up through the first-run API, then password sign-in */
async function signIn(origin: string): Promise<string> {
  const headers = { "content-type": "application/json", origin };
  const s = await fetch(`${origin}/api/setup`, { method: "POST", headers, body: JSON.stringify(OWNER) });
  if (s.status !== 201) throw new Error(`set-up answered ${s.status}: ${await s.text()}`);
  const r = await fetch(`${origin}/api/auth/password`, { method: "POST", headers, body: JSON.stringify({ email: OWNER.email, password: OWNER.password }) });
  if (r.status !== 200) throw new Error(`sign-in answered ${r.status}: ${await r.text()}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

interface Overview {
  totals: { clusters: number };
  connections: { id: string; state: string; syncedAt: string | null }[];
}

/**
 * Adds the demo connections and waits until each has finished a sync (the worker syncs new connections at
 * once; a "refresh now" on top would only compete with it for the embedded database). Then two quiet
 * seconds, so the pages are measured on an idle server, and the first cluster's id for its page.
 */
async function populate(origin: string, cookie: string): Promise<{ total: number; clusterId: string; connections: number }> {
  const headers = { cookie, origin, "content-type": "application/json" };
  const d = await fetch(`${origin}/api/v1/connections/demo`, { method: "POST", headers });
  if (!d.ok) throw new Error(`demo connections answered ${d.status}: ${await d.text()}`);
  const { created } = (await d.json()) as { created: unknown[] };
  const started = Date.now();
  let last: Overview | undefined;
  let lastProblem = "";
  while (Date.now() - started < 15 * 60_000) {
    const r = await fetch(`${origin}/api/v1/overview`, { headers: { cookie } }).catch((e: Error) => e);
    if (r instanceof Error) lastProblem = r.message;
    else if (!r.ok) lastProblem = `overview answered ${r.status}`; // a busy embedded database answers 503 meanwhile
    else {
      last = (await r.json()) as Overview;
      const settled = last.connections.every((c) => c.state !== "syncing" && c.state !== "never_synced");
      if (last.connections.length && last.connections.every((c) => c.syncedAt !== null && c.state !== "syncing")) break;
      // a connection whose first sync failed (e.g. a simulator port taken meanwhile) is measured as the
      // pages show it, marked failing, once the others are in and a minute has passed
      if (settled && last.totals.clusters > 0 && Date.now() - started > 60_000) break;
    }
    await sleep(2000);
  }
  if (!last || !last.connections.some((c) => c.syncedAt !== null)) throw new Error(`the demo connections did not finish their first sync in 15 minutes (${lastProblem || JSON.stringify(last?.connections.map((c) => c.state))})`);
  const l = await fetch(`${origin}/api/v1/clusters?pageSize=25`, { headers: { cookie } });
  if (!l.ok) throw new Error(`clusters answered ${l.status}: ${await l.text()}`);
  const page = (await l.json()) as { items: { id: string }[]; total: number };
  if (!page.items.length) throw new Error("no clusters after the sync");
  const failing = last.connections.filter((c) => c.syncedAt === null).length;
  const states = [...new Set(last.connections.map((c) => c.state))].join(", ") + (failing ? `; ${failing} never synced, shown as failing` : "");
  say(`${created.length} demo connections (${states}), ${page.total.toLocaleString("en")} clusters synced in ${Math.round((Date.now() - started) / 1000)} s`);
  await sleep(2000);
  return { total: page.total, clusterId: page.items[0].id, connections: created.length };
}

interface PageFigures {
  path: string;
  score: number;
  tbtMs: number;
  lcpMs: number;
  jsBytes: number;
}

interface LhAudit {
  numericValue?: number;
  details?: { items?: { resourceType?: string; transferSize?: number }[] };
}

async function measure(chromePort: number, origin: string, cookie: string, pagePath: string, reportDir?: string): Promise<PageFigures> {
  const result = await lighthouse(`${origin}${pagePath}`, {
    port: chromePort,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance"],
    extraHeaders: { Cookie: cookie },
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${pagePath}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${pagePath}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  if (reportDir) writeFileSync(path.join(reportDir, `${pagePath.replace(/[^a-z0-9]+/gi, "_") || "root"}.json`), JSON.stringify(lhr));
  // a page that redirected to /signin would measure the wrong thing
  const final = new URL(lhr.finalDisplayedUrl);
  if (final.pathname.startsWith("/signin") || final.pathname.startsWith("/setup")) throw new Error(`${pagePath} ended on ${final.pathname}: the session was not accepted`);
  const audits = lhr.audits as Record<string, LhAudit>;
  const script = audits["resource-summary"]?.details?.items?.find((i) => i.resourceType === "script");
  return {
    path: pagePath,
    score: Math.round((lhr.categories.performance.score ?? 0) * 100),
    tbtMs: audits["total-blocking-time"]?.numericValue ?? NaN,
    lcpMs: audits["largest-contentful-paint"]?.numericValue ?? NaN,
    jsBytes: script?.transferSize ?? NaN,
  };
}

function printTable(rows: PageFigures[]) {
  const line = (cells: string[]) => console.log(`  ${cells[0].padEnd(40)} ${cells[1].padStart(5)} ${cells[2].padStart(9)} ${cells[3].padStart(9)} ${cells[4].padStart(9)}  ${cells[5] ?? ""}`);
  line(["page", "score", "TBT", "LCP", "JS", "targets (score ≥ 90, TBT ≤ 200 ms, JS ≤ 150 KB)"]);
  for (const r of rows) {
    const label = r.path.startsWith("/clusters/") ? "/clusters/<id>" : r.path;
    const checked = TARGETS.pages.includes(r.path);
    const met = r.score >= TARGETS.score && r.tbtMs <= TARGETS.tbtMs && r.jsBytes / 1024 <= TARGETS.jsKB;
    line([label, String(r.score), `${Math.round(r.tbtMs)} ms`, `${(r.lcpMs / 1000).toFixed(2)} s`, `${(r.jsBytes / 1024).toFixed(0)} KB`, checked ? (met ? "met" : "NOT met") : ""]);
  }
}

async function main() {
  ensureBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-bench-pages-"));
  const reportDir = process.env.BENCH_REPORT_DIR ? path.resolve(process.env.BENCH_REPORT_DIR) : undefined;
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    say(`starting the app (embedded database in ${dataDir}, demo seed scale ${SEED_SCALE})…`);
    server = await startServer(dataDir);
    const cookie = await signIn(server.origin);
    const { clusterId } = await populate(server.origin, cookie);
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // BENCH_RUNS consecutive Lighthouse passes over the same server and data (issue 20 asks for three runs)
    const runs = Math.max(1, Math.floor(Number(process.env.BENCH_RUNS ?? "1")) || 1);
    let missed = 0;
    for (let run = 1; run <= runs; run++) {
      const rows: PageFigures[] = [];
      for (const p of PAGES) {
        const pagePath = p === "cluster" ? `/clusters/${encodeURIComponent(clusterId)}` : p;
        const r = await measure(chrome.port, server.origin, cookie, pagePath, reportDir && runs > 1 ? path.join(reportDir, `run${run}`) : reportDir);
        rows.push(r);
        say(`${pagePath}: score ${r.score}, TBT ${Math.round(r.tbtMs)} ms, LCP ${(r.lcpMs / 1000).toFixed(2)} s, JS ${(r.jsBytes / 1024).toFixed(0)} KB`);
      }
      console.log(`\nLighthouse (mobile profile, Debian Chromium)${runs > 1 ? `, run ${run} of ${runs}` : ""}:`);
      printTable(rows);
      const failed = rows.filter((r) => TARGETS.pages.includes(r.path) && !(r.score >= TARGETS.score && r.tbtMs <= TARGETS.tbtMs && r.jsBytes / 1024 <= TARGETS.jsKB));
      missed += failed.length;
      console.log(failed.length ? `\n${failed.length} page(s) miss a target\n` : "\nevery target met\n");
    }
    if (runs > 1) console.log(missed ? `${missed} page result(s) over ${runs} runs miss a target` : `every target met in all ${runs} runs`);
  } finally {
    if (chrome) chrome.kill();
    if (server) {
      server.child.kill("SIGTERM");
      await new Promise((r) => (server!.child.exitCode !== null ? r(null) : server!.child.once("exit", r)));
    }
    if (process.env.BENCH_KEEP_DATA !== "1") rmSync(dataDir, { recursive: true, force: true });
  }
}

// the server on the Node the image runs (scripts/image-node.ts)
rerunOnImageNode(path.join(root, "scripts/bench-pages.ts"));
main().catch((e) => {
  console.error(`bench:pages: ${(e as Error).message}`);
  process.exit(1);
});
