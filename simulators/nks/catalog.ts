/**
 * Static catalogues of the simulated NKS: provider codes, regions, instance sizes (the shape of
 * GET /meta/provider-instances), Kubernetes versions and solutions.
 *
 * Versions: the real service's last documented catalogue (v1.13–v1.15, 2019–2020) is long past
 * upstream end of life, so a dashboard run today would find nothing to create or upgrade to. The
 * simulator therefore models NKS as if it had kept shipping releases: same wire format ("v" prefix,
 * `version_migrations` = newer patches of the same minor plus the next minor), current version numbers.
 * EOL dates are the upstream Kubernetes ones (later minors projected at ~14 months after release).
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

const COREOS = { coreos: ["stable", "beta", "alpha"], ubuntu: ["16.04-lts", "18.04-lts"] };

export const PROVIDERS: Record<string, ProviderInfo> = {
  aws: {
    code: "aws", label: "Amazon Web Services", sizes: "aws", selfHostedMasters: true,
    regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-3", "eu-central-1", "ap-southeast-2"],
    zoneSuffixes: ["a", "b", "c"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "ami-0d3f8e25b1a9c4e7f" : "ami-07c1207a9d40bc3bd"), keysetEntities: ["aws"],
  },
  azure: {
    code: "azure", label: "Microsoft Azure", sizes: "azure", selfHostedMasters: true,
    regions: ["eastus", "eastus2", "westus2", "westeurope", "northeurope"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p, c) => (p === "coreos" ? `CoreOS:CoreOS:${c}:latest` : "Canonical:UbuntuServer:18.04-LTS:latest"), keysetEntities: ["azure"],
  },
  gce: {
    code: "gce", label: "Google Compute Engine", sizes: "gce", selfHostedMasters: true,
    regions: ["us-west1-a", "us-east1-c", "us-central1-b", "europe-west1-d", "asia-east1-a"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p, c) => (p === "coreos" ? `coreos-${c}` : "ubuntu-1804-lts"), keysetEntities: ["gce"],
  },
  gke: {
    code: "gke", label: "Google Kubernetes Engine", sizes: "gce", selfHostedMasters: true,
    regions: ["us-west1-a", "us-east1-c", "us-central1-b", "europe-west1-d", "asia-east1-a"], platforms: { gci: ["stable"] }, defaultPlatform: "gci",
    image: () => "cos-stable", keysetEntities: ["gke", "gce"],
  },
  do: {
    code: "do", label: "DigitalOcean", sizes: "do", selfHostedMasters: true,
    regions: ["nyc1", "nyc3", "sfo2", "ams3", "fra1", "sgp1"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "coreos-stable" : "ubuntu-18-04-x64"), keysetEntities: ["do"],
  },
  eks: {
    code: "eks", label: "Amazon EKS", sizes: "aws", selfHostedMasters: false,
    regions: ["us-east-1", "us-west-2", "eu-west-1"], platforms: { "amazon-linux": ["v2"] }, defaultPlatform: "amazon-linux",
    image: () => "ami-0e2ae0a1a6cb5ba6a", keysetEntities: ["eks", "aws"],
  },
  aks: {
    code: "aks", label: "Azure Kubernetes Service", sizes: "azure", selfHostedMasters: false,
    regions: ["eastus", "westus2", "westeurope"], platforms: { ubuntu: ["16.04-lts", "18.04-lts"] }, defaultPlatform: "ubuntu",
    image: () => "aks-ubuntu-1804", keysetEntities: ["aks", "azure"],
  },
  packet: {
    code: "packet", label: "Packet", sizes: "packet", selfHostedMasters: true, needsProjectId: true,
    regions: ["ewr1", "sjc1", "ams1", "nrt1"], platforms: COREOS, defaultPlatform: "coreos",
    image: (p) => (p === "coreos" ? "coreos_stable" : "ubuntu_18_04"), keysetEntities: ["packet"],
  },
};

const spec = (name: string, cpu: number, memory: number, gpu?: number): InstanceSpec => (gpu ? { name, cpu, memory, gpu } : { name, cpu, memory });

export const INSTANCE_SPECS: Record<string, InstanceSpec[]> = {
  aws: [
    spec("t2.medium", 2, 4000), spec("t2.large", 2, 8000), spec("t2.xlarge", 4, 16000), spec("t2.2xlarge", 8, 32000),
    spec("m5.large", 2, 8000), spec("m5.xlarge", 4, 16000), spec("m5.2xlarge", 8, 32000), spec("m5.4xlarge", 16, 64000),
    spec("c5.large", 2, 4000), spec("c5.xlarge", 4, 8000), spec("c5.2xlarge", 8, 16000), spec("r4.large", 2, 15250),
    spec("r4.xlarge", 4, 30500), spec("p2.xlarge", 4, 61000, 1), spec("p3.2xlarge", 8, 61000, 1), spec("g3.4xlarge", 16, 122000, 1),
  ],
  gce: [
    spec("n1-standard-1", 1, 3750), spec("n1-standard-2", 2, 7500), spec("n1-standard-4", 4, 15000), spec("n1-standard-8", 8, 30000),
    spec("n1-standard-16", 16, 60000), spec("n1-highmem-2", 2, 13000), spec("n1-highmem-4", 4, 26000), spec("n1-highcpu-4", 4, 3600),
    spec("n1-highcpu-8", 8, 7200),
  ],
  azure: [
    spec("standard_f1", 1, 2048), spec("standard_f2", 2, 4096), spec("standard_f4s", 4, 8192), spec("standard_f8s", 8, 16384),
    spec("standard_d2s_v3", 2, 8192), spec("standard_d4s_v3", 4, 16384), spec("standard_ds2_v2", 2, 7168), spec("standard_ds3_v2", 4, 14336),
    spec("Standard_F4s", 4, 8192),
  ],
  do: [
    spec("2gb", 1, 2048), spec("4gb", 2, 4096), spec("8gb", 4, 8192), spec("16gb", 8, 16384), spec("32gb", 12, 32768),
    spec("c-2", 2, 4096), spec("c-4", 4, 8192), spec("m-16gb", 2, 16384),
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
}

export const VERSIONS: CatalogueVersion[] = [
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
