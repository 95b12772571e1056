import { describe, expect, it } from "vitest";
import { mapStatus, parseConditionStatus, parseTimestamp, toProviderCluster } from "./mapping";
import { clusterSchema, listSchema, type RafayCluster } from "./schemas";
import { normalizeKubeVersion as normalizeVersion } from "@/lib/kube-version";

const CONDS = ["ClusterRegisterSucceeded", "ClusterApproveSucceeded", "ClusterCheckInSucceeded", "ClusterNodeSyncSucceeded", "ClusterBlueprintSyncSucceeded", "ClusterNamespaceSyncSucceeded", "ClusterReady"];
function cluster(over: { cs?: unknown; reason?: string; ready?: boolean; register?: boolean; spec?: string; status?: string; type?: string } = {}): RafayCluster {
  return clusterSchema.parse({
    metadata: { name: "c1", project: "p1" },
    spec: { type: over.type ?? "mks", config: over.spec === undefined ? { kubernetesVersion: "v1.35.6" } : { kubernetesVersion: over.spec } },
    status: {
      commonStatus: { conditionStatus: over.cs ?? 2, conditionType: "ClusterOperationSubmitted", reason: over.reason ?? "" },
      conditions: CONDS.map((type) => ({
        type,
        status: type === "ClusterReady" ? (over.ready === false ? "False" : "True") : type === "ClusterRegisterSucceeded" && over.register === false ? "False" : "True",
      })),
      ...(over.status ? { controPlane: { kubeVersion: over.status } } : {}),
    },
  });
}

describe("rafay mapping", () => {
  it.each([
    ["v1.30.2", "1.30.2"],
    ["v1.30", "1.30"],
    ["1.34.6", "1.34.6"],
    ["v1.31.4-eks-2d5f260", "1.31.4"],
    ["v1.32.9+rke2r1", "1.32.9"],
    ["latest", null],
    ["", null],
  ])("normalises version %s", (raw, want) => expect(normalizeVersion(raw)).toBe(want));

  it.each([
    [0, 0], [1, 1], [2, 2], [3, 3], ["StatusSubmitted", 1], ["StatusOK", 2], ["statusfailed", 3], ["StatusNotSet", 0], ["2", 2], [7, null], ["Weird", null],
  ] as const)("parses conditionStatus %j", (raw, want) => expect(parseConditionStatus(raw)).toBe(want));

  it.each([
    [{ seconds: 1763856000, nanos: 500_000_000 }, "2025-11-23T00:00:00.500Z"],
    [{ seconds: "1763856000", nanos: 0 }, "2025-11-23T00:00:00.000Z"],
    [{ value: "2025-11-23T00:00:00Z" }, "2025-11-23T00:00:00.000Z"],
    [{ values: "2025-11-23T00:00:00Z" }, "2025-11-23T00:00:00.000Z"],
    ["2025-11-23T00:00:00Z", "2025-11-23T00:00:00.000Z"],
    ["not a date", null],
  ])("parses lastUpdated %j", (raw, want) => expect(parseTimestamp(raw)).toBe(want));

  it.each([
    ["OK + ready", cluster(), "running"],
    ["numeric-string OK", cluster({ cs: "StatusOK" }), "running"],
    ["submitted, first bring-up", cluster({ cs: 1, ready: false }), "provisioning"],
    ["submitted, version change", cluster({ cs: 1, spec: "v1.36.2", status: "v1.35.6" }), "upgrading"],
    ["submitted, same version, ready", cluster({ cs: 1, status: "v1.35.6" }), "updating"],
    ["submitted, delete", cluster({ cs: 1, reason: "clusterdeleteisbeingapplied" }), "deleting"],
    ["failed", cluster({ cs: 3, reason: "boom" }), "failed"],
    ["OK, imported waiting for bootstrap", cluster({ ready: false, register: false, type: "imported" }), "provisioning"],
    ["OK but not ready", cluster({ ready: false }), "unknown"],
    ["not set, ready", cluster({ cs: 0 }), "running"],
  ] as const)("maps %s", (_n, c, want) => expect(mapStatus(c)).toBe(want));

  it("tolerates unknown types, missing config and missing status", () => {
    const c = clusterSchema.parse({ metadata: { name: "eks1" }, spec: { type: "aws-eks" } });
    const p = toProviderCluster(c, "defaultproject");
    expect(p).toMatchObject({ externalId: "eks1", scope: "defaultproject", status: "unknown", version: null, nodeCount: 0, nodePools: [] });
  });

  it("reads int64 list counts written as strings", () => {
    const l = listSchema(clusterSchema).parse({ metadata: { count: "42", offset: "0", limit: "25" }, items: [] });
    expect(l.metadata?.count).toBe(42);
  });

  it("maps AKS node pools, preferring the status version", () => {
    const c = clusterSchema.parse({
      metadata: { name: "aks1", project: "p", labels: { env: "prod", "rafay.dev/clusterType": "aks" } },
      spec: {
        type: "aks",
        config: {
          spec: {
            managedCluster: { location: "eastus", properties: { kubernetesVersion: "1.34.6" } },
            nodePools: [{ name: "userpool", properties: { count: 4, vmSize: "Standard_D8s_v5", enableAutoScaling: true, minCount: 1, maxCount: 10, orchestratorVersion: "1.34.6" } }],
          },
        },
      },
      status: { commonStatus: { conditionStatus: 2 }, conditions: [{ type: "ClusterReady", status: "True" }], aks: { nodepools: [{ name: "userpool", id: "abc", kubeVersion: "1.33.5", provisionStatus: "Succeeded" }] }, controPlane: { kubeVersion: "1.34.6", endpoint: { host: "aks1.hcp.eastus.azmk8s.io", port: 443 } } },
    });
    const p = toProviderCluster(c, "p");
    expect(p.nodePools).toEqual([{ externalId: "abc", name: "userpool", version: "1.33.5", nodeCount: 4, minNodes: 1, maxNodes: 10, autoscaling: true, instanceType: "Standard_D8s_v5", status: "Succeeded" }]);
    expect(p).toMatchObject({ region: "eastus", nodeCount: 4, version: "1.34.6", apiEndpoint: "https://aks1.hcp.eastus.azmk8s.io:443" });
    expect(p.raw?.labels).toEqual({ env: "prod" });
  });
});
