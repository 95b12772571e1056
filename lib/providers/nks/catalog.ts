/**
 * Static facts the NKS API does not serve (no region or version endpoint exists): provider codes,
 * their regions/zones and OS platforms, the Kubernetes versions NKS offers for new clusters and
 * end-of-life dates per minor. Browser-safe (no Node imports): the create wizard uses it.
 */
import { kubeMinor, upstreamEol } from "@/lib/kube-version";

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

/** regions: the clouds' own lists of the NKS era, the same the service takes (docs/providers/nks.md §5.5) */
const GCE_ZONES = [
  "us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f", "us-east1-b", "us-east1-c", "us-east1-d", "us-east4-a", "us-east4-b", "us-east4-c",
  "us-west1-a", "us-west1-b", "us-west1-c", "us-west2-a", "us-west2-b", "us-west2-c", "northamerica-northeast1-a", "northamerica-northeast1-b", "northamerica-northeast1-c",
  "southamerica-east1-a", "southamerica-east1-b", "southamerica-east1-c", "europe-west1-b", "europe-west1-c", "europe-west1-d", "europe-west2-a", "europe-west2-b", "europe-west2-c",
  "europe-west3-a", "europe-west3-b", "europe-west3-c", "europe-west4-a", "europe-west4-b", "europe-west4-c", "europe-north1-a", "europe-north1-b", "europe-north1-c",
  "asia-east1-a", "asia-east1-b", "asia-east1-c", "asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c", "asia-south1-a", "asia-south1-b", "asia-south1-c",
  "asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c", "australia-southeast1-a", "australia-southeast1-b", "australia-southeast1-c",
];

const OS = { coreos: ["stable", "beta", "alpha"], ubuntu: ["16.04-lts", "18.04-lts"] };

export const NKS_PROVIDERS: NksProviderInfo[] = [
  { code: "aws", label: "Amazon Web Services", regions: ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2"], zoneSuffixes: ["a", "b", "c"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["aws"], specsProvider: "aws", network: true },
  { code: "azure", label: "Microsoft Azure", regions: ["eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "canadacentral", "canadaeast", "brazilsouth", "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "centralindia", "southindia", "australiaeast", "australiasoutheast"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["azure"], specsProvider: "azure", network: true, resourceGroup: true },
  { code: "gce", label: "Google Compute Engine", regions: GCE_ZONES, selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["gce"], specsProvider: "gce", network: false },
  { code: "gke", label: "Google Kubernetes Engine", regions: GCE_ZONES, selfHostedMasters: true, platforms: { gci: ["stable"] }, defaultPlatform: "gci", keysetEntities: ["gke", "gce"], specsProvider: "gke", network: false },
  { code: "do", label: "DigitalOcean", regions: ["nyc1", "nyc3", "sfo2", "tor1", "ams3", "lon1", "fra1", "sgp1", "blr1"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["do"], specsProvider: "do", network: false },
  { code: "eks", label: "Amazon EKS", regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2"], selfHostedMasters: false, platforms: { "amazon-linux": ["v2"] }, defaultPlatform: "amazon-linux", keysetEntities: ["eks", "aws"], specsProvider: "eks", network: true },
  { code: "aks", label: "Azure Kubernetes Service", regions: ["eastus", "eastus2", "centralus", "westus2", "canadacentral", "northeurope", "westeurope", "uksouth", "francecentral", "southeastasia", "japaneast", "koreacentral", "centralindia", "australiaeast"], selfHostedMasters: false, platforms: { ubuntu: ["16.04-lts", "18.04-lts"] }, defaultPlatform: "ubuntu", keysetEntities: ["aks", "azure"], specsProvider: "aks", network: true, resourceGroup: true },
  { code: "packet", label: "Packet (bare metal)", regions: ["ewr1", "sjc1", "ams1", "nrt1"], selfHostedMasters: true, platforms: OS, defaultPlatform: "coreos", keysetEntities: ["packet"], specsProvider: "packet", network: false, needsProjectId: true },
];

export const PROVIDER_CODES = NKS_PROVIDERS.map((p) => p.code) as [string, ...string[]];

export function providerInfo(code: unknown): NksProviderInfo | undefined {
  return NKS_PROVIDERS.find((p) => p.code === code);
}

/**
 * Versions NKS offers for new clusters (wire form carries a leading "v"). The first four are the real
 * service's own era, which its SDK's live tests create (docs/providers/nks.md §5.4): still offered, but
 * long past end of life, so the wizard labels them and the catalogue carries their upstream EOL.
 */
export const OFFERED_VERSIONS: { version: string; default?: boolean }[] = [
  { version: "1.13.1" },
  { version: "1.13.2" },
  { version: "1.14.3" },
  { version: "1.15.5" },
  { version: "1.35.1" },
  { version: "1.35.4" },
  { version: "1.36.0" },
  { version: "1.36.2", default: true },
  { version: "1.37.0" },
];

/** minors newer than lib/kube-version's upstream table: EOL projected at ~14 months after release */
const PROJECTED_EOL: Record<string, string> = { "1.36": "2027-06-28", "1.37": "2027-10-28" };

/** end of life of a version's minor: upstream's (lib/kube-version), else the projection above */
export function nksEol(version: string): string | null {
  return upstreamEol(version) ?? PROJECTED_EOL[kubeMinor(version) ?? ""] ?? null;
}

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
