// `npm start`: builds when no current production build exists, then serves it on PORT (default 3000).
// Migrations, the embedded database and the demo simulators start inside the server (lib/boot.ts).
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { buildIsCurrent, sourceHash, STAMP } from "./build-state.mjs";

const port = process.env.PORT ?? "3000";
const host = process.env.HOST;

if (!buildIsCurrent()) {
  console.log("clusterdeck: no current production build; building (this takes a minute or two)...");
  const hash = sourceHash();
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error("clusterdeck: build failed; see the output above");
    process.exit(r.status ?? 1);
  }
  writeFileSync(STAMP, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
}

const args = ["node_modules/next/dist/bin/next", "start", "-p", port, ...(host ? ["-H", host] : [])];
const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Print the address once the server really answers (after migrations and start-up).
const url = `http://${host && host !== "0.0.0.0" ? host : "localhost"}:${port}`;
const started = Date.now();
// one probe at a time: a slow first answer must not let several probes each print the address
async function announceWhenReady() {
  while (Date.now() - started < 5 * 60_000 && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) {
        console.log(`\nClusterdeck is ready: ${url}\n`);
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500).unref());
  }
}
void announceWhenReady();
