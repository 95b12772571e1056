// `npm test`: lint, type checking, unit + integration tests (Vitest, real PostgreSQL and PGlite), the
// same unit + integration tests again on the image's Node (step "unit-lts"), and end-to-end tests
// (Playwright in Debian's Chromium against a production build). Stops early with a message naming the
// fix when Chromium or the PostgreSQL server binaries are missing.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestPostgres } from "../test/support/postgres";
import { sourceHash, STAMP } from "./build-state.mjs";
import { IMAGE_NODE_MAJOR, imageNode, onImageNode } from "./image-node";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e` or `npm test -- unit-lts`
const want = (step: string) => only.length === 0 || only.includes(step);

function preflight() {
  const problems: string[] = [];
  if (want("e2e") && !existsSync(CHROMIUM)) problems.push(`Chromium not found at ${CHROMIUM}. Fix: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const pgOk = ["initdb", "pg_ctl", "postgres"].every((b) => spawnSync("sh", ["-c", `command -v ${b}`]).status === 0);
  if (!pgOk && !process.env.TEST_DATABASE_URL) problems.push("PostgreSQL server binaries (initdb, pg_ctl, postgres) not on PATH. Fix: apt-get install -y postgresql and put /usr/lib/postgresql/<version>/bin on PATH (or run `bash scripts/setup-test-machine.sh`).");
  if (problems.length) {
    for (const p of problems) console.error(`npm test: ${p}`);
    process.exit(2);
  }
}

// Several suites drive real servers, simulators and timers on shared 2-core machines: one retry per
// test, reported as flaky, keeps a noisy neighbour from failing the run; a real failure fails twice.
function run(title: string, cmd: string, args: string[], env: Record<string, string | undefined> = {}) {
  console.log(`\n── ${title} ──`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`── ${title}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}


const counts = { passed: 0, failed: 0, skipped: 0 };
function addVitest(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8"));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
function addPlaywright(file: string) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  counts.failed += s.unexpected ?? 0;
  counts.skipped += s.skipped ?? 0;
}

preflight();
const bin = (n: string) => `node_modules/.bin/${n}`;
let ok = run("prisma generate", process.execPath, ["scripts/prisma-generate.mjs"]);
if (ok && want("lint")) ok = run("lint (eslint)", bin("eslint"), [".", "--max-warnings=0"]);
if (ok && want("types")) ok = run("type check (tsc)", bin("tsc"), ["--noEmit", "-p", "."]);

const pg = ok && (want("unit") || want("unit-lts") || want("e2e")) && !process.env.TEST_DATABASE_URL ? await startTestPostgres() : undefined;
const databaseUrl = process.env.TEST_DATABASE_URL ?? pg?.adminUrl;
try {
  if (ok && want("unit")) {
    rmSync("test-results/vitest.json", { force: true });
    ok = run("unit and integration tests (vitest)", bin("vitest"), ["run", "--retry=1", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"], { TEST_DATABASE_URL: databaseUrl, NODE_ENV: "test" });
    addVitest("test-results/vitest.json");
  }
  // Node 20 (this machine) runs everything above; the image runs Node 24: the whole unit + integration
  // suite runs on it too (about as long as "unit" again, well inside the CI budget), with that node
  // first on PATH so the child processes the tests start (replicas, workers) use it as well
  const lts = ok && want("unit-lts") && !onImageNode() ? imageNode() : null;
  if (ok && lts) {
    rmSync("test-results/vitest-lts.json", { force: true });
    ok = run(`unit and integration tests on Node ${IMAGE_NODE_MAJOR} (vitest)`, lts, ["node_modules/vitest/vitest.mjs", "run", "--retry=1", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest-lts.json"], {
      TEST_DATABASE_URL: databaseUrl,
      NODE_ENV: "test",
      PATH: `${path.dirname(lts)}:${process.env.PATH ?? ""}`,
    });
    addVitest("test-results/vitest-lts.json");
  }
  if (ok && want("e2e")) {
    const hash = sourceHash();
    ok = run("production build (next build)", "npm", ["run", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
    if (ok) writeFileSync(STAMP, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
    if (ok) {
      const e2eDb = await pg!.createDatabase(`e2e_${Date.now()}`);
      rmSync("test-results/playwright.json", { force: true });
      ok = run("end-to-end tests (playwright, chromium)", bin("playwright"), ["test", "--retries=1"], { E2E_DATABASE_URL: e2eDb, TEST_DATABASE_URL: databaseUrl, CHROMIUM_PATH: CHROMIUM });
      addPlaywright("test-results/playwright.json");
    }
  }
} finally {
  await pg?.stop();
}
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (!ok) console.error("npm test: FAILED (see the step marked FAILED above)");
process.exit(ok ? 0 : 1);
