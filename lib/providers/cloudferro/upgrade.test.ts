import { describe, expect, it } from "vitest";
import type { KubernetesVersion, NodePool, UpgradeOptionsInput } from "../types";
import { upgradeOptions } from "./upgrade";

const NOW = new Date("2026-11-23T12:00:00Z");
const CATALOGUE: KubernetesVersion[] = [
  { version: "1.29.15", eol: "2026-01-01T23:00:00Z", active: false },
  { version: "1.30.10", eol: "2026-06-27T23:00:00Z", active: true },
  { version: "1.31.10", eol: "2026-11-03T23:00:00Z", active: true },
  { version: "1.32.6", eol: "2027-02-01T23:00:00Z", active: true },
  { version: "1.32.9", eol: "2027-02-01T23:00:00Z", active: true },
  { version: "1.33.5", eol: "2027-06-01T23:00:00Z", active: true },
  { version: "1.33.7", eol: "2027-06-01T23:00:00Z", active: false },
  { version: "1.34.2", eol: "2027-10-01T23:00:00Z", active: true },
];
const pool = (over: Partial<NodePool> = {}): NodePool => ({ externalId: "p1", name: "workers", nodeCount: 2, version: "1.32.6", status: "Running", ...over });

function run(over: Partial<UpgradeOptionsInput["cluster"]> = {}, operationRunning = false) {
  return upgradeOptions({ cluster: { version: "1.32.6", status: "running", nodePools: [pool()], ...over }, versions: CATALOGUE, operationRunning, now: NOW });
}

describe("cloudferro upgradeOptions", () => {
  it("lists every catalogue version, newest first", () => {
    expect(run().map((o) => o.version)).toEqual(["1.34.2", "1.33.7", "1.33.5", "1.32.9", "1.32.6", "1.31.10", "1.30.10", "1.29.15"]);
  });

  const cases: { name: string; cluster?: Partial<UpgradeOptionsInput["cluster"]>; op?: boolean; version: string; allowed: boolean; reason?: RegExp; current?: boolean }[] = [
    { name: "next minor", version: "1.33.5", allowed: true },
    { name: "patch within the minor", version: "1.32.9", allowed: true },
    { name: "same version is current", version: "1.32.6", allowed: false, current: true, reason: /current/ },
    { name: "downgrade", version: "1.31.10", allowed: false, reason: /downgrade/ },
    { name: "skipped minor", version: "1.34.2", allowed: false, reason: /one minor version at a time/ },
    { name: "inactive target", version: "1.33.7", allowed: false, reason: /not active/ },
    { name: "inactive older version is a downgrade first", version: "1.29.15", allowed: false, reason: /downgrade/ },
    { name: "cluster not running", cluster: { status: "upgrading" }, version: "1.33.5", allowed: false, reason: /upgrading.*running cluster/ },
    { name: "failed cluster", cluster: { status: "failed" }, version: "1.33.5", allowed: false, reason: /failed/ },
    { name: "operation running", op: true, version: "1.33.5", allowed: false, reason: /another operation/ },
    { name: "pool still upgrading", cluster: { nodePools: [pool({ status: "Upgrading", version: null })] }, version: "1.33.5", allowed: false, reason: /workers.*caught up/ },
    { name: "pool on an older version", cluster: { nodePools: [pool({ version: "1.31.10" })] }, version: "1.33.5", allowed: false, reason: /caught up/ },
    { name: "past-EOL target from a supported version", cluster: { version: "1.30.10", nodePools: [] }, version: "1.31.10", allowed: true, reason: /stepping|step towards/ },
    { name: "past-EOL patch target", cluster: { version: "1.31.10", nodePools: [] }, version: "1.31.10", allowed: false, current: true },
    { name: "from past EOL to a supported minor", cluster: { version: "1.31.10", nodePools: [] }, version: "1.32.6", allowed: true },
    { name: "unknown current version", cluster: { version: null }, version: "1.33.5", allowed: false, reason: /unknown/ },
    { name: "v-prefixed current version is normalised", cluster: { version: "v1.32.6" }, version: "1.33.5", allowed: true },
  ];

  it.each(cases)("$name: $version", (c) => {
    const opt = run(c.cluster, c.op).find((o) => o.version === c.version)!;
    expect(opt.allowed).toBe(c.allowed);
    if (c.reason) expect(opt.reason).toMatch(c.reason);
    if (!c.allowed) expect(opt.reason).toBeTruthy();
    expect(opt.current ?? false).toBe(c.current ?? false);
  });

  it("refuses a past-EOL target when the current version is still supported", () => {
    const versions: KubernetesVersion[] = [
      { version: "1.32.6", eol: "2027-01-01T00:00:00Z", active: true },
      { version: "1.33.1", eol: "2026-10-01T00:00:00Z", active: true },
    ];
    const [opt] = upgradeOptions({ cluster: { version: "1.32.6", status: "running", nodePools: [] }, versions, operationRunning: false, now: NOW });
    expect(opt).toMatchObject({ version: "1.33.1", allowed: false });
    expect(opt.reason).toMatch(/past end of life \(2026-10-01\)/);
  });

  it("carries the EOL of every option", () => {
    for (const o of run()) expect(o.eol).toBe(CATALOGUE.find((v) => v.version === o.version)!.eol);
  });
});
