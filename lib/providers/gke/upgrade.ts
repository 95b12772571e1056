import { compareKubeVersions, kubeMinor, minorDistance, normalizeKubeVersion, parseEol } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";
import { GKE_SUPPORT } from "./catalog";

/** Nodes may be at most this many minor versions older than the control plane (docs/providers/gke.md §7). */
export const MAX_NODE_SKEW = 2;

/**
 * GKE's control-plane upgrade rules with a reason for every refused version (docs/providers/gke.md
 * §7): no downgrades; one minor version at a time; only versions the cluster's release channel
 * offers in its location (the adapter puts them in `upgradeTargets`; no channel = the location's valid
 * control-plane versions); not past the end of standard support unless on the Extended channel; and
 * no node pool may fall more than two minor versions behind the new control plane. Pure.
 */
export function upgradeOptions({ cluster, versions, operationRunning, now = new Date() }: UpgradeOptionsInput): UpgradeOption[] {
  const channel = String((cluster as { raw?: Record<string, unknown> }).raw?.releaseChannel ?? "") || null;
  const onChannel = channel !== null && channel !== "UNSPECIFIED";
  const offered = new Set((cluster.upgradeTargets ?? []).map((v) => normalizeKubeVersion(v)));
  const cur = normalizeKubeVersion(cluster.version);
  const seen = new Set<string>();
  const list = [...versions].filter((v) => {
    const n = normalizeKubeVersion(v.version) ?? v.version;
    if (seen.has(n)) return false;
    seen.add(n);
    return true;
  });
  list.sort((a, b) => compareKubeVersions(a.version, b.version));
  return list.map((v) => {
    const base = { version: v.version, eol: v.eol ?? null };
    const no = (reason: string, extra: Partial<UpgradeOption> = {}): UpgradeOption => ({ ...base, allowed: false, reason, ...extra });
    const target = normalizeKubeVersion(v.version);
    if (!target) return no("not a Kubernetes version");
    if (!cur) return no("the cluster's current version is unknown");
    if (target === cur) return no("current version", { current: true });
    if (compareKubeVersions(target, cur) < 0) return no("GKE control planes are not downgraded; pick a newer version");
    if (cluster.status !== "running") return no(`the cluster is ${cluster.status}; GKE upgrades only a running cluster`);
    if (operationRunning) return no("another operation is already running on this cluster");
    const distance = minorDistance(cur, target);
    if (distance === null) return no("GKE does not upgrade across major versions");
    if (distance > 1) return no(`GKE upgrades the control plane one minor version at a time; upgrade to ${kubeMinor(cur)!.replace(/\d+$/, (m) => String(Number(m) + 1))} first`);
    // GKE's live catalogue (the channel's versions) decides; the support dates explain a refusal, or
    // decide alone when the catalogue is unknown
    const support = GKE_SUPPORT[kubeMinor(target)!];
    const standardEnd = parseEol(v.eol ?? support?.standardEnd);
    const extendedEnd = parseEol(support?.extendedEnd);
    const pastStandard = !!standardEnd && standardEnd <= now;
    const pastExtended = !!extendedEnd && extendedEnd <= now;
    const supportReason = pastExtended
      ? `${kubeMinor(target)} left extended support on ${support!.extendedEnd}`
      : pastStandard && channel !== "EXTENDED"
        ? `${kubeMinor(target)} left standard support on ${(v.eol ?? support?.standardEnd)!.slice(0, 10)}; only clusters on the Extended channel may move to it`
        : undefined;
    if (offered.size && !offered.has(target)) {
      return no(supportReason ?? (onChannel ? `the ${channel} release channel does not offer ${target} in this location` : `${target} is not a valid control-plane version in this location`));
    }
    if (!offered.size && supportReason) return no(supportReason);
    const lagging = cluster.nodePools.find((p) => {
      const d = minorDistance(p.version, target);
      return d !== null && d > MAX_NODE_SKEW;
    });
    if (lagging) return no(`node pool ${lagging.name} runs ${lagging.version}; nodes may be at most ${MAX_NODE_SKEW} minor versions older than the control plane, so upgrade its nodes first`);
    return { ...base, allowed: true };
  });
}
