/**
 * End of AKS support per Kubernetes minor, from the AKS release calendar (docs/providers/aks.md §5):
 * `eol` = end of community (KubernetesOfficial) support, `ltsEnd` = end of long-term support
 * (AKSLongTermSupport, Premium tier). The versions API returns no dates, so they live here.
 * Browser-safe.
 */
export const AKS_SUPPORT: Record<string, { eol: string; ltsEnd?: string }> = {
  "1.27": { eol: "2024-07-31", ltsEnd: "2025-07-31" },
  "1.28": { eol: "2025-03-31", ltsEnd: "2026-02-28" },
  "1.29": { eol: "2025-03-31" },
  "1.30": { eol: "2025-07-31", ltsEnd: "2026-07-31" },
  "1.31": { eol: "2025-11-30", ltsEnd: "2026-11-30" },
  "1.32": { eol: "2026-03-31", ltsEnd: "2027-04-30" },
  "1.33": { eol: "2026-06-30", ltsEnd: "2027-06-30" },
  "1.34": { eol: "2026-11-30", ltsEnd: "2027-11-30" },
  "1.35": { eol: "2027-03-31", ltsEnd: "2028-03-31" },
  "1.36": { eol: "2027-06-30", ltsEnd: "2028-06-30" },
  "1.37": { eol: "2027-09-30", ltsEnd: "2028-09-30" },
};

/** the date support of `minor` ends under `plan` (LTS-only minors end with their LTS) */
export function supportEnd(minor: string, plans: string[] | undefined): string | null {
  const s = AKS_SUPPORT[minor];
  if (!s) return null;
  const official = !plans || plans.includes("KubernetesOfficial");
  return official ? s.eol : (s.ltsEnd ?? s.eol);
}
