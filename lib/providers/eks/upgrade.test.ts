import { describe, expect, it } from "vitest";
import type { KubernetesVersion, NodePool } from "../types";
import { upgradeOptions } from "./upgrade";

const now = new Date("2026-12-01T00:00:00Z");
const versions: KubernetesVersion[] = [
  { version: "1.30", eol: "2026-07-23", active: false },
  { version: "1.31", eol: "2026-11-26", active: false },
  { version: "1.32", eol: "2027-03-23", active: true },
  { version: "1.33", eol: "2027-07-29", active: true },
  { version: "1.34", eol: "2027-12-02", active: true, default: true },
  { version: "1.35", eol: "2028-03-27", active: true },
];
const pool = (name: string, version: string): NodePool => ({ externalId: name, name, version, nodeCount: 2 });
const run = (version: string, nodePools: NodePool[] = [], status: "running" | "updating" = "running", operationRunning = false) =>
  Object.fromEntries(upgradeOptions({ cluster: { version, status, nodePools }, versions, operationRunning, now }).map((o) => [o.version, o]));

describe("EKS upgrade rules", () => {
  it("allows the next minor only, names extended support, refuses downgrades and skips", () => {
    const o = run("1.32");
    expect(o["1.32"]).toMatchObject({ current: true, allowed: false });
    expect(o["1.31"]).toMatchObject({ allowed: false, reason: "EKS cannot downgrade a cluster" });
    expect(o["1.33"]).toMatchObject({ allowed: true, reason: expect.stringMatching(/in extended support since 2026-07-29 \(extra cost/) });
    expect(o["1.34"]).toMatchObject({ allowed: false, reason: expect.stringMatching(/one minor version at a time; upgrade to 1.33 first/) });
    expect(run("1.34")["1.35"]).toMatchObject({ allowed: true, reason: "standard support until 2027-03-27" });
  });

  it("refuses a target EKS no longer supports", () => {
    expect(run("1.30")["1.31"]).toMatchObject({ allowed: false, reason: expect.stringMatching(/no longer supported by EKS \(extended support ended 2026-11-26\)/) });
  });

  it("requires every node group on the control plane's version first", () => {
    const o = run("1.33", [pool("general", "1.33"), pool("gpu", "1.32.5")]);
    expect(o["1.34"]).toMatchObject({ allowed: false, reason: expect.stringMatching(/node group gpu \(1.32.5\) must run 1.33 first/) });
    expect(run("1.33", [pool("general", "1.33")])["1.34"].allowed).toBe(true);
  });

  it("only an ACTIVE cluster without a running operation", () => {
    expect(run("1.33", [], "updating")["1.34"]).toMatchObject({ allowed: false, reason: expect.stringMatching(/EKS updates only ACTIVE clusters/) });
    expect(run("1.33", [], "running", true)["1.34"]).toMatchObject({ allowed: false, reason: expect.stringMatching(/another operation/) });
  });
});
