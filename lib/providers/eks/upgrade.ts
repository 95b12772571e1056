import { compareKubeVersions, kubeMinor, minorDistance, parseEol } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";
import { endOfStandardSupport } from "./mapping";
import { isoDay } from "@/lib/dates";

/**
 * EKS control-plane upgrade rules (docs/providers/eks.md §6), pure:
 * - one minor version at a time, never down;
 * - only an ACTIVE cluster with nothing else in flight;
 * - every managed node group must run the control plane's version first (UpdateClusterVersion's documented precondition);
 * - the target must still be supported; extended support (extra cost) is named on allowed targets.
 */
export function upgradeOptions({ cluster, versions, operationRunning, now = new Date() }: UpgradeOptionsInput): UpgradeOption[] {
  const sorted = [...versions].sort((a, b) => compareKubeVersions(a.version, b.version));
  const cur = cluster.version;
  const curMinor = kubeMinor(cur);
  return sorted.map((v) => {
    const base = { version: v.version, eol: v.eol ?? null };
    const no = (reason: string, extra: Partial<UpgradeOption> = {}): UpgradeOption => ({ ...base, allowed: false, reason, ...extra });
    const d = minorDistance(cur, v.version);
    if (!kubeMinor(v.version)) return no("not a Kubernetes minor version");
    if (!curMinor || d === null) return no("the cluster's current version is unknown");
    if (d === 0) return no("current version", { current: true });
    if (d < 0) return no("EKS cannot downgrade a cluster");
    if (cluster.status !== "running") return no(`the cluster is ${cluster.status}; EKS updates only ACTIVE clusters`);
    if (operationRunning) return no("another operation is already running on this cluster");
    if (d > 1) return no(`EKS upgrades the control plane one minor version at a time; upgrade to ${curMinor.split(".")[0]}.${Number(curMinor.split(".")[1]) + 1} first`);
    const eol = parseEol(v.eol);
    if (!v.active || (eol && eol.getTime() <= now.getTime())) return no(`${v.version} is no longer supported by EKS${v.eol ? ` (extended support ended ${v.eol.slice(0, 10)})` : ""}`);
    const behind = cluster.nodePools.filter((p) => p.version && kubeMinor(p.version) !== curMinor);
    if (behind.length) return no(`node group${behind.length > 1 ? "s" : ""} ${behind.map((p) => `${p.name} (${p.version})`).join(", ")} must run ${curMinor} first: EKS upgrades a control plane only when every managed node group matches it`);
    const std = endOfStandardSupport(v.eol);
    if (std && std.getTime() <= now.getTime()) return { ...base, allowed: true, reason: `in extended support since ${isoDay(std)} (extra cost per cluster hour) until ${v.eol!.slice(0, 10)}` };
    return { ...base, allowed: true, ...(std ? { reason: `standard support until ${isoDay(std)}` } : {}) };
  });
}
