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
