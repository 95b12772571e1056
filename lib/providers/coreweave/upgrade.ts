import { compareKubeVersions, eolStateOf, parseKubeVersion as parse } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";

/**
 * CKS upgrade rules (D-upgrade): only to the next minor, no skipping, no downgrades; the target
 * must be a supported minor; the cluster must be healthy (running) with no other change in flight;
 * no node may end up more than two minors behind the control plane. Pure: no I/O.
 */
export function upgradeOptions({ cluster, versions, operationRunning, now = new Date() }: UpgradeOptionsInput): UpgradeOption[] {
  const cur = parse(cluster.version);
  const sorted = [...versions].sort((a, b) => compareKubeVersions(a.version, b.version));
  return sorted.map((v) => {
    const t = parse(v.version);
    const base = { version: v.version, eol: v.eol ?? null };
    const no = (reason: string, extra: Partial<UpgradeOption> = {}): UpgradeOption => ({ ...base, allowed: false, reason, ...extra });
    if (!t) return no("not a Kubernetes minor version");
    if (!cur) return no("the cluster's current version is unknown");
    if (t.major === cur.major && t.minor === cur.minor) return no("current version", { current: true });
    if (t.major < cur.major || (t.major === cur.major && t.minor < cur.minor)) return no("downgrades are not supported");
    if (cluster.status !== "running") return no(`the cluster is ${cluster.status}; upgrades need a running cluster`);
    if (operationRunning) return no("another operation is already running on this cluster");
    if (t.major !== cur.major || t.minor !== cur.minor + 1) return no(`CKS upgrades one minor version at a time; upgrade to ${cur.major}.${cur.minor + 1} first`);
    if (!v.active) return no(`${v.version} is not supported by CKS`);
    if (eolStateOf(v.eol, now) === "past") return no(`${v.version} reached end of life on ${v.eol}`);
    const lagging = cluster.nodePools.find((p) => {
      const pv = parse(p.version);
      return pv && (pv.major !== t.major || t.minor - pv.minor > 2);
    });
    if (lagging) return no(`node pool ${lagging.name} runs ${lagging.version}, more than two minor versions behind ${v.version}; upgrade its nodes first`);
    return { ...base, allowed: true };
  });
}
