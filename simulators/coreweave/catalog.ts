import { parseKubeVersion } from "@/lib/kube-version";
/**
 * Static data the real service exposes no endpoint for: the zones CoreWeave publishes
 * (docs "all availability zones") and the Kubernetes minors CKS supports. Configurable through
 * SimulatorConfig so tests can move the supported window.
 */

/** General-access zones plus CoreWeave's test zone (docs/providers/coreweave.md §11). */
export const KNOWN_ZONES = [
  "US-EAST-01A",
  "US-EAST-02A",
  "US-EAST-04A",
  "US-EAST-06A",
  "US-EAST-08A",
  "US-EAST-13A",
  "US-EAST-14A",
  "US-CENTRAL-06A",
  "RNO2A",
  "US-WEST-01A",
  "US-WEST-04A",
  "US-WEST-09A",
  "EU-SOUTH-03A",
  "EU-SOUTH-04A",
  "US-LAB-01A",
] as const;

/** Zones that get seeded VPCs and clusters. */
export const SEEDED_ZONES = ["US-EAST-04A", "US-WEST-01A", "US-LAB-01A"] as const;

/** The three latest minors CKS supports (docs/providers/coreweave.md §6, later snapshot of D-versions). */
export const DEFAULT_SUPPORTED_VERSIONS = ["v1.34", "v1.35", "v1.36"];

/** Server default when the create request has no serviceNodePortRange ([uncertain]: Kubernetes' own default). */
export const DEFAULT_NODE_PORT_RANGE = { start: 30000, end: 32767 };

/** A zone-specific default IPv4 primary host prefix for VPCs created without one. */
export function defaultHostPrefix(zone: string): string {
  const i = Math.max(0, (KNOWN_ZONES as readonly string[]).indexOf(zone));
  return `10.${16 + i * 4}.192.0/18`;
}

/**
 * A CKS minor version as requests spell it: "v1.35" (the Terraform provider) or "1.35" (the API docs' update
 * example) — both accepted, stored and answered as "v1.35" (docs/providers/coreweave.md §14). No patch, no suffix.
 */
export function parseMinor(version: string): { major: number; minor: number } | undefined {
  const v = parseKubeVersion(version);
  return v && v.patch === null && v.build === "" && version.trim() === version ? { major: v.major, minor: v.minor } : undefined;
}

/** "1.35" or "v1.35" -> "v1.35"; undefined when not a minor version */
export function wireMinor(version: string): string | undefined {
  const v = parseMinor(version);
  return v ? `v${v.major}.${v.minor}` : undefined;
}

export function nextMinor(version: string): string | undefined {
  const v = parseMinor(version);
  return v ? `v${v.major}.${v.minor + 1}` : undefined;
}
