/** Issue 18 #16: links to the providers' own consoles — real endpoints only, every provider-supplied part encoded. */
import { describe, expect, it } from "vitest";
import { consoleUrlFor } from "./console-link";

const HOSTILE = `x"/../<script>?a=b#c d`;
const cluster = (o: Partial<Parameters<typeof consoleUrlFor>[1]> = {}) => ({ externalId: "prod", name: "prod", scope: "eu-west-1", region: "eu-west-1", raw: null, ...o });

describe("console links", () => {
  it("EKS: the cluster in the AWS console, for AWS endpoints only", () => {
    expect(consoleUrlFor("eks", cluster(), { baseUrl: "https://eks.amazonaws.com" })).toBe("https://console.aws.amazon.com/eks/home?region=eu-west-1#/clusters/prod");
    expect(consoleUrlFor("eks", cluster(), { baseUrl: "https://eks.eu-west-1.amazonaws.com" })).toBe("https://console.aws.amazon.com/eks/home?region=eu-west-1#/clusters/prod");
    const u = consoleUrlFor("eks", cluster({ name: HOSTILE, region: HOSTILE }), { baseUrl: "https://eks.amazonaws.com" })!;
    expect(u).toBe(`https://console.aws.amazon.com/eks/home?region=${encodeURIComponent(HOSTILE)}#/clusters/${encodeURIComponent(HOSTILE)}`);
    expect(new URL(u).host).toBe("console.aws.amazon.com");
    for (const baseUrl of ["http://127.0.0.1:4105", "https://eks.amazonaws.com.evil.example", "https://notamazonaws.com", "not a url"]) expect(consoleUrlFor("eks", cluster(), { baseUrl })).toBeNull();
  });

  it("GKE: the cluster's details in the Google Cloud console, with its project", () => {
    const c = cluster({ externalId: "europe-west1-b/web", name: "web", scope: "europe-west1-b", raw: { project: "my-project" } });
    expect(consoleUrlFor("gke", c, { baseUrl: "https://container.googleapis.com" })).toBe("https://console.cloud.google.com/kubernetes/clusters/details/europe-west1-b/web/details?project=my-project");
    const h = consoleUrlFor("gke", cluster({ externalId: `${HOSTILE}/${HOSTILE}`, raw: { project: HOSTILE } }), { baseUrl: "https://container.googleapis.com" })!;
    // no provider-supplied slash, dot segment, query or fragment gets through
    expect(new URL(h).pathname.split("/")).toHaveLength(7);
    expect(new URL(h).hash).toBe("");
    expect(new URL(h).host).toBe("console.cloud.google.com");
    expect(new URL(h).searchParams.get("project")).toBe(HOSTILE);
    expect(consoleUrlFor("gke", c, { baseUrl: "http://127.0.0.1:4106" })).toBeNull();
    expect(consoleUrlFor("gke", { ...c, raw: {} }, { baseUrl: "https://container.googleapis.com" })).toBeNull();
  });

  it("AKS: the cluster in the Azure portal by its resource id", () => {
    const id = "/subscriptions/0000-1111/resourceGroups/rg one/providers/Microsoft.ContainerService/managedClusters/aks#1";
    expect(consoleUrlFor("aks", cluster({ externalId: id }), { baseUrl: "https://management.azure.com" })).toBe(
      "https://portal.azure.com/#resource/subscriptions/0000-1111/resourceGroups/rg%20one/providers/Microsoft.ContainerService/managedClusters/aks%231/overview",
    );
    expect(consoleUrlFor("aks", cluster({ externalId: `${id}/../../x` }), { baseUrl: "https://management.azure.com" })).toBeNull();
    expect(consoleUrlFor("aks", cluster({ externalId: id }), { baseUrl: "https://127.0.0.1:4107" })).toBeNull();
  });

  it("Rafay: the configured console (https only); the others: none", () => {
    expect(consoleUrlFor("rafay", cluster({ name: HOSTILE }), { baseUrl: "https://console.rafay.dev/apis" })).toBe("https://console.rafay.dev/");
    expect(consoleUrlFor("rafay", cluster(), { baseUrl: "http://127.0.0.1:4104" })).toBeNull();
    for (const kind of ["nks", "cloudferro", "coreweave", "kubernetes", "unknown"]) expect(consoleUrlFor(kind, cluster(), { baseUrl: "https://api.example.com" })).toBeNull();
  });
});
