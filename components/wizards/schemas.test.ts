import { describe, expect, it } from "vitest";
import { providerDescriptors, providerMap } from "@/lib/providers/browser-data";
import { PROVIDERS } from "@/lib/providers/registry";
import { loadCreateSchema } from "./schemas";

describe("provider registry as browser data", () => {
  // providers whose clusters are managed outside Clusterdeck (Kubernetes API) have no create wizard
  it.each(PROVIDERS.filter((p) => !p.managedOutside).map((p) => [p.kind, p] as const))("%s: the wizard loads the same create schema the server validates with", async (kind, def) => {
    const browser = await loadCreateSchema(kind);
    const server = def.createSchema();
    expect(browser, `lib/providers/${kind}/create-schema.ts must export createSchema`).toBeDefined();
    expect(browser!.steps).toEqual(server.steps);
    expect(JSON.stringify(browser!.fields)).toBe(JSON.stringify(server.fields));
  });

  it("loads nothing for unknown or malformed kinds", async () => {
    expect(await loadCreateSchema("nope")).toBeUndefined();
    expect(await loadCreateSchema("../../lib/providers/nks")).toBeUndefined();
    expect(await loadCreateSchema("")).toBeUndefined();
  });

  it("describes every registered provider as plain JSON, keyed by kind", () => {
    const list = providerDescriptors();
    expect(list.map((d) => d.kind)).toEqual(PROVIDERS.map((p) => p.kind));
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    const map = providerMap();
    for (const d of list) expect(map[d.kind]).toEqual(d);
  });
});
