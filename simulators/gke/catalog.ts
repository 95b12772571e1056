/**
 * What the GKE simulator serves as Google's catalogue (docs/providers/gke.md §6): GKE versions
 * ("1.34.1-gke.1829001"), which release channel offers which in every location, the valid control-plane
 * and node versions without a channel, locations and machine types.
 */

export const CHANNELS = ["UNSPECIFIED", "RAPID", "REGULAR", "STABLE", "EXTENDED"] as const;
export type Channel = (typeof CHANNELS)[number];

export const V = {
  "1.31": "1.31.14-gke.1129000",
  "1.32": "1.32.11-gke.1030000",
  "1.33": "1.33.7-gke.1040000",
  "1.34a": "1.34.2-gke.1098000",
  "1.34": "1.34.3-gke.1162000",
  "1.35a": "1.35.4-gke.1795000",
  "1.35": "1.35.5-gke.1085000",
  "1.36a": "1.36.2-gke.1188000",
  "1.36": "1.36.3-gke.1044000",
  "1.37a": "1.37.1-gke.1829001",
  "1.37": "1.37.2-gke.1120000",
  "1.38": "1.38.0-gke.1357000",
} as const;

export interface ChannelConfig {
  channel: Exclude<Channel, "UNSPECIFIED">;
  defaultVersion: string;
  validVersions: string[];
  upgradeTargetVersion: string;
}

/** newest first, as GKE lists them (the versions of December 2026: docs/providers/gke.md §6) */
export const CHANNEL_CONFIGS: ChannelConfig[] = [
  { channel: "RAPID", defaultVersion: V["1.38"], validVersions: [V["1.38"], V["1.37"], V["1.37a"]], upgradeTargetVersion: V["1.38"] },
  { channel: "REGULAR", defaultVersion: V["1.36a"], validVersions: [V["1.37"], V["1.37a"], V["1.36"], V["1.36a"]], upgradeTargetVersion: V["1.36a"] },
  { channel: "STABLE", defaultVersion: V["1.35a"], validVersions: [V["1.36a"], V["1.35"], V["1.35a"]], upgradeTargetVersion: V["1.35a"] },
  {
    channel: "EXTENDED",
    defaultVersion: V["1.35a"],
    validVersions: [V["1.36a"], V["1.35"], V["1.35a"], V["1.34"], V["1.34a"], V["1.33"], V["1.32"]],
    upgradeTargetVersion: V["1.35a"],
  },
];

/** control-plane versions for clusters without a channel (static versions) */
export const VALID_MASTER_VERSIONS = [V["1.37"], V["1.37a"], V["1.36"], V["1.36a"], V["1.35"], V["1.35a"]];
/** node versions: everything still runnable, older than any control plane included */
export const VALID_NODE_VERSIONS = [V["1.38"], V["1.37"], V["1.37a"], V["1.36"], V["1.36a"], V["1.35"], V["1.35a"], V["1.34"], V["1.34a"], V["1.33"], V["1.32"], V["1.31"]];
export const DEFAULT_CLUSTER_VERSION = V["1.36a"];
export const VALID_IMAGE_TYPES = ["COS_CONTAINERD", "UBUNTU_CONTAINERD", "WINDOWS_LTSC_CONTAINERD"];

/** locations the simulated project can use: regions have three zones */
export const REGIONS: Record<string, string[]> = {
  "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"],
  "us-east1": ["us-east1-b", "us-east1-c", "us-east1-d"],
  "us-east4": ["us-east4-a", "us-east4-b", "us-east4-c"],
  "us-west1": ["us-west1-a", "us-west1-b", "us-west1-c"],
  "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
  "europe-west3": ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
  "europe-west4": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
  "asia-northeast1": ["asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c"],
  "asia-southeast1": ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"],
  "australia-southeast1": ["australia-southeast1-a", "australia-southeast1-b", "australia-southeast1-c"],
};

export function zonesOf(location: string): string[] | undefined {
  if (REGIONS[location]) return REGIONS[location];
  for (const zones of Object.values(REGIONS)) if (zones.includes(location)) return [location];
  return undefined;
}

export const MACHINE_TYPE_RE = /^(e2-(micro|small|medium|standard-(2|4|8|16|32)|highmem-(2|4|8|16)|highcpu-(2|4|8|16|32))|n[124]d?-(standard|highmem|highcpu)-(2|4|8|16|32|48|64|80|96)|c[234]d?-(standard|highmem|highcpu)-(4|8|22|44|88|176)|t2[ad]-standard-(1|2|4|8|16|32|48|60))$/;

/** every version any channel or static list offers as a control plane */
export function allMasterVersions(): string[] {
  return [...new Set([...VALID_MASTER_VERSIONS, ...CHANNEL_CONFIGS.flatMap((c) => c.validVersions)])];
}
