import { describe, expect, it } from "vitest";
import type { KubernetesVersion, NodePool, UpgradeOptionsInput } from "../types";
import { upgradeOptions, upgradeRefusal } from "./upgrade";

const NOW = new Date("2026-11-23T00:00:00Z");
const catalogue: KubernetesVersion[] = [
  { version: "1.33.9", eol: "2026-06-28", active: false },
  { version: "1.34.8", eol: "2026-10-27", active: true },
  { version: "1.35.5", eol: "2027-02-28", active: true },
  { version: "1.35.6", eol: "2027-02-28", active: true, default: true },
  { version: "1.36.2", eol: "2027-06-28", active: true },
  { version: "1.36.3", eol: "2027-06-28", active: true },
  { version: "1.37.0", eol: "2027-10-28", active: false },
];
const pool = (name: string, version: string): NodePool => ({ externalId: name, name, version, nodeCount: 3 });
const input = (over: Partial<UpgradeOptionsInput["cluster"]> = {}, operationRunning = false): UpgradeOptionsInput => ({
  cluster: { version: "1.35.5", status: "running", nodePools: [], raw: { type: "mks" }, ...over },
  versions: catalogue,
  operationRunning,
  now: NOW,
});

describe("rafay upgradeOptions", () => {
  const cases: { name: string; in: UpgradeOptionsInput; target: string; allowed: boolean; reason?: RegExp; current?: boolean }[] = [
    { name: "same version is current", in: input(), target: "1.35.5", allowed: false, current: true, reason: /current version/ },
    { name: "patch upgrade in the same minor", in: input(), target: "1.35.6", allowed: true },
    { name: "next minor", in: input(), target: "1.36.2", allowed: true },
    { name: "latest of the next minor", in: input(), target: "1.36.3", allowed: true },
    { name: "downgrade to an older minor", in: input(), target: "1.34.8", allowed: false, reason: /downgrade/ },
    { name: "downgrade to an older patch", in: input({ version: "1.35.6" }), target: "1.35.5", allowed: false, reason: /downgrade/ },
    { name: "skipping a minor", in: input({ version: "1.34.8" }), target: "1.36.2", allowed: false, reason: /one minor at a time \(to 1\.35 first\)/ },
    { name: "inactive (deprecated) target", in: input({ version: "1.32.12" }), target: "1.33.9", allowed: false, reason: /deprecated/ },
    { name: "target past EOL", in: input({ version: "1.33.9" }), target: "1.34.8", allowed: false, reason: /past end of life/ },
    { name: "not offered at all", in: input({ version: "1.36.3" }), target: "1.37.0", allowed: false, reason: /deprecated|no longer offered/ },
    { name: "cluster not running", in: input({ status: "provisioning" }), target: "1.36.2", allowed: false, reason: /provisioning/ },
    { name: "cluster failed", in: input({ status: "failed" }), target: "1.36.2", allowed: false, reason: /failed/ },
    { name: "operation already running", in: input({}, true), target: "1.36.2", allowed: false, reason: /already running/ },
    { name: "node pool lags the control plane", in: input({ nodePools: [pool("systempool", "1.35.5"), pool("userpool", "1.34.8")] }), target: "1.36.2", allowed: false, reason: /userpool lag/ },
    { name: "lagging pool still allows a patch upgrade", in: input({ nodePools: [pool("userpool", "1.34.8")] }), target: "1.35.6", allowed: true },
    { name: "pools on the same minor do not block", in: input({ nodePools: [pool("userpool", "1.35.2")] }), target: "1.36.2", allowed: true },
    { name: "unknown current version", in: input({ version: null }), target: "1.36.2", allowed: false, reason: /unknown/ },
    { name: "v-prefixed current version is normalised", in: input({ version: "v1.35.5" }), target: "1.35.5", allowed: false, current: true },
  ];

  it.each(cases)("$name", (c) => {
    const options = upgradeOptions(c.in);
    const o = options.find((x) => x.version === c.target);
    expect(o, `option for ${c.target}`).toBeDefined();
    expect(o!.allowed).toBe(c.allowed);
    if (c.reason) expect(o!.reason).toMatch(c.reason);
    if (c.allowed) expect(o!.reason).toBeUndefined();
    expect(Boolean(o!.current)).toBe(Boolean(c.current));
  });

  it.each(["imported", "aws-eks", "gke", "unknown", undefined])("refuses every target of a %s cluster with the adapter's reason", (type) => {
    const options = upgradeOptions(input({ raw: { type } }));
    const others = options.filter((o) => !o.current);
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) {
      expect(o.allowed).toBe(false);
      expect(o.reason).toBe(upgradeRefusal(type));
      expect(o.reason).toMatch(/not done through the Rafay cluster API/);
    }
  });

  it("allows MKS and AKS clusters to upgrade (upgradeRefusal is null)", () => {
    expect(upgradeRefusal("mks")).toBeNull();
    expect(upgradeRefusal("aks")).toBeNull();
    expect(upgradeOptions(input({ raw: { type: "aks" } })).find((o) => o.version === "1.36.2")!.allowed).toBe(true);
  });

  it("returns every catalogue version, sorted, with its EOL", () => {
    const shuffled = { ...input(), versions: [...catalogue].reverse() };
    const options = upgradeOptions(shuffled);
    expect(options.map((o) => o.version)).toEqual(catalogue.map((v) => v.version));
    expect(options.find((o) => o.version === "1.36.2")!.eol).toBe("2027-06-28");
  });

  it("is pure: same input, same output, input untouched", () => {
    const i = input({ nodePools: [pool("a", "1.35.5")] });
    const copy = structuredClone(i);
    expect(upgradeOptions(i)).toEqual(upgradeOptions(i));
    expect(i).toEqual(copy);
  });
});
