/**
 * Pure upgrade rules of CloudFerro clusters (facts section 9): only active catalogue versions, one
 * minor at a time (patch upgrades within the minor allowed), no downgrades, a Running cluster with
 * no operation in flight and node pools on the control plane's version. `eol` is advisory on the
 * service; the dashboard refuses past-EOL targets except as the stepping stone out of a version that
 * is itself past EOL (otherwise such a cluster could never move on).
 */
import type { UpgradeOption, UpgradeOptionsInput } from "../types";
import { compareVersions, normalizeVersion } from "./mapping";

const parts = (v: string) => v.split(".").map(Number);
const day = (iso: string) => iso.slice(0, 10);

export function upgradeOptions(input: UpgradeOptionsInput): UpgradeOption[] {
  const now = (input.now ?? new Date()).getTime();
  const current = normalizeVersion(input.cluster.version ?? null);
  const pastEol = (eol?: string | null) => !!eol && Date.parse(eol) <= now;
  const currentEntry = current ? input.versions.find((v) => v.version === current) : undefined;
  const currentPastEol = pastEol(currentEntry?.eol);
  const status = input.cluster.status;
  const lagging = input.cluster.nodePools.filter((p) => p.status === "Upgrading" || (p.version && current && normalizeVersion(p.version) !== current));

  const sorted = [...input.versions].sort((a, b) => compareVersions(b.version, a.version));
  return sorted.map((v): UpgradeOption => {
    const base = { version: v.version, eol: v.eol ?? null };
    const refuse = (reason: string): UpgradeOption => ({ ...base, allowed: false, reason });
    if (!current) return refuse("the cluster's current version is unknown");
    if (v.version === current) return { ...base, allowed: false, current: true, reason: "current version" };
    const [tm, tn] = parts(v.version);
    const [cm, cn] = parts(current);
    if (compareVersions(v.version, current) < 0) return refuse(`downgrade from ${current} is not supported`);
    if (!v.active) return refuse("not active in the catalogue");
    if (tm !== cm) return refuse("major version upgrades are not supported");
    if (tn > cn + 1) return refuse(`skips ${cm}.${cn + 1}: upgrades go one minor version at a time`);
    if (status !== "running") return refuse(`the cluster is ${status}; upgrades need a running cluster`);
    if (input.operationRunning) return refuse("another operation is running on this cluster");
    if (lagging.length) return refuse(`node pool ${lagging.map((p) => p.name).join(", ")} has not caught up with the control plane`);
    if (pastEol(v.eol)) {
      if (currentPastEol && tn === cn + 1) return { ...base, allowed: true, reason: `past end of life (${day(v.eol!)}); only a step towards a supported version` };
      return refuse(`past end of life (${day(v.eol!)})`);
    }
    return { ...base, allowed: true };
  });
}
