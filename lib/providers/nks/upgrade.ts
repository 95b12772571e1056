import { compareKubeVersions, eolStateOf, kubeVersionSortKey, minorDistance, parseKubeVersion } from "@/lib/kube-version";
import type { KubernetesVersion, UpgradeOption, UpgradeOptionsInput } from "../types";

/**
 * NKS reports EKS-style minor-only versions ("1.36") for clusters on a minor's first release, so here
 * a bare minor is the same release as x.y.0: versions compare by their sort key (which reads it so).
 */
function compareRelease(a: string | null | undefined, b: string | null | undefined): number {
  const x = kubeVersionSortKey(a);
  const y = kubeVersionSortKey(b);
  if (x === null || y === null) return compareKubeVersions(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Pure NKS upgrade rules: one minor at a time (migrate_version only offers the next minor), no
 * downgrades, only from a running cluster with no other operation, never to a version past EOL or
 * no longer offered, and — when the cluster says which versions it offers (`upgradeTargets`, from
 * `version_migrations`) — only to one of those, since the API refuses anything else.
 */
export function upgradeOptions(input: UpgradeOptionsInput): UpgradeOption[] {
  const { cluster, operationRunning } = input;
  const now = input.now ?? new Date();
  const offered = (cluster as { upgradeTargets?: string[] }).upgradeTargets;
  const current = parseKubeVersion(cluster.version);
  const lagging = cluster.nodePools.find((p) => p.version && cluster.version && compareRelease(p.version, cluster.version) < 0);
  const sorted = [...input.versions].sort((a, b) => compareKubeVersions(a.version, b.version));

  return sorted.map((v: KubernetesVersion): UpgradeOption => {
    const base = { version: v.version, eol: v.eol ?? null };
    const target = parseKubeVersion(v.version);
    const deny = (reason: string): UpgradeOption => ({ ...base, allowed: false, reason });
    if (current && target && compareRelease(v.version, cluster.version) === 0) return { ...base, allowed: false, current: true, reason: "current version" };
    if (!current || !target) return deny("the cluster's current version is unknown");
    if (cluster.status !== "running") return deny(`cluster is ${cluster.status}; upgrades start only from a running cluster`);
    if (operationRunning) return deny("another operation is already running on this cluster");
    if (lagging) return deny(`node pool "${lagging.name}" runs ${lagging.version}, behind the control plane`);
    if (compareRelease(v.version, cluster.version) < 0) return deny("downgrades are not supported");
    const distance = minorDistance(cluster.version, v.version);
    if (distance === null || distance > 1) return deny(`NKS upgrades one minor version at a time; upgrade to ${current.major}.${current.minor + 1} first`);
    if (eolStateOf(v.eol, now) === "past") return deny(`past end of life (${v.eol})`);
    if (!v.active) return deny("no longer offered by NKS");
    if (offered && !offered.some((o) => compareRelease(o, v.version) === 0)) return deny("NKS does not offer this version as an upgrade target for this cluster");
    return { ...base, allowed: true };
  });
}
