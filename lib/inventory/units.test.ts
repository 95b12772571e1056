/** Pure parts of the inventory: search language, version keys, EOL states, the request cap. */
import { describe, expect, it } from "vitest";
import { parseSearch } from "./search";
import { limitedFetch } from "./sync";
import { eolLookup, eolStateOf, versionSortKey } from "./versions";

describe("parseSearch", () => {
  it("splits words, quoted phrases and excluded terms", () => {
    expect(parseSearch('Prod "us east" -staging -"old org" 1.30')).toEqual({ include: ["prod", "us east", "1.30"], exclude: ["staging", "old org"] });
    expect(parseSearch('  - "" -"" "unclosed phrase')).toEqual({ include: ["unclosed phrase"], exclude: [] });
    expect(parseSearch(undefined)).toEqual({ include: [], exclude: [] });
    expect(parseSearch("a-b")).toEqual({ include: ["a-b"], exclude: [] });
  });
});

describe("versions", () => {
  it("sort keys order numerically", () => {
    expect(versionSortKey("v1.9.10")).toBe("0001.0009.0010");
    expect(versionSortKey("1.30")).toBe("0001.0030.0000");
    expect(versionSortKey("latest")).toBeNull();
    expect(versionSortKey("1.10.0")! > versionSortKey("1.9.99")!).toBe(true);
  });
  it("EOL by exact version, else by minor; states past / soon / ok / unknown", () => {
    const eol = eolLookup([{ version: "1.30.1", eol: "2025-01-31" }, { version: "1.31.0", eol: null }]);
    expect(eol("1.30.9")?.toISOString()).toBe("2025-01-31T23:59:59.999Z");
    expect(eol("1.31.0")).toBeNull();
    const now = new Date("2025-01-01T00:00:00Z");
    expect(eolStateOf(new Date("2024-12-31"), now)).toBe("past");
    expect(eolStateOf(new Date("2025-03-01"), now)).toBe("soon");
    expect(eolStateOf(new Date("2026-01-01"), now)).toBe("ok");
    expect(eolStateOf(null, now)).toBe("unknown");
  });
});

describe("limitedFetch", () => {
  it("keeps at most `cap` requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const inner = (async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return new Response("ok");
    }) as unknown as typeof fetch;
    const f = limitedFetch(3, inner);
    const answers = await Promise.all(Array.from({ length: 20 }, () => f("http://x/")));
    expect(answers).toHaveLength(20);
    expect(peak).toBe(3);
  });
});

describe("the sync pool", () => {
  it("is fixed by SYNC_CONCURRENCY, else spans 2 per core (2–16) to 16 per core (16–64)", async () => {
    const { syncPoolBounds, parallelSyncs } = await import("./job");
    const { resetConfig } = await import("@/lib/config");
    const os = await import("node:os");
    const before = process.env.SYNC_CONCURRENCY;
    try {
      process.env.SYNC_CONCURRENCY = "5";
      resetConfig();
      expect(syncPoolBounds()).toEqual({ min: 5, max: 5 });
      expect(parallelSyncs()).toBe(5);
      delete process.env.SYNC_CONCURRENCY;
      resetConfig();
      const cores = os.availableParallelism();
      expect(syncPoolBounds()).toEqual({ min: Math.min(32, Math.max(4, 4 * cores)), max: Math.min(64, Math.max(16, 16 * cores)) });
    } finally {
      if (before === undefined) delete process.env.SYNC_CONCURRENCY;
      else process.env.SYNC_CONCURRENCY = before;
      resetConfig();
    }
  });

  it("grows while the event loop idles and the pool is full, shrinks when the loop is busy, stays within its bounds", async () => {
    const { nextPoolLimit } = await import("./job");
    const b = { min: 4, max: 32 };
    // syncs waiting on providers: one more per core (a quarter of the floor) per window, up to the bound
    expect(nextPoolLimit(4, 0.2, 4, b)).toBe(5);
    expect(nextPoolLimit(16, 0.2, 16, b)).toBe(17);
    expect(nextPoolLimit(32, 0.1, 32, b)).toBe(32);
    const twoCores = { min: 8, max: 32 };
    expect(nextPoolLimit(8, 0.2, 8, twoCores)).toBe(10);
    expect(nextPoolLimit(31, 0.2, 31, twoCores)).toBe(32);
    // idle but not full (nothing more due): no reason to grow
    expect(nextPoolLimit(8, 0.2, 3, b)).toBe(8);
    // CPU-bound (busy loop): one less per window, never below the floor
    expect(nextPoolLimit(16, 0.97, 16, b)).toBe(15);
    expect(nextPoolLimit(4, 0.99, 4, b)).toBe(4);
    // remote providers: the SDKs' parsing keeps the loop busy part of the time, the syncs still mostly wait
    expect(nextPoolLimit(8, 0.6, 8, twoCores)).toBe(10);
    expect(nextPoolLimit(8, 0.7, 8, twoCores)).toBe(10);
    // in between: kept
    expect(nextPoolLimit(12, 0.8, 12, b)).toBe(12);
    expect(nextPoolLimit(12, 0.9, 12, b)).toBe(12);
    // a fixed pool (SYNC_CONCURRENCY) never moves
    expect(nextPoolLimit(6, 0.1, 6, { min: 6, max: 6 })).toBe(6);
    expect(nextPoolLimit(6, 0.99, 6, { min: 6, max: 6 })).toBe(6);
  });
});
