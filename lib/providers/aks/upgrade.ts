import { compareKubeVersions, kubeMinor, minorDistance, normalizeKubeVersion, parseEol, sameKubeVersion } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";

/** node pools may run at most this many minors behind the control plane (docs/providers/aks.md §5) */
export const MAX_POOL_SKEW = 3;

/**
 * AKS upgrade rules (docs/providers/aks.md §5): no downgrades; no skipped minor versions; only the
 * paths the versions API / upgrade profile lists for the current version (cluster.upgradeTargets,
 * when known); no preview versions; the cluster must be running with nothing else in flight; agent
 * pools that stay behind must remain within the allowed skew of the new control plane. Pure.
 */
export function upgradeOptions({ cluster, versions, operationRunning, now = new Date() }: UpgradeOptionsInput): UpgradeOption[] {
  const current = normalizeKubeVersion(cluster.version);
  const targets = cluster.upgradeTargets?.map((t) => normalizeKubeVersion(t)).filter((t): t is string => !!t);
  const sorted = [...versions].sort((a, b) => compareKubeVersions(a.version, b.version));
  return sorted.map((v) => {
    const base = { version: v.version, eol: v.eol ?? null };
    const no = (reason: string, extra: Partial<UpgradeOption> = {}): UpgradeOption => ({ ...base, allowed: false, reason, ...extra });
    const target = normalizeKubeVersion(v.version);
    if (!target) return no("not a Kubernetes version");
    if (!current) return no("the cluster's current version is unknown");
    if (sameKubeVersion(target, current)) return no("current version", { current: true });
    if (compareKubeVersions(target, current) < 0) return no("AKS does not downgrade Kubernetes");
    if (cluster.status !== "running") return no(`the cluster is ${cluster.status}; upgrades need a running cluster`);
    if (operationRunning) return no("another operation is already running on this cluster");
    const distance = minorDistance(current, target);
    if (distance === null) return no("AKS does not upgrade across major versions");
    if (distance > 1) {
      const [maj, min] = current.split(".").map(Number);
      return no(`AKS cannot skip minor versions; upgrade to ${maj}.${min + 1} first`);
    }
    if (!v.active) return no(`${v.version} is a preview version in AKS`);
    if (targets && !targets.includes(target)) return no(`not an upgrade path AKS lists for ${current} (offered: ${targets.join(", ") || "none"})`);
    const eol = parseEol(v.eol);
    if (eol && eol.getTime() <= now.getTime()) return no(`AKS support for ${kubeMinor(v.version)} ended on ${v.eol}`);
    const lagging = cluster.nodePools.find((p) => {
      if (!p.version || sameKubeVersion(p.version, current)) return false; // pools on the control plane's version move with it
      const d = minorDistance(p.version, target);
      return d !== null && d > MAX_POOL_SKEW;
    });
    if (lagging) return no(`agent pool ${lagging.name} runs ${lagging.version}; AKS allows agent pools at most ${MAX_POOL_SKEW} minor versions behind the control plane, so upgrade that pool first`);
    return { ...base, allowed: true };
  });
}
