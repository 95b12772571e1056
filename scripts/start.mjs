// `npm start`: builds when no current production build exists, then serves it on PORT (default 3000).
// Migrations, the embedded database and the demo simulators start inside the server (lib/boot.ts).
// What it prints is one readable sequence: building… (with progress), database…, migrations…, ready at
// the public URL; the server's JSON log lines are shown as plain lines, Next's own banner is left out.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import readline from "node:readline";
import { buildIsCurrent, buildPhase, sourceHash, STAMP } from "./build-state.mjs";
import { serverHeapFlags } from "./heap.mjs";

const port = process.env.PORT ?? "3000";
const host = process.env.HOST;
const say = (line) => console.log(`clusterdeck: ${line}`);
/** the heap ceiling outside a container memory limit (scripts/heap.mjs); a bad CLUSTERDECK_MAX_HEAP_MB stops here */
const heapFlags = (() => {
  try {
    return serverHeapFlags();
  } catch (e) {
    console.error(`clusterdeck: ${e.message}`);
    process.exit(1);
  }
})();
const elapsed = (t) => `${Math.round((Date.now() - t) / 1000)} s`;

/** `npm run build` with its output kept aside (shown only when it fails) and a progress line meanwhile */
function build() {
  return new Promise((resolve) => {
    const started = Date.now();
    say("building the production bundle (first start or changed sources; about two minutes)…");
    const out = [];
    const child = spawn("npm", ["run", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let phase = "compiling";
    const track = (chunk) => {
      const text = chunk.toString();
      out.push(text);
      phase = buildPhase(text, phase);
    };
    child.stdout.on("data", track);
    child.stderr.on("data", track);
    const tty = process.stdout.isTTY;
    const tick = setInterval(() => {
      const line = `clusterdeck: building… ${phase}, ${elapsed(started)}`;
      if (tty) process.stdout.write(`\r${line}   `);
      else console.log(line);
    }, tty ? 1000 : 15_000);
    child.on("exit", (code) => {
      clearInterval(tick);
      if (tty) process.stdout.write("\n");
      if (code !== 0) {
        process.stderr.write(out.join(""));
        console.error("clusterdeck: the build failed; its output is above");
        process.exit(code ?? 1);
      }
      say(`built in ${elapsed(started)}`);
      resolve();
    });
  });
}

if (!buildIsCurrent()) {
  const hash = sourceHash();
  await build();
  writeFileSync(STAMP, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
}

// The server (scripts/server.mjs: Next with Brotli for its static files) says where it listens before
// Clusterdeck has set up its database; Next warns that `next start` does not work with
// `output: standalone`: it does here (the standalone folder is for the container image; this runs the
// same build from the source tree). Both are left out, and so is Next's banner should it print one.
const NOISE = [/^clusterdeck: listening on /, /^\s*▲ Next\.js/, /^\s*- (Local|Network|Environments|Experiments):/, /^\s*✓ (Ready|Starting)/, /^\s*✓ Running next\.config/, /"next start" does not work with "output: standalone"/, /^\s*$/];
const LEVELS = { 10: "trace", 20: "debug", 30: "", 40: "warning: ", 50: "error: ", 60: "fatal: " };

say("starting the server: database, migrations, background work…");
const args = [...heapFlags, "scripts/server.mjs"];
const child = spawn(process.execPath, args, { stdio: ["inherit", "pipe", "pipe"], env: { ...process.env, PORT: port, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
for (const [stream, sink] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  readline.createInterface({ input: stream }).on("line", (line) => {
    if (NOISE.some((re) => re.test(line.replace(/\u001b\[[0-9;]*m/g, "")))) return; // Next colours its banner
    if (line.startsWith("{")) {
      try {
        const entry = JSON.parse(line);
        if (typeof entry.msg === "string") {
          sink.write(`clusterdeck: ${LEVELS[entry.level] ?? ""}${entry.msg}\n`);
          return;
        }
      } catch {
        /* not a log line: printed as it is */
      }
    }
    sink.write(`${line}\n`);
  });
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// The address is announced once the server really answers (after migrations and start-up), as the
// public URL people use (NEXTAUTH_URL) when it is set.
const local = `http://${host && host !== "0.0.0.0" ? host : "localhost"}:${port}`;
const publicUrl = (process.env.NEXTAUTH_URL || local).replace(/\/+$/, "");
const started = Date.now();
// one probe at a time: a slow first answer must not let several probes each print the address
async function announceWhenReady() {
  while (Date.now() - started < 5 * 60_000 && child.exitCode === null) {
    try {
      if ((await fetch(`${local}/api/ready`)).ok) {
        console.log(`\nclusterdeck: ready at ${publicUrl}${publicUrl !== local ? ` (listening on ${local})` : ""}\n`);
        return;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500).unref());
  }
}
void announceWhenReady();
