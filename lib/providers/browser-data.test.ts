import { describe, expect, it } from "vitest";
import { providerInfoMap, providerMap } from "./browser-data";

describe("providerInfoMap (the clusters list's provider props)", () => {
  it("names every provider as providerMap does, without the connection form's metadata", () => {
    const full = providerMap();
    const infos = providerInfoMap();
    expect(Object.keys(infos)).toEqual(Object.keys(full));
    for (const [kind, d] of Object.entries(full)) {
      expect(infos[kind]).toEqual({ kind: d.kind, displayName: d.displayName, scopeLabel: d.scopeLabel, ...(d.managedOutside ? { managedOutside: true } : {}) });
    }
    expect(Object.values(infos).some((i) => i.managedOutside)).toBe(true);
    expect(JSON.stringify(infos).length).toBeLessThan(JSON.stringify(full).length / 5);
  });
});
