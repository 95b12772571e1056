import { describe, expect, it } from "vitest";
import type { KubernetesVersion, NodePool, ProviderCluster } from "../types";
import { upgradeOptions } from "./upgrade";

const now = new Date("2026-12-01T00:00:00Z");
const versions: KubernetesVersion[] = ["1.33.7", "1.34.3", "1.35.4", "1.35.5", "1.36.2", "1.37.1"].map((version) => ({ version, active: true }));
const pool = (version: string): NodePool => ({ externalId: "p", name: "default-pool", version, nodeCount: 3 });
function cluster(version: string, channel: string, targets: string[], pools = [pool(version)], status: ProviderCluster["status"] = "running") {
  return { version, status, nodePools: pools, upgradeTargets: targets, raw: { releaseChannel: channel } } as unknown as ProviderCluster;
}
const reasonOf = (opts: ReturnType<typeof upgradeOptions>, v: string) => opts.find((o) => o.version === v);

describe("GKE upgrade rules", () => {
  it("allows the channel's patches and next minor; refuses downgrades, skipped minors and other channels' versions", () => {
    const o = upgradeOptions({ cluster: cluster("1.35.4", "STABLE", ["1.35.4", "1.35.5", "1.36.2"]), versions, operationRunning: false, now });
    expect(reasonOf(o, "1.35.4")?.current).toBe(true);
    expect(reasonOf(o, "1.35.5")?.allowed).toBe(true);
    expect(reasonOf(o, "1.36.2")?.allowed).toBe(true);
    expect(reasonOf(o, "1.34.3")?.reason).toMatch(/not downgraded/);
    expect(reasonOf(o, "1.37.1")?.reason).toMatch(/one minor version at a time; upgrade to 1\.36 first/);
  });

  it("names the release channel when it does not offer a version", () => {
    const o = upgradeOptions({ cluster: cluster("1.36.2", "STABLE", ["1.35.5", "1.36.2"]), versions, operationRunning: false, now });
    expect(reasonOf(o, "1.37.1")?.reason).toBe("the STABLE release channel does not offer 1.37.1 in this location");
    const none = upgradeOptions({ cluster: cluster("1.36.2", "UNSPECIFIED", ["1.36.2"]), versions, operationRunning: false, now });
    expect(reasonOf(none, "1.37.1")?.reason).toMatch(/not a valid control-plane version/);
  });

  it("explains a refusal past the end of standard support (Extended channel only)", () => {
    const o = upgradeOptions({ cluster: cluster("1.33.7", "REGULAR", ["1.36.2"]), versions, operationRunning: false, now });
    expect(reasonOf(o, "1.34.3")?.reason).toMatch(/left standard support on 2026-10-01; only clusters on the Extended channel/);
    const ext = upgradeOptions({ cluster: cluster("1.33.7", "EXTENDED", ["1.33.7", "1.34.3"]), versions, operationRunning: false, now });
    expect(reasonOf(ext, "1.34.3")?.allowed).toBe(true);
    const unknown = upgradeOptions({ cluster: cluster("1.33.7", "REGULAR", []), versions, operationRunning: false, now });
    expect(reasonOf(unknown, "1.34.3")?.reason).toMatch(/left standard support/);
  });

  it("keeps nodes within two minor versions of the control plane", () => {
    const o = upgradeOptions({ cluster: cluster("1.34.3", "EXTENDED", ["1.35.4"], [pool("1.32.11")]), versions, operationRunning: false, now });
    expect(reasonOf(o, "1.35.4")?.reason).toBe("node pool default-pool runs 1.32.11; nodes may be at most 2 minor versions older than the control plane, so upgrade its nodes first");
    const fine = upgradeOptions({ cluster: cluster("1.34.3", "EXTENDED", ["1.35.4"], [pool("1.33.7")]), versions, operationRunning: false, now });
    expect(reasonOf(fine, "1.35.4")?.allowed).toBe(true);
  });

  it("needs a running cluster and no other operation", () => {
    const busy = upgradeOptions({ cluster: cluster("1.35.4", "STABLE", ["1.35.5"], undefined, "updating"), versions, operationRunning: false, now });
    expect(reasonOf(busy, "1.35.5")?.reason).toMatch(/the cluster is updating/);
    const op = upgradeOptions({ cluster: cluster("1.35.4", "STABLE", ["1.35.5"]), versions, operationRunning: true, now });
    expect(reasonOf(op, "1.35.5")?.reason).toMatch(/another operation/);
  });
});
