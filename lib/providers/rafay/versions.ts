/** Rafay's wire spelling of Kubernetes versions; parsing and comparing live in lib/kube-version. */

/** MKS writes versions with a leading "v" (docs/providers/rafay.md §6.4); AKS and GKE without */
export function wireVersion(clusterType: string, normalized: string): string {
  return clusterType === "mks" ? `v${normalized}` : normalized;
}
