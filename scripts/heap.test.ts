import { describe, expect, it } from "vitest";
import { cgroupMemoryLimit, DEFAULT_MAX_HEAP_MB, serverHeapFlags } from "./heap.mjs";

const files = (entries: Record<string, string>) => (p: string) => {
  if (p in entries) return entries[p];
  throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
};

describe("cgroupMemoryLimit", () => {
  it("reads cgroup v2 memory.max; 'max' is no limit", () => {
    expect(cgroupMemoryLimit(files({ "/sys/fs/cgroup/memory.max": "536870912\n" }))).toBe(536_870_912);
    expect(cgroupMemoryLimit(files({ "/sys/fs/cgroup/memory.max": "max\n" }))).toBeNull();
  });

  it("falls back to cgroup v1, whose 'no limit' is a huge number", () => {
    expect(cgroupMemoryLimit(files({ "/sys/fs/cgroup/memory/memory.limit_in_bytes": "1073741824\n" }))).toBe(1_073_741_824);
    expect(cgroupMemoryLimit(files({ "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n" }))).toBeNull();
  });

  it("is null where no cgroup file can be read", () => {
    expect(cgroupMemoryLimit(files({}))).toBeNull();
  });
});

describe("serverHeapFlags", () => {
  it("sets the default ceiling when nothing limits the process", () => {
    expect(serverHeapFlags({}, null)).toEqual([`--max-old-space-size=${DEFAULT_MAX_HEAP_MB}`]);
  });

  it("leaves Node's own sizing alone under a container memory limit", () => {
    expect(serverHeapFlags({}, 512 * 1024 * 1024)).toEqual([]);
  });

  it("never overrides a ceiling the operator set in NODE_OPTIONS, in either spelling", () => {
    expect(serverHeapFlags({ NODE_OPTIONS: "--enable-source-maps --max-old-space-size=300" }, null)).toEqual([]);
    expect(serverHeapFlags({ NODE_OPTIONS: "--max_old_space_size=300" }, null)).toEqual([]);
  });

  it("takes CLUSTERDECK_MAX_HEAP_MB, also under a container limit, and refuses what is not a size", () => {
    expect(serverHeapFlags({ CLUSTERDECK_MAX_HEAP_MB: "2048" }, null)).toEqual(["--max-old-space-size=2048"]);
    expect(serverHeapFlags({ CLUSTERDECK_MAX_HEAP_MB: "384" }, 512 * 1024 * 1024)).toEqual(["--max-old-space-size=384"]);
    for (const bad of ["1g", "-5", "64", "12.5"]) expect(() => serverHeapFlags({ CLUSTERDECK_MAX_HEAP_MB: bad }, null), bad).toThrow(/CLUSTERDECK_MAX_HEAP_MB/);
  });
});
