/**
 * Pure upgrade rules of CloudFerro clusters (docs/providers/cloudferro.md §9): only active catalogue versions, one
 * minor at a time (patch upgrades within the minor allowed), no downgrades, a Running cluster with
 * no operation in flight and node pools on the control plane's version. `eol` is advisory on the
 * service; the dashboard refuses past-EOL targets except as the stepping stone out of a version that
 * is itself past EOL (otherwise such a cluster could never move on).
 */
import { compareKubeVersions, eolStateOf, minorDistance, normalizeKubeVersion, parseKubeVersion } from "@/lib/kube-version";
import type { UpgradeOption, UpgradeOptionsInput } from "../types";

const day = (iso: string) => iso.slice(0, 10);

export function upgradeOptions(input: UpgradeOptionsInput): UpgradeOption[] {
  const now = input.now ?? new Date();
  const current = normalizeKubeVersion(input.cluster.version);
  const pastEol = (eol?: string | null) => eolStateOf(eol, now) === "past";
  const currentEntry = current ? input.versions.find((v) => v.version === current) : undefined;
  const currentPastEol = pastEol(currentEntry?.eol);
  const status = input.cluster.status;
  const lagging = input.cluster.nodePools.filter((p) => p.status === "Upgrading" || (p.version && current && normalizeKubeVersion(p.version) !== current));

  const sorted = [...input.versions].sort((a, b) => compareKubeVersions(b.version, a.version));
  return sorted.map((v): UpgradeOption => {
    const base = { version: v.version, eol: v.eol ?? null };
    const refuse = (reason: string): UpgradeOption => ({ ...base, allowed: false, reason });
    if (!current) return refuse("the cluster's current version is unknown");
    if (v.version === current) return { ...base, allowed: false, current: true, reason: "current version" };
    const { major: cm, minor: cn } = parseKubeVersion(current)!;
    const distance = minorDistance(current, v.version);
    if (compareKubeVersions(v.version, current) < 0) return refuse(`downgrade from ${current} is not supported`);
    if (!v.active) return refuse("not active in the catalogue");
    if (distance === null) return refuse("major version upgrades are not supported");
    if (distance > 1) return refuse(`skips ${cm}.${cn + 1}: upgrades go one minor version at a time`);
    if (status !== "running") return refuse(`the cluster is ${status}; upgrades need a running cluster`);
    if (input.operationRunning) return refuse("another operation is running on this cluster");
    if (lagging.length) return refuse(`node pool ${lagging.map((p) => p.name).join(", ")} has not caught up with the control plane`);
    if (pastEol(v.eol)) {
      if (currentPastEol && distance === 1) return { ...base, allowed: true, reason: `past end of life (${day(v.eol!)}); only a step towards a supported version` };
      return refuse(`past end of life (${day(v.eol!)})`);
    }
    return { ...base, allowed: true };
  });
}
