/**
 * The EKS Kubernetes version calendar the simulator serves through DescribeClusterVersions
 * (docs/providers/eks.md §7: 14 months of standard support, then 12 months of extended support).
 */
export interface EksVersionInfo {
  version: string;
  release: string;
  endOfStandard: string;
  endOfExtended: string;
  /** the platform version a new cluster of this minor gets */
  platform: string;
  patch: string;
}

export const EKS_VERSIONS: EksVersionInfo[] = [
  { version: "1.28", release: "2023-09-26", endOfStandard: "2024-11-26", endOfExtended: "2025-11-26", platform: "eks.47", patch: "1.28.15" },
  { version: "1.29", release: "2024-01-23", endOfStandard: "2025-03-23", endOfExtended: "2026-03-23", platform: "eks.40", patch: "1.29.15" },
  { version: "1.30", release: "2024-05-23", endOfStandard: "2025-07-23", endOfExtended: "2026-07-23", platform: "eks.36", patch: "1.30.14" },
  { version: "1.31", release: "2024-09-26", endOfStandard: "2025-11-26", endOfExtended: "2026-11-26", platform: "eks.32", patch: "1.31.10" },
  { version: "1.32", release: "2025-01-23", endOfStandard: "2026-03-23", endOfExtended: "2027-03-23", platform: "eks.18", patch: "1.32.6" },
  { version: "1.33", release: "2025-05-29", endOfStandard: "2026-07-29", endOfExtended: "2027-07-29", platform: "eks.12", patch: "1.33.2" },
  { version: "1.34", release: "2025-10-02", endOfStandard: "2026-12-02", endOfExtended: "2027-12-02", platform: "eks.6", patch: "1.34.1" },
  { version: "1.35", release: "2026-01-27", endOfStandard: "2027-03-27", endOfExtended: "2028-03-27", platform: "eks.3", patch: "1.35.0" },
];

export type VersionStatus = "STANDARD_SUPPORT" | "EXTENDED_SUPPORT" | "UNSUPPORTED";

const endOfDay = (d: string) => Date.parse(`${d}T23:59:59Z`);

export function versionStatus(v: EksVersionInfo, now: number): VersionStatus {
  if (now > endOfDay(v.endOfExtended)) return "UNSUPPORTED";
  if (now > endOfDay(v.endOfStandard)) return "EXTENDED_SUPPORT";
  return "STANDARD_SUPPORT";
}

export const versionInfo = (v: string) => EKS_VERSIONS.find((x) => x.version === v);

/** the default for new clusters: the newest minor but one that is in standard support (what the console proposes) */
export function defaultVersion(now: number): EksVersionInfo {
  const std = EKS_VERSIONS.filter((v) => versionStatus(v, now) === "STANDARD_SUPPORT");
  return std.length > 1 ? std[std.length - 2] : (std[0] ?? EKS_VERSIONS[EKS_VERSIONS.length - 1]);
}

export const INSTANCE_TYPES = ["t3.medium", "t3.large", "m5.large", "m5.xlarge", "m6i.large", "m6i.xlarge", "c6i.xlarge", "r6i.large", "g5.xlarge"];

export const DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];

export const AZ_SUFFIXES = ["a", "b", "c"];
