import { describe, expect, it } from "vitest";
import type { ClusterStatus, KubernetesVersion, NodePool } from "../types";
import { normalizeKubeVersion as normalizeVersion } from "@/lib/kube-version";
import { mapStatus } from "./mapping";
import { upgradeOptions } from "./upgrade";

const NOW = new Date("2026-11-23T12:00:00Z");
const CATALOGUE: KubernetesVersion[] = [
  { version: "1.34.5", eol: "2026-10-27", active: false },
  { version: "1.35.1", eol: "2027-02-28", active: true },
  { version: "1.35.4", eol: "2027-02-28", active: true },
  { version: "1.36.0", eol: "2027-06-28", active: true },
  { version: "1.36.2", eol: "2027-06-28", active: true, default: true },
  { version: "1.37.0", eol: "2027-10-28", active: true },
  { version: "1.38.0", eol: null, active: false },
];

type Case = {
  name: string;
  version?: string | null;
  status?: ClusterStatus;
  operationRunning?: boolean;
  nodePools?: NodePool[];
  upgradeTargets?: string[];
  versions?: KubernetesVersion[];
  expect: Record<string, true | RegExp>;
};

const cases: Case[] = [
  {
    name: "running 1.35.1: newer patch and next minor allowed, rest explained",
    version: "1.35.1",
    expect: { "1.34.5": /downgrade/, "1.35.1": /current/, "1.35.4": true, "1.36.0": true, "1.36.2": true, "1.37.0": /one minor version at a time; upgrade to 1\.36 first/, "1.38.0": /one minor/ },
  },
  { name: "not running", version: "1.35.1", status: "provisioning", expect: { "1.35.1": /current/, "1.35.4": /cluster is provisioning/, "1.36.0": /cluster is provisioning/ } },
  { name: "failed cluster", version: "1.35.1", status: "failed", expect: { "1.35.4": /cluster is failed/ } },
  { name: "operation running", version: "1.35.1", operationRunning: true, expect: { "1.35.4": /another operation/, "1.36.2": /another operation/ } },
  {
    name: "past EOL target",
    version: "1.33.7",
    versions: [{ version: "1.33.7", eol: "2026-06-28", active: false }, { version: "1.34.5", eol: "2026-10-27", active: true }],
    expect: { "1.33.7": /current/, "1.34.5": /past end of life \(2026-10-27\)/ },
  },
  { name: "inactive target", version: "1.37.0", versions: [{ version: "1.37.0", eol: null, active: true }, { version: "1.38.0", eol: null, active: false }], expect: { "1.38.0": /no longer offered/ } },
  {
    name: "cluster offers only some targets",
    version: "1.35.1",
    upgradeTargets: ["1.36.2"],
    expect: { "1.35.4": /does not offer/, "1.36.0": /does not offer/, "1.36.2": true },
  },
  {
    name: "node pool lagging behind the control plane",
    version: "1.36.0",
    nodePools: [{ externalId: "1", name: "old", nodeCount: 2, version: "1.35.4" }],
    expect: { "1.36.2": /node pool "old" runs 1\.35\.4/ },
  },
  { name: "minor-only version (EKS style)", version: "1.36", expect: { "1.36.0": /current/, "1.36.2": true, "1.37.0": true, "1.35.4": /downgrade/ } },
  { name: "unknown current version", version: null, expect: { "1.36.2": /unknown/ } },
];

describe("upgradeOptions (pure)", () => {
  it.each(cases)("$name", (c) => {
    const opts = upgradeOptions({
      cluster: { version: c.version === undefined ? "1.35.1" : c.version, status: c.status ?? "running", nodePools: c.nodePools ?? [], ...(c.upgradeTargets ? { upgradeTargets: c.upgradeTargets } : {}) } as never,
      versions: c.versions ?? CATALOGUE,
      operationRunning: c.operationRunning ?? false,
      now: NOW,
    });
    expect(opts.map((o) => o.version)).toEqual([...(c.versions ?? CATALOGUE)].map((v) => v.version));
    for (const [version, want] of Object.entries(c.expect)) {
      const o = opts.find((x) => x.version === version)!;
      if (want === true) expect(o, version).toMatchObject({ allowed: true });
      else {
        expect(o.allowed, version).toBe(false);
        expect(o.reason, version).toMatch(want);
      }
    }
  });

  it("marks exactly one option as current and carries EOL dates", () => {
    const opts = upgradeOptions({ cluster: { version: "1.36.2", status: "running", nodePools: [] }, versions: CATALOGUE, operationRunning: false, now: NOW });
    expect(opts.filter((o) => o.current).map((o) => o.version)).toEqual(["1.36.2"]);
    expect(opts.find((o) => o.version === "1.37.0")).toMatchObject({ allowed: true, eol: "2027-10-28" });
  });
});

describe("status and version mapping", () => {
  it.each([
    ["draft", false, "provisioning"],
    ["building", false, "provisioning"],
    ["provisioned", false, "provisioning"],
    ["running", false, "running"],
    ["upgrading", false, "upgrading"],
    ["deleting", false, "deleting"],
    ["failed", true, "failed"],
    ["building", true, "failed"],
    ["maintenance", false, "unknown"],
  ] as const)("%s (is_failed=%s) → %s", (state, failed, want) => {
    expect(mapStatus(state, failed)).toBe(want);
  });

  it.each([
    ["v1.30.2", "1.30.2"],
    ["v1.30", "1.30"],
    ["1.14.3", "1.14.3"],
    ["latest", null],
    [null, null],
  ] as const)("normalizes %s → %s", (raw, want) => {
    expect(normalizeVersion(raw)).toBe(want);
  });
});
