import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createInputSchema } from "./create-schema";
import { regionOfZone } from "./catalog";
import { normalizeKubeVersion as normalizeVersion } from "@/lib/kube-version";
import { mapStatus, toApiVersion, toProviderCluster } from "./mapping";

describe("coreweave mapping", () => {
  it.each([
    ["STATUS_CREATING", "provisioning"],
    ["STATUS_RUNNING", "running"],
    ["STATUS_UPDATING", "updating"],
    ["STATUS_UPGRADING", "upgrading"],
    ["STATUS_DELETING", "deleting"],
    ["STATUS_DELETED", "deleting"],
    ["STATUS_FAILED", "failed"],
    ["STATUS_UNSPECIFIED", "unknown"],
    ["STATUS_UNHEALTHY", "unknown"],
    [3, "unknown"],
    [undefined, "unknown"],
  ] as const)("status %s -> %s", (raw, want) => {
    expect(mapStatus(raw)).toBe(want);
  });

  it.each([
    ["v1.35", "1.35"],
    ["v1.30.2", "1.30.2"],
    ["1.30", "1.30"],
    ["latest", null],
    ["", null],
    [null, null],
  ] as const)("normalizes version %s -> %s", (raw, want) => {
    expect(normalizeVersion(raw)).toBe(want);
  });

  it("sends minors with a v prefix", () => {
    expect(toApiVersion("1.36")).toBe("v1.36");
    expect(toApiVersion("1.36.3")).toBe("v1.36");
    expect(toApiVersion("v1.36")).toBe("v1.36");
    expect(() => toApiVersion("one")).toThrow();
  });

  it("derives regions from zones", () => {
    expect(regionOfZone("US-EAST-04A")).toBe("US-EAST-04");
    expect(regionOfZone("RNO2A")).toBe("RNO2");
  });

  it("maps a sparse proto3-JSON cluster (zero values omitted) onto the model", () => {
    const c = toProviderCluster({ id: "81540112-93fc-4d39-af10-fe6c2f4b8824", name: "prod-use04a", zone: "US-EAST-04A", version: "v1.35", status: "STATUS_RUNNING", apiServerEndpoint: "a74af4-22df2adc.k8s.us-east-04a.coreweave.com", isUpgradeable: true });
    expect(c).toMatchObject({
      externalId: "81540112-93fc-4d39-af10-fe6c2f4b8824",
      scope: "US-EAST-04A",
      region: "US-EAST-04",
      version: "1.35",
      status: "running",
      providerStatus: "STATUS_RUNNING",
      nodeCount: 0,
      nodePools: [],
      apiEndpoint: "https://a74af4-22df2adc.k8s.us-east-04a.coreweave.com",
      upgradeTargets: ["1.36"],
    });
    expect(c.raw).toMatchObject({ public: false, serviceAccountIssuer: "https://oidc.cks.coreweave.com/id/81540112-93fc-4d39-af10-fe6c2f4b8824" });
  });

  it("never copies CA bundles or tailscale ids into raw", () => {
    const c = toProviderCluster({ id: "x", name: "y", oidc: { issuerUrl: "https://i", clientId: "c", ca: "U0VDUkVU" }, tailscale: { clientId: "ts-secret-id" }, status: 7 });
    expect(JSON.stringify(c)).not.toContain("U0VDUkVU");
    expect(JSON.stringify(c)).not.toContain("ts-secret-id");
    expect(c.providerStatus).toBe("7");
    expect(c.status).toBe("unknown");
  });

  it("keeps the create schema module browser-safe (zod and types only)", () => {
    const src = readFileSync(path.join(__dirname, "create-schema.ts"), "utf8");
    const imports = [...src.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(["../types", "zod"]);
  });

  it("validates wizard input: OIDC pairs, port ranges, list items", () => {
    const base = { name: "a1", zone: "US-EAST-04A", version: "1.35", vpcId: "1063bce6-6e5b-4b0a-b73a-7e6106b2a77c", podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["lb"] };
    expect(createInputSchema.safeParse(base).success).toBe(true);
    const r = createInputSchema.safeParse({ ...base, oidcIssuerUrl: "http://idp", serviceNodePortStart: 30000, internalLbCidrNames: [{ value: "lb" }, { value: "lb" }] });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["oidcIssuerUrl", "oidcClientId", "serviceNodePortEnd", "internalLbCidrNames"]));
    expect(createInputSchema.safeParse({ ...base, name: "x".repeat(31) }).success).toBe(false);
    expect(createInputSchema.safeParse({ ...base, version: "latest" }).success).toBe(false);
  });
});
