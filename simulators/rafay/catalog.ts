/**
 * Static catalogue of the simulated Rafay controller. The MKS list is what the supported-versions
 * API (docs/providers/rafay.md §6.6) answers; versions carry a leading "v" as MKS does.
 */
export const MKS_VERSIONS = {
  /** still offered for new clusters and upgrades */
  supported: ["v1.34.8", "v1.35.5", "v1.35.6", "v1.36.2", "v1.36.3"],
  /** only returned with include_deprecated_versions=true; running clusters may still be on them */
  deprecated: ["v1.32.12", "v1.33.9"],
  default: "v1.35.6",
  latest: "v1.36.3",
} as const;

/** AKS versions used by seeded AKS clusters (no leading "v", as AKS writes them) */
export const AKS_VERSIONS = ["1.33.5", "1.34.6", "1.35.2"] as const;

export const SYSTEM_BLUEPRINTS = [
  { name: "default", version: "3.6.0", description: "Rafay default blueprint: monitoring, ingress and logging add-ons" },
  { name: "minimal", version: "3.6.0", description: "Rafay minimal blueprint: only the management operator" },
] as const;

/** Rafay "locations" (metros) */
export const LOCATIONS = ["sanjose-us", "newyork-us", "dallas-us", "frankfurt-de", "london-gb", "mumbai-in", "singapore-sg", "tokyo-jp", "sydney-au"] as const;
export const AKS_LOCATIONS = ["eastus", "westeurope", "centralus", "southeastasia"] as const;
export const AKS_VM_SIZES = ["Standard_D4s_v5", "Standard_D8s_v5", "Standard_E8s_v5", "Standard_NC24ads_A100_v4"] as const;
export const OPERATING_SYSTEMS = ["Ubuntu22.04", "Ubuntu24.04", "RHEL9", "Rocky9"] as const;
export const CNIS = [{ name: "Calico", version: "3.28.2" }, { name: "Cilium", version: "1.16.3" }] as const;
export const IMPORTED_PROVIDERS = ["AKS", "EKS", "GKE", "OPENSHIFT", "OTHER", "RKE", "EKSANYWHERE"] as const;
export const PROVISION_ENVIRONMENTS = ["CLOUD", "ONPREM"] as const;
/** spec.type values the simulator knows; aws-eks is listed but not applied through v3 (docs/providers/rafay.md §6.5) */
export const CLUSTER_TYPES = ["mks", "aks", "gke", "imported", "aws-eks"] as const;
