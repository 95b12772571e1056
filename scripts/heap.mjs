// The server's V8 heap ceiling, one rule for every way Clusterdeck's server is started outside a
// container runtime's memory limit (`npm start`, the benchmarks).
//
// Node sizes its default heap ceiling from the memory it can see. Inside a container with a memory
// limit (cgroup memory.max: the Helm chart's resources.limits, compose's mem_limit) that is the
// limit, and Node's own sizing is right. Without one it is the host's whole memory: on a 24 GB host a
// 4 GB ceiling, and at a ceiling of 2 GB or more V8 lets the heap grow to four times what survived the
// last full collection before it collects again (below 2 GB at most twice). Measured at 10,000
// clusters (docs/operations.md "Memory"): 64 MB of live heap, a peak RSS of 380–400 MB with the
// host-sized ceiling and 255–290 MB with a 1–1.5 GB one, at the same throughput.
//
// So, when no cgroup limit applies and NODE_OPTIONS names no --max-old-space-size, the server gets
// --max-old-space-size=CLUSTERDECK_MAX_HEAP_MB (default 1024: well above what 50,000 clusters need).
import { readFileSync } from "node:fs";

export const DEFAULT_MAX_HEAP_MB = 1024;
/** below this a Next.js server does not start reliably */
const MIN_HEAP_MB = 128;

/** the cgroup memory limit in bytes, or null when none applies (v2 memory.max, else v1 limit_in_bytes) */
export function cgroupMemoryLimit(read = (p) => readFileSync(p, "utf8")) {
  for (const file of ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]) {
    let text;
    try {
      text = read(file).trim();
    } catch {
      continue;
    }
    if (text === "max") return null;
    const n = Number(text);
    // cgroup v1 writes "no limit" as a huge page-aligned number (2^63 rounded down)
    if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
    return null;
  }
  return null;
}

/**
 * The node flags for the server process: [] when NODE_OPTIONS already sets a ceiling or a cgroup limit
 * applies, else the ceiling. Throws on a CLUSTERDECK_MAX_HEAP_MB that is not a whole number of MB ≥ 128.
 */
export function serverHeapFlags(env = process.env, limit = cgroupMemoryLimit()) {
  if (/--max[-_]old[-_]space[-_]size/.test(env.NODE_OPTIONS ?? "")) return [];
  const raw = env.CLUSTERDECK_MAX_HEAP_MB;
  let mb = DEFAULT_MAX_HEAP_MB;
  if (raw !== undefined && raw !== "") {
    if (!/^\d+$/.test(raw) || Number(raw) < MIN_HEAP_MB) throw new Error(`CLUSTERDECK_MAX_HEAP_MB must be a whole number of megabytes, at least ${MIN_HEAP_MB}; it is "${raw}"`);
    mb = Number(raw);
  } else if (limit !== null) {
    return [];
  }
  return [`--max-old-space-size=${mb}`];
}
