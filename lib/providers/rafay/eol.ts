/**
 * Rafay's API reports which versions it still offers but no end-of-life dates, so Clusterdeck
 * annotates versions with the upstream Kubernetes end-of-maintenance dates (kubernetes.io
 * release history). Dates from 1.36 on follow the project's 14-month support cadence and should
 * be checked against the release page when those releases are out of support planning.
 */
export const UPSTREAM_EOL: Readonly<Record<string, string>> = {
  "1.26": "2024-02-28",
  "1.27": "2024-06-28",
  "1.28": "2024-10-28",
  "1.29": "2025-02-28",
  "1.30": "2025-06-28",
  "1.31": "2025-10-28",
  "1.32": "2026-02-28",
  "1.33": "2026-06-28",
  "1.34": "2026-10-27",
  "1.35": "2027-02-28",
  "1.36": "2027-06-28",
  "1.37": "2027-10-28",
};

export function eolFor(minor: string | null): string | null {
  return (minor && UPSTREAM_EOL[minor]) ?? null;
}
