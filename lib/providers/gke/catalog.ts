/**
 * GKE facts the API does not serve (docs/providers/gke.md §6, §5): the end of
 * standard and extended support per minor version, Google Cloud locations offered in the wizard,
 * and common Compute Engine machine types. Browser-safe: plain data.
 */

/**
 * End of standard support / end of extended support per minor (docs/providers/gke.md §6):
 * standard support as GKE's release schedule lists it (up to 1.35), extended support 24 months after
 * the minor reached the Regular channel; 1.36 and later are estimates by the same rule.
 */
export const GKE_SUPPORT: Readonly<Record<string, { standardEnd: string; extendedEnd: string }>> = {
  "1.30": { standardEnd: "2025-09-30", extendedEnd: "2026-07-31" },
  "1.31": { standardEnd: "2026-01-16", extendedEnd: "2026-10-25" },
  "1.32": { standardEnd: "2026-04-11", extendedEnd: "2027-02-11" },
  "1.33": { standardEnd: "2026-08-03", extendedEnd: "2027-06-03" },
  "1.34": { standardEnd: "2026-10-01", extendedEnd: "2027-09-30" },
  "1.35": { standardEnd: "2027-04-11", extendedEnd: "2028-02-11" },
  "1.36": { standardEnd: "2027-08-31", extendedEnd: "2028-06-30" },
  "1.37": { standardEnd: "2027-12-31", extendedEnd: "2028-10-31" },
  "1.38": { standardEnd: "2028-04-30", extendedEnd: "2029-02-28" },
};

/** Release channels (ReleaseChannel.Channel), in the order the wizard offers them. */
export const RELEASE_CHANNELS = ["REGULAR", "STABLE", "RAPID", "EXTENDED"] as const;
export type ReleaseChannelName = (typeof RELEASE_CHANNELS)[number] | "UNSPECIFIED";

/** Regions (regional clusters) and zones (zonal clusters) the wizard offers; any other location can be typed as a scope. */
export const GKE_LOCATIONS: readonly { id: string; label: string }[] = [
  { id: "us-central1", label: "Iowa (region)" },
  { id: "us-central1-a", label: "Iowa (zone a)" },
  { id: "us-east1", label: "South Carolina (region)" },
  { id: "us-east4", label: "Northern Virginia (region)" },
  { id: "us-west1", label: "Oregon (region)" },
  { id: "europe-west1", label: "Belgium (region)" },
  { id: "europe-west1-b", label: "Belgium (zone b)" },
  { id: "europe-west3", label: "Frankfurt (region)" },
  { id: "europe-west4", label: "Netherlands (region)" },
  { id: "asia-northeast1", label: "Tokyo (region)" },
  { id: "asia-southeast1", label: "Singapore (region)" },
  { id: "australia-southeast1", label: "Sydney (region)" },
];

/** Compute Engine machine types offered for node pools (predefined types; any valid type is accepted). */
export const GKE_MACHINE_TYPES: readonly { id: string; label: string }[] = [
  { id: "e2-medium", label: "e2-medium (2 vCPU, 4 GB)" },
  { id: "e2-standard-2", label: "e2-standard-2 (2 vCPU, 8 GB)" },
  { id: "e2-standard-4", label: "e2-standard-4 (4 vCPU, 16 GB)" },
  { id: "e2-standard-8", label: "e2-standard-8 (8 vCPU, 32 GB)" },
  { id: "n2-standard-4", label: "n2-standard-4 (4 vCPU, 16 GB)" },
  { id: "n2-standard-8", label: "n2-standard-8 (8 vCPU, 32 GB)" },
  { id: "n2d-standard-4", label: "n2d-standard-4 (4 vCPU, 16 GB)" },
  { id: "c3-standard-4", label: "c3-standard-4 (4 vCPU, 16 GB)" },
];

/** "us-central1-a" is a zone (zonal cluster), "us-central1" a region (regional cluster). */
export function isZone(location: string): boolean {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);
}

export function regionOf(location: string): string {
  return isZone(location) ? location.replace(/-[a-z]$/, "") : location;
}
