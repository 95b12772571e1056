import { describe, expect, it } from "vitest";
import type { ClusterStatus, KubernetesVersion, NodePool } from "../types";
import { upgradeOptions } from "./upgrade";

const NOW = new Date("2026-11-23T00:00:00Z");
const CATALOGUE: KubernetesVersion[] = [
  { version: "1.33", eol: "2026-08-31", active: false },
  { version: "1.36", eol: "2027-08-31", active: true },
  { version: "1.34", eol: "2026-12-31", active: true },
  { version: "1.35", eol: "2027-04-30", active: true, default: true },
  { version: "1.37", eol: "2026-10-01", active: true }, // odd but possible catalogue entry: active yet past its end date
];
const pool = (version: string): NodePool => ({ externalId: "p", name: "gpu-pool", version, nodeCount: 3 });

interface Row {
  name: string;
  version: string;
  status?: ClusterStatus;
  operationRunning?: boolean;
  nodePools?: NodePool[];
  versions?: KubernetesVersion[];
  expect: Record<string, true | RegExp>;
}

const rows: Row[] = [
  {
    name: "running 1.35: only 1.36 allowed",
    version: "1.35",
    expect: { "1.33": /downgrade/, "1.34": /downgrade/, "1.35": /current/, "1.36": true, "1.37": /one minor version at a time; upgrade to 1.36 first/ },
  },
  { name: "patch versions compare by minor", version: "1.35.4", expect: { "1.35": /current/, "1.36": true } },
  { name: "deprecated 1.33 may climb to supported 1.34", version: "1.33", expect: { "1.33": /current/, "1.34": true, "1.35": /one minor/ } },
  { name: "target not supported by CKS", version: "1.32", expect: { "1.33": /not supported by CKS/, "1.34": /one minor/ } },
  {
    name: "target past its end of life",
    version: "1.36",
    expect: { "1.37": /reached end of life on 2026-10-01/ },
  },
  { name: "cluster not running", version: "1.35", status: "updating", expect: { "1.36": /cluster is updating; upgrades need a running cluster/, "1.35": /current/ } },
  { name: "failed cluster", version: "1.35", status: "failed", expect: { "1.36": /cluster is failed/ } },
  { name: "operation already running", version: "1.35", operationRunning: true, expect: { "1.36": /another operation/ } },
  { name: "node pool more than two minors behind the target", version: "1.35", nodePools: [pool("1.33.5")], expect: { "1.36": /node pool gpu-pool runs 1.33.5/ } },
  { name: "node pool two minors behind is fine", version: "1.35", nodePools: [pool("1.34")], expect: { "1.36": true } },
  { name: "unknown current version", version: "", expect: { "1.35": /current version is unknown/, "1.36": /current version is unknown/ } },
  { name: "unparsable catalogue entry", version: "1.35", versions: [{ version: "latest", active: true }], expect: { latest: /not a Kubernetes minor version/ } },
];

describe("coreweave upgradeOptions", () => {
  it.each(rows)("$name", (row) => {
    const options = upgradeOptions({
      cluster: { version: row.version || null, status: row.status ?? "running", nodePools: row.nodePools ?? [] },
      versions: row.versions ?? CATALOGUE,
      operationRunning: row.operationRunning ?? false,
      now: NOW,
    });
    expect(options).toHaveLength((row.versions ?? CATALOGUE).length);
    for (const [version, want] of Object.entries(row.expect)) {
      const o = options.find((x) => x.version === version);
      expect(o, version).toBeDefined();
      if (want === true) {
        expect(o!.allowed, `${version}: ${o!.reason}`).toBe(true);
        expect(o!.reason).toBeUndefined();
      } else {
        expect(o!.allowed, version).toBe(false);
        expect(o!.reason).toMatch(want);
      }
    }
  });

  it("returns versions in ascending order, marks only the current one, carries EOL", () => {
    const options = upgradeOptions({ cluster: { version: "1.35", status: "running", nodePools: [] }, versions: CATALOGUE, operationRunning: false, now: NOW });
    expect(options.map((o) => o.version)).toEqual(["1.33", "1.34", "1.35", "1.36", "1.37"]);
    expect(options.filter((o) => o.current).map((o) => o.version)).toEqual(["1.35"]);
    expect(options.find((o) => o.version === "1.36")!.eol).toBe("2027-08-31");
    expect(options.filter((o) => o.allowed)).toHaveLength(1);
  });
});
