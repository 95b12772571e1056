import { upstreamEol } from "@/lib/kube-version";

/**
 * Static catalogues of the simulated NKS: provider codes, regions, instance sizes (the shape of
 * GET /meta/provider-instances), Kubernetes versions and solutions.
 *
 * Versions: the real service's last documented catalogue (v1.13–v1.15, 2019–2020) is long past
 * upstream end of life, so a dashboard run today would find nothing to create or upgrade to. The
 * simulator therefore models NKS as if it had kept shipping releases: same wire format ("v" prefix,
 * `version_migrations` = newer patches of the same minor plus the next minor), current version numbers,
 * and keeps the versions of its own era that its public SDK's live tests create (offered, past EOL:
 * docs/providers/nks.md §5.4). EOL dates are the upstream Kubernetes ones (later minors projected at
 * ~14 months after release).
 */

export interface InstanceSpec {
  name: string;
  cpu: number;
  /** MB, as the real catalogue reports it */
  memory: number;
  gpu?: number;
}

export interface ProviderInfo {
  code: string;
  label: string;
  /** regions (GCE/GKE: zones, which NKS takes in `region`) */
  regions: string[];
  /** AWS only: availability-zone suffixes; `zone` is required and must be region + suffix */
  zoneSuffixes?: string[];
  /** catalogue used for sizes (`eks` uses the AWS one etc.) */
  sizes: string;
  /** true for providers where NKS runs the masters itself (master_count/master_size at create) */
  selfHostedMasters: boolean;
  platforms: Record<string, string[]>;
  defaultPlatform: string;
  image: (platform: string, channel: string) => string;
  /** keyset entities accepted for this provider [inferred: managed flavours reuse the IaaS credentials] */
  keysetEntities: string[];
  needsProjectId?: boolean;
}

/**
 * Regions per provider: the clouds' own region lists of the NKS era (2019–2020; AWS and Azure from
 * their region pages, GCE zones from the Compute Engine zone list; EKS and AKS where those services
 * ran then), so every region the SDK's tests and fixtures use is known (docs/providers/nks.md §5.5).
 */
const GCE_ZONES = [
  "us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f", "us-east1-b", "us-east1-c", "us-east1-d", "us-east4-a", "us-east4-b", "us-east4-c",
  "us-west1-a", "us-west1-b", "us-west1-c", "us-west2-a", "us-west2-b", "us-west2-c", "northamerica-northeast1-a", "northamerica-northeast1-b", "northamerica-northeast1-c",
  "southamerica-east1-a", "southamerica-east1-b", "southamerica-east1-c", "europe-west1-b", "europe-west1-c", "europe-west1-d", "europe-west2-a", "europe-west2-b", "europe-west2-c",
  "europe-west3-a", "europe-west3-b", "europe-west3-c", "europe-west4-a", "europe-west4-b", "europe-west4-c", "europe-north1-a", "europe-north1-b", "europe-north1-c",
  "asia-east1-a", "asia-east1-b", "asia-east1-c", "asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c", "asia-south1-a", "asia-south1-b", "asia-south1-c",
  "asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c", "australia-southeast1-a", "australia-southeast1-b", "australia-southeast1-c",
];

const COREOS = { coreos: ["stable", "beta", "alpha"], ubuntu: ["16.04-lts", "18.04-lts"] };

export const PROVIDERS: Record<string, ProviderInfo> = {
  aws: {
    code: "aws", label: "Amazon Web Services", sizes: "aws", selfHostedMasters: true,
    regions: ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2"],
    zoneSuffixes: ["a", "b", "c"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "ami-0d3f8e25b1a9c4e7f" : "ami-07c1207a9d40bc3bd"), keysetEntities: ["aws"],
  },
  azure: {
    code: "azure", label: "Microsoft Azure", sizes: "azure", selfHostedMasters: true,
    regions: ["eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "canadacentral", "canadaeast", "brazilsouth", "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "eastasia", "southeastasia", "japaneast", "japanwest", "koreacentral", "centralindia", "southindia", "australiaeast", "australiasoutheast"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p, c) => (p === "coreos" ? `CoreOS:CoreOS:${c}:latest` : "Canonical:UbuntuServer:18.04-LTS:latest"), keysetEntities: ["azure"],
  },
  gce: {
    code: "gce", label: "Google Compute Engine", sizes: "gce", selfHostedMasters: true,
    regions: GCE_ZONES, platforms: COREOS, defaultPlatform: "coreos",
    image: (p, c) => (p === "coreos" ? `coreos-${c}` : "ubuntu-1804-lts"), keysetEntities: ["gce"],
  },
  gke: {
    code: "gke", label: "Google Kubernetes Engine", sizes: "gce", selfHostedMasters: true,
    regions: GCE_ZONES, platforms: { gci: ["stable"] }, defaultPlatform: "gci",
    image: () => "cos-stable", keysetEntities: ["gke", "gce"],
  },
  do: {
    code: "do", label: "DigitalOcean", sizes: "do", selfHostedMasters: true,
    regions: ["nyc1", "nyc3", "sfo2", "tor1", "ams3", "lon1", "fra1", "sgp1", "blr1"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "coreos-stable" : "ubuntu-18-04-x64"), keysetEntities: ["do"],
  },
  eks: {
    code: "eks", label: "Amazon EKS", sizes: "aws", selfHostedMasters: false,
    regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2"], platforms: { "amazon-linux": ["v2"] }, defaultPlatform: "amazon-linux",
    image: () => "ami-0e2ae0a1a6cb5ba6a", keysetEntities: ["eks", "aws"],
  },
  aks: {
    code: "aks", label: "Azure Kubernetes Service", sizes: "azure", selfHostedMasters: false,
    regions: ["eastus", "eastus2", "centralus", "westus2", "canadacentral", "northeurope", "westeurope", "uksouth", "francecentral", "southeastasia", "japaneast", "koreacentral", "centralindia", "australiaeast"], platforms: { ubuntu: ["16.04-lts", "18.04-lts"] }, defaultPlatform: "ubuntu",
    image: () => "aks-ubuntu-1804", keysetEntities: ["aks", "azure"],
  },
  packet: {
    code: "packet", label: "Packet", sizes: "packet", selfHostedMasters: true, needsProjectId: true,
    regions: ["ewr1", "sjc1", "ams1", "nrt1"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "coreos_stable" : "ubuntu_18_04"), keysetEntities: ["packet"],
  },
};

const spec = (name: string, cpu: number, memory: number, gpu?: number): InstanceSpec => (gpu ? { name, cpu, memory, gpu } : { name, cpu, memory });

/**
 * Instance catalogues as GET /meta/provider-instances serves them (memory in MB). AWS: the SDK's recorded
 * answer (SDK-mock machinespecs.json, all 44 types, its numbers kept as NKS served them); GCE: the n1
 * families (Compute Engine machine-type docs); Azure: F, Fs, Dsv3 and DSv2 series (Azure VM size docs);
 * DigitalOcean and Packet as the pre-rename SDK listed them (SPC-SDK machine_specs.go).
 */
const gceFamily = (family: string, mbPerCpu: number) => [1, 2, 4, 8, 16, 32, 64].filter((c) => family === "standard" || c > 1).map((c) => spec(`n1-${family}-${c}`, c, Math.round(c * mbPerCpu)));

export const INSTANCE_SPECS: Record<string, InstanceSpec[]> = {
  aws: [
    spec("t2.medium", 2, 4000), spec("t2.large", 2, 8000), spec("t2.xlarge", 4, 16000), spec("t2.2xlarge", 8, 32000),
    spec("m3.large", 2, 7500), spec("m3.xlarge", 4, 15000), spec("m3.2xlarge", 8, 30000),
    spec("m4.large", 2, 8000), spec("m4.xlarge", 4, 16000), spec("m4.2xlarge", 8, 32000), spec("m4.4xlarge", 16, 64000), spec("m4.10xlarge", 40, 160000), spec("m4.16xlarge", 64, 256000),
    spec("m5.large", 2, 8000), spec("m5.xlarge", 4, 16000), spec("m5.2xlarge", 8, 32000), spec("m5.4xlarge", 16, 64000), spec("m5.12xlarge", 48, 192000), spec("m5.24xlarge", 96, 384000),
    spec("c4.large", 2, 3750), spec("c4.xlarge", 4, 7500), spec("c4.2xlarge", 8, 15000), spec("c4.4xlarge", 16, 30000), spec("c4.8xlarge", 36, 60000),
    spec("c5.large", 2, 4000), spec("c5.xlarge", 4, 8000), spec("c5.2xlarge", 8, 16000), spec("c5.4xlarge", 16, 32000), spec("c5.9xlarge", 36, 72000),
    spec("r4.large", 2, 15250), spec("r4.xlarge", 4, 30500), spec("r4.2xlarge", 8, 61000), spec("r4.4xlarge", 16, 122000), spec("r4.8xlarge", 32, 244000), spec("r4.16xlarge", 64, 488000),
    spec("p2.xlarge", 2, 61000, 1), spec("p2.8xlarge", 4, 488000, 8), spec("p2.16xlarge", 8, 732000, 16),
    spec("p3.2xlarge", 8, 61000, 1), spec("p3.8xlarge", 32, 244000, 4), spec("p3.16xlarge", 64, 488000, 8),
    spec("g3.4xlarge", 16, 122000, 1), spec("g3.8xlarge", 32, 244000, 2), spec("g3.16xlarge", 64, 488000, 4),
  ],
  gce: [...gceFamily("standard", 3750), ...gceFamily("highmem", 6500), ...gceFamily("highcpu", 900)],
  azure: [
    spec("standard_f1", 1, 2048), spec("standard_f2", 2, 4096), spec("standard_f4", 4, 8192), spec("standard_f8", 8, 16384), spec("standard_f16", 16, 32768),
    spec("standard_f1s", 1, 2048), spec("standard_f2s", 2, 4096), spec("standard_f4s", 4, 8192), spec("standard_f8s", 8, 16384), spec("standard_f16s", 16, 32768),
    spec("standard_d2s_v3", 2, 8192), spec("standard_d4s_v3", 4, 16384), spec("standard_d8s_v3", 8, 32768), spec("standard_d16s_v3", 16, 65536),
    spec("standard_ds1_v2", 1, 3584), spec("standard_ds2_v2", 2, 7168), spec("standard_ds3_v2", 4, 14336), spec("standard_ds4_v2", 8, 28672), spec("standard_ds5_v2", 16, 57344),
    spec("Standard_F4s", 4, 8192),
  ],
  do: [
    spec("2gb", 1, 2048), spec("4gb", 2, 4096), spec("8gb", 4, 8192), spec("16gb", 8, 16384), spec("32gb", 12, 32768), spec("48gb", 16, 49152), spec("64gb", 20, 65536),
    spec("c-2", 2, 4096), spec("c-4", 4, 8192), spec("c-8", 8, 16384), spec("c-16", 16, 32768), spec("c-32", 32, 65536), spec("m-16gb", 2, 16384), spec("m-32gb", 4, 32768), spec("m-64gb", 8, 65536),
  ],
  packet: [spec("baremetal_0", 4, 8192), spec("baremetal_1", 8, 32768), spec("c1.small.x86", 4, 32768), spec("m1.xlarge.x86", 24, 262144)],
};

export function sizesFor(provider: string): InstanceSpec[] {
  const p = PROVIDERS[provider];
  return p ? INSTANCE_SPECS[p.sizes] ?? [] : [];
}

export interface CatalogueVersion {
  version: string;
  eol: string;
  /** offered for new clusters */
  available: boolean;
  default?: boolean;
  /** a version of the real service's own era, kept so its public clients' tests run (see below) */
  historical?: boolean;
}

/**
 * Historical versions (docs/providers/nks.md §5.4): the ones the SDK's live tests create (v1.15.5,
 * v1.13.1) and their documented neighbours (DOCS "current options" v1.13.2; on-prem config 1.14.3).
 * They stay offered for creation, as the real service offered them when those tests ran, but their
 * upstream end of life (lib/kube-version) is long past, so the dashboard shows them as past EOL.
 */
const historical = (version: string): CatalogueVersion => ({ version, eol: upstreamEol(version)!, available: true, historical: true });

export const VERSIONS: CatalogueVersion[] = [
  historical("v1.13.1"),
  historical("v1.13.2"),
  historical("v1.14.3"),
  historical("v1.15.5"),
  { version: "v1.31.9", eol: "2025-10-28", available: false },
  { version: "v1.32.5", eol: "2026-02-28", available: false },
  { version: "v1.32.9", eol: "2026-02-28", available: false },
  { version: "v1.33.4", eol: "2026-06-28", available: false },
  { version: "v1.33.7", eol: "2026-06-28", available: false },
  { version: "v1.34.2", eol: "2026-10-27", available: false },
  { version: "v1.34.5", eol: "2026-10-27", available: false },
  { version: "v1.35.1", eol: "2027-02-28", available: true },
  { version: "v1.35.4", eol: "2027-02-28", available: true },
  { version: "v1.36.0", eol: "2027-06-28", available: true },
  { version: "v1.36.2", eol: "2027-06-28", available: true, default: true },
  { version: "v1.37.0", eol: "2027-10-28", available: true },
];

export function parseV(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** newer patches of the same minor plus every patch of the next minor (the model docs/providers/nks.md suggests) */
export function migrationsFor(current: string): string[] {
  const c = parseV(current);
  if (!c) return [];
  return VERSIONS.map((v) => v.version).filter((v) => {
    const p = parseV(v)!;
    if (p[0] !== c[0]) return false;
    return (p[1] === c[1] && p[2] > c[2]) || p[1] === c[1] + 1;
  });
}

export const SOLUTIONS: Record<string, { name: string; installer: string }> = {
  helm_tiller: { name: "Helm Tiller", installer: "ansible_custom" },
  prometheus: { name: "Prometheus", installer: "ansible_helm" },
  efk: { name: "EFK", installer: "ansible_helm" },
  haproxy: { name: "HAProxy", installer: "ansible_custom" },
  istio: { name: "Istio", installer: "ansible_helm" },
  autoscaler: { name: "Autoscaler", installer: "ansible_custom" },
  calico: { name: "Calico", installer: "ansible_custom" },
  linkerd: { name: "Linkerd", installer: "ansible_helm" },
};
