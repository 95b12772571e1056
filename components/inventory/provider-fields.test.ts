import { describe, expect, it } from "vitest";
import { humanizeKey } from "./provider-fields";

describe("humanizeKey", () => {
  it.each([
    ["openstackProjectId", "Openstack project ID"],
    ["router_ip", "Router IP"],
    ["versionEol", "Version EOL"],
    ["controlPlane", "Control plane"],
    ["podCIDRs", "Pod CIDRs"],
    ["vpcId", "VPC ID"],
    ["lastError", "Last error"],
    ["x", "X"],
  ])("%s → %s", (key, label) => expect(humanizeKey(key)).toBe(label));
});
