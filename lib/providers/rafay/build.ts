/** Wizard input -> the v3 Cluster object applied with POST .../clusters (docs/providers/rafay.md §6.4, §6.5). */
import type { RafayCreateInput } from "./create-schema";
import { normalizeKubeVersion } from "@/lib/kube-version";

export function clusterBody(input: RafayCreateInput, project: string): Record<string, unknown> {
  const metadata = { name: input.name, project, ...(input.description ? { description: input.description } : {}) };
  const blueprint = { name: input.blueprint, version: input.blueprintVersion };
  if (input.type === "imported") {
    return {
      apiVersion: "infra.k8smgmt.io/v3",
      kind: "Cluster",
      metadata,
      spec: {
        type: "imported",
        blueprint,
        config: { kubernetesProvider: input.kubernetesProvider, provisionEnvironment: input.provisionEnvironment, ...(input.location ? { location: input.location } : {}) },
      },
    };
  }
  const version = `v${normalizeKubeVersion(input.kubernetesVersion)}`;
  return {
    apiVersion: "infra.k8smgmt.io/v3",
    kind: "Cluster",
    metadata,
    spec: {
      type: "mks",
      blueprint,
      config: {
        kubernetesVersion: version,
        ...(input.location ? { location: input.location } : {}),
        autoApproveNodes: input.autoApproveNodes,
        highAvailability: input.highAvailability,
        dedicatedControlPlane: input.dedicatedControlPlane,
        kubernetesUpgrade:
          input.upgradeStrategy === "concurrent"
            ? { strategy: "concurrent", params: { workerConcurrency: input.workerConcurrency } }
            : { strategy: "sequential" },
        network: { cni: { name: input.cni }, podSubnet: input.podSubnet, serviceSubnet: input.serviceSubnet },
        nodes: (input.nodes ?? []).map((n) => ({
          hostname: n.hostname,
          arch: n.arch,
          operatingSystem: n.operatingSystem,
          privateIP: n.privateIP,
          roles: n.roles.split(","),
        })),
      },
    },
  };
}
