/**
 * Pure upgrade rules for Rafay clusters. An upgrade is a re-apply with a higher version
 * (docs/providers/rafay.md §8.2). One minor at a time is enforced because MKS upgrades run kubeadm, which only
 * moves one minor per step ([uncertain] in Rafay's docs, docs/providers/rafay.md §11.6); patch upgrades within the
 * current minor are allowed.
 */
import { compareKubeVersions as compareVersions, eolStateOf, kubeMinor as minorOf, minorDistance, normalizeKubeVersion, parseKubeVersion } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";

/** cluster types whose Kubernetes version Clusterdeck changes by re-applying the spec (docs/providers/rafay.md §8.2) */
const UPGRADABLE_TYPES = new Set(["mks", "aks"]);

/**
 * Why a cluster of `type` cannot be upgraded through the Rafay cluster API, or null when it can. The one home of
 * this rule: upgradeOptions shows the reason and RafayAdapter.upgradeCluster refuses with it (docs/providers/rafay.md §14).
 */
export function upgradeRefusal(type: unknown): string | null {
  if (typeof type === "string" && UPGRADABLE_TYPES.has(type)) return null;
  const named = typeof type === "string" && type && type !== "unknown" ? `${type} clusters` : "clusters of unknown type";
  return `Kubernetes upgrades of ${named} are not done through the Rafay cluster API`;
}

export function upgradeOptions({ cluster, versions, operationRunning, now }: UpgradeOptionsInput): UpgradeOption[] {
  const at = now ?? new Date();
  const current = normalizeKubeVersion(cluster.version);
  const cur = parseKubeVersion(current);
  const blocked = operationRunning
    ? "another operation is already running on this cluster"
    : cluster.status !== "running"
      ? `the cluster is ${cluster.status}; upgrades need a running cluster`
      : null;
  const lagging = current
    ? cluster.nodePools.filter((p) => p.version && minorOf(p.version) !== minorOf(current) && compareVersions(p.version, current) < 0)
    : [];
  const sorted = [...versions].sort((a, b) => compareVersions(a.version, b.version));
  // a real cluster always carries raw.type (mapping.ts); only the versions page asks about a hypothetical cluster without raw
  const refusal = cluster.raw ? upgradeRefusal(cluster.raw.type) : null;

  return sorted.map((v): UpgradeOption => {
    const base = { version: v.version, eol: v.eol ?? null };
    const no = (reason: string): UpgradeOption => ({ ...base, allowed: false, reason });
    if (!cur || !current) return no("the cluster's current version is unknown");
    const cmp = compareVersions(v.version, current);
    if (cmp === 0) return { ...base, allowed: false, current: true, reason: "current version" };
    if (refusal) return no(refusal);
    if (cmp < 0) return no("downgrades are not supported");
    if (blocked) return no(blocked);
    const distance = minorDistance(current, v.version);
    if (distance === null || distance > 1) return no(`skips a minor version: upgrade one minor at a time (to ${cur.major}.${cur.minor + 1} first)`);
    if (!v.active) return no("no longer offered by the Rafay controller (deprecated)");
    if (eolStateOf(v.eol, at) === "past") return no(`past end of life (${v.eol})`);
    if (lagging.length && distance > 0) {
      return no(`node pools ${lagging.map((p) => p.name).join(", ")} lag behind the control plane; bring them to ${minorOf(current)} first`);
    }
    return { ...base, allowed: true };
  });
}
