// The npm registry reachable from our build machines does not serve the other platforms' native
// builds (darwin, win32, android, musl, ...), so `npm install` leaves them out of package-lock.json
// and `npm ci` then refuses the lock. This adds a lock entry for each missing platform-specific
// optional dependency, tagged with its os/cpu/libc, so npm ci skips it on Linux x64 without fetching
// it and installs it (by version) where that platform applies. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from "node:fs";

const file = "package-lock.json";
const lock = JSON.parse(readFileSync(file, "utf8"));
const pkgs = lock.packages;

function platformOf(name) {
  const n = name.split("/").pop();
  const os =
    ["android", "darwin", "freebsd", "openbsd", "netbsd", "win32", "linux", "sunos", "aix", "openharmony"].find((o) => n.includes(`-${o}-`) || n.endsWith(`-${o}`)) ??
    (/(^|-)windows(-|$)/.test(n) ? "win32" : undefined);
  const cpu = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"].find((c) => n.includes(`-${c}`) || n.includes(`${c}-`));
  if (!os && !cpu) return null;
  const entry = {};
  if (n.includes("wasm32")) entry.cpu = ["wasm32"];
  else {
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
  }
  if (/musl/.test(n)) entry.libc = ["musl"];
  else if (os === "linux" && /gnu/.test(n)) entry.libc = ["glibc"];
  return entry;
}

let added = 0;
for (const [key, meta] of Object.entries(pkgs)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    if (pkgs[base] || pkgs[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    // an exact version, or the lowest version a ^/~ range accepts
    const version = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(spec)?.[1];
    if (!platform || !version) continue;
    pkgs[`node_modules/${dep}`] = { version, ...(meta.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: added ${added} platform entries`);
