/**
 * Static facts the NKS API does not serve (no region or version endpoint exists): provider codes,
 * their regions/zones and OS platforms, the Kubernetes versions NKS offers for new clusters and
 * upstream end-of-life dates per minor. Browser-safe (no Node imports): the create wizard uses it.
 */

export interface NksProviderInfo {
  code: string;
  label: string;
  regions: string[];
  /** AWS: zone = region + suffix, required */
  zoneSuffixes?: string[];
  /** NKS runs the masters: master_count/master_size are sent at create */
  selfHostedMasters: boolean;
  platforms: Record<string, string[]>;
  defaultPlatform: string;
  /** keyset entities usable with this provider */
  keysetEntities: string[];
  /** sizes come from this catalogue in /meta/provider-instances */
  specsProvider: string;
  needsProjectId?: boolean;
  /** VPC/subnet fields are sent ("__new__" lets NKS create them) */
  network: boolean;
  resourceGroup?: boolean;
}

const OS = { coreos: ["stable", "beta", "alpha"], ubuntu: ["16.04-lts", "18.04-lts"] };

export const NKS_PROVIDERS: NksProviderInfo[] = [
  { code: "aws", label: "Amazon Web Services", regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-3", "eu-central-1", "ap-southeast-2"], zoneSuffixes: ["a", "b", "c"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["aws"], specsProvider: "aws", network: true },
  { code: "azure", label: "Microsoft Azure", regions: ["eastus", "eastus2", "westus2", "westeurope", "northeurope"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["azure"], specsProvider: "azure", network: true, resourceGroup: true },
  { code: "gce", label: "Google Compute Engine", regions: ["us-west1-a", "us-east1-c", "us-central1-b", "europe-west1-d", "asia-east1-a"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["gce"], specsProvider: "gce", network: false },
  { code: "gke", label: "Google Kubernetes Engine", regions: ["us-west1-a", "us-east1-c", "us-central1-b", "europe-west1-d", "asia-east1-a"], selfHostedMasters: true, platforms: { gci: ["stable"] }, defaultPlatform: "gci", keysetEntities: ["gke", "gce"], specsProvider: "gke", network: false },
  { code: "do", label: "DigitalOcean", regions: ["nyc1", "nyc3", "sfo2", "ams3", "fra1", "sgp1"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["do"], specsProvider: "do", network: false },
  { code: "eks", label: "Amazon EKS", regions: ["us-east-1", "us-west-2", "eu-west-1"], selfHostedMasters: false, platforms: { "amazon-linux": ["v2"] }, defaultPlatform: "amazon-linux", keysetEntities: ["eks", "aws"], specsProvider: "eks", network: true },
  { code: "aks", label: "Azure Kubernetes Service", regions: ["eastus", "westus2", "westeurope"], selfHostedMasters: false, platforms: { ubuntu: ["16.04-lts", "18.04-lts"] }, defaultPlatform: "ubuntu", keysetEntities: ["aks", "azure"], specsProvider: "aks", network: true, resourceGroup: true },
  { code: "packet", label: "Packet (bare metal)", regions: ["ewr1", "sjc1", "ams1", "nrt1"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["packet"], specsProvider: "packet", network: false, needsProjectId: true },
];

export const PROVIDER_CODES = NKS_PROVIDERS.map((p) => p.code) as [string, ...string[]];

export function providerInfo(code: unknown): NksProviderInfo | undefined {
  return NKS_PROVIDERS.find((p) => p.code === code);
}

/** versions NKS offers for new clusters (wire form carries a leading "v") */
export const OFFERED_VERSIONS: { version: string; default?: boolean }[] = [
  { version: "1.35.1" },
  { version: "1.35.4" },
  { version: "1.36.0" },
  { version: "1.36.2", default: true },
  { version: "1.37.0" },
];

/** upstream Kubernetes end of life per minor (1.35+ projected at ~14 months after release) */
export const MINOR_EOL: Record<string, string> = {
  "1.25": "2023-10-28", "1.26": "2024-02-28", "1.27": "2024-06-28", "1.28": "2024-10-28", "1.29": "2025-02-28",
  "1.30": "2025-06-28", "1.31": "2025-10-28", "1.32": "2026-02-28", "1.33": "2026-06-28", "1.34": "2026-10-27",
  "1.35": "2027-02-28", "1.36": "2027-06-28", "1.37": "2027-10-28",
};

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
