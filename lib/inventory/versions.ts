/**
 * Inventory's names for the Kubernetes version rules; the rules themselves live in lib/kube-version
 * (one home, browser-safe). Kept as aliases so existing imports read naturally.
 */
export {
  compareKubeVersions as compareVersions,
  EOL_SOON_DAYS,
  eolLookup,
  eolStateOf,
  kubeMinor as minorOf,
  kubeVersionSortKey as versionSortKey,
  parseEol,
  type EolState,
} from "@/lib/kube-version";
