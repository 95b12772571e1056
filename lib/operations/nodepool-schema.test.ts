import { describe, expect, it } from "vitest";
import { nodePoolUpgradeProblem, nodePoolUpgradeTarget } from "./nodepool-schema";

describe("node-pool upgrade rule (shared by the cluster page and the API)", () => {
  it("offers the control plane's version to a pool behind it, nothing otherwise", () => {
    expect(nodePoolUpgradeTarget("1.31", "1.30")).toEqual({ version: "1.31" });
    expect(nodePoolUpgradeTarget("v1.31.2-eks-abc", "1.29.8")).toEqual({ version: "1.31.2" });
    expect(nodePoolUpgradeTarget("1.31", "1.31").version).toBeNull();
    expect(nodePoolUpgradeTarget("1.31", "1.31").reason).toMatch(/already runs/);
    expect(nodePoolUpgradeTarget("1.31", null).reason).toMatch(/pool's version is unknown/);
    expect(nodePoolUpgradeTarget(null, "1.30").reason).toMatch(/control plane's version is unknown/);
  });

  it("refuses a target past the control plane, a downgrade, and garbage", () => {
    expect(nodePoolUpgradeProblem("1.31", "1.30", "1.31")).toBeNull();
    expect(nodePoolUpgradeProblem("1.31.2", "1.30", "1.31")).toBeNull();
    expect(nodePoolUpgradeProblem("1.31", "1.30", "1.32")).toMatch(/newer version than its control plane/);
    expect(nodePoolUpgradeProblem("1.31", "1.30", "1.30")).toMatch(/already runs 1.30/);
    expect(nodePoolUpgradeProblem("1.31", "1.30", "latest")).toMatch(/not a Kubernetes version/);
  });
});
