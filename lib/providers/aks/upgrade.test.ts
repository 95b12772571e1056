import { describe, expect, it } from "vitest";
import type { KubernetesVersion, NodePool } from "../types";
import { statusOf } from "./mapping";
import { upgradeOptions } from "./upgrade";

const versions: KubernetesVersion[] = [
  { version: "1.33.5", eol: "2026-06-30", active: true },
  { version: "1.34.2", eol: "2026-11-30", active: true },
  { version: "1.34.3", eol: "2026-11-30", active: true },
  { version: "1.35.1", eol: "2027-03-31", active: true },
  { version: "1.35.2", eol: "2027-03-31", active: true, default: true },
  { version: "1.36.1", eol: "2027-06-30", active: true },
  { version: "1.37.0", eol: "2027-09-30", active: false },
];
const pool = (name: string, version: string): NodePool => ({ externalId: name, name, version, nodeCount: 3 });
const now = new Date("2026-12-01T00:00:00Z");
const opts = (over: Partial<Parameters<typeof upgradeOptions>[0]["cluster"]> = {}, operationRunning = false) =>
  upgradeOptions({ cluster: { version: "1.35.1", status: "running", nodePools: [pool("system", "1.35.1")], upgradeTargets: ["1.35.2", "1.36.1"], ...over }, versions, operationRunning, now });
const by = (list: ReturnType<typeof upgradeOptions>, v: string) => list.find((o) => o.version === v)!;

describe("AKS upgrade rules", () => {
  it("allows the next patch and the next minor the upgrade profile lists", () => {
    const o = opts();
    expect(by(o, "1.35.2").allowed).toBe(true);
    expect(by(o, "1.36.1").allowed).toBe(true);
    expect(by(o, "1.35.1")).toMatchObject({ allowed: false, current: true });
  });

  it("refuses downgrades, skipped minors, previews and paths the API does not list, each with a reason", () => {
    const o = opts({ upgradeTargets: ["1.35.2"] });
    expect(by(o, "1.34.3").reason).toMatch(/does not downgrade/);
    expect(by(o, "1.37.0").reason).toMatch(/cannot skip minor versions; upgrade to 1\.36 first/);
    expect(by(o, "1.36.1").reason).toMatch(/not an upgrade path AKS lists for 1\.35\.1/);
    expect(by(opts({ version: "1.36.1", upgradeTargets: undefined, nodePools: [] }), "1.37.0").reason).toMatch(/preview/);
  });

  it("refuses while the cluster is busy or another operation runs", () => {
    expect(by(opts({ status: "upgrading" }), "1.35.2").reason).toMatch(/upgrading/);
    expect(by(opts({}, true), "1.35.2").reason).toMatch(/another operation/);
  });

  it("keeps lagging agent pools within three minors of the new control plane", () => {
    const o = opts({ version: "1.35.1", nodePools: [pool("system", "1.35.1"), pool("legacy", "1.32.8")] });
    expect(by(o, "1.35.2").allowed).toBe(true);
    expect(by(o, "1.36.1").reason).toMatch(/agent pool legacy runs 1\.32\.8.*at most 3 minor versions/);
  });

  it("refuses targets whose AKS support ended", () => {
    const o = upgradeOptions({ cluster: { version: "1.33.4", status: "running", nodePools: [] }, versions: [{ version: "1.33.5", eol: "2026-06-30", active: true }], operationRunning: false, now });
    expect(o[0].reason).toMatch(/support for 1\.33 ended/);
  });
});

describe("AKS status mapping", () => {
  it("maps provisioningState and powerState", () => {
    expect(statusOf("Creating", "Running")).toBe("provisioning");
    expect(statusOf("Upgrading", "Running")).toBe("upgrading");
    expect(statusOf("Scaling", "Running")).toBe("updating");
    expect(statusOf("Deleting", "Running")).toBe("deleting");
    expect(statusOf("Failed", "Running")).toBe("failed");
    expect(statusOf("Succeeded", "Running")).toBe("running");
    expect(statusOf("Succeeded", "Stopped")).toBe("unknown");
  });
});
