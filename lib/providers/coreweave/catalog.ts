/**
 * Data CoreWeave publishes only as documentation (no API endpoint): the Kubernetes minors CKS
 * supports and the availability zones. Keep this list in step with
 * https://docs.coreweave.com/products/cks/reference/cluster-components and
 * https://docs.coreweave.com/platform/regions/all-availability-zones.
 *
 * CKS supports the three latest minors, refreshed roughly every 120 days; CoreWeave does not publish
 * per-version end dates, so `eol` is our estimate of when CKS stops supporting each minor
 * (one 120-day window after the next-but-two minor ships).
 */
export interface CksVersion {
  /** API form, "v1.35" */
  version: string;
  eol: string;
  active: boolean;
  default?: boolean;
}

export const CKS_VERSIONS: readonly CksVersion[] = [
  { version: "v1.29", eol: "2025-04-30", active: false },
  { version: "v1.30", eol: "2025-08-31", active: false },
  { version: "v1.31", eol: "2025-12-31", active: false },
  { version: "v1.32", eol: "2026-04-30", active: false },
  { version: "v1.33", eol: "2026-08-31", active: false },
  { version: "v1.34", eol: "2026-12-31", active: true },
  { version: "v1.35", eol: "2027-04-30", active: true, default: true },
  { version: "v1.36", eol: "2027-08-31", active: true },
];

/** zone id -> region id: "US-EAST-04A" -> "US-EAST-04", "RNO2A" -> "RNO2" */
export function regionOfZone(zone: string): string {
  return /\d[A-Z]$/.test(zone) ? zone.slice(0, -1) : zone;
}
