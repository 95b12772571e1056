import type { KubernetesVersion, UpgradeOption, UpgradeOptionsInput } from "../types";

function parse(v: string | null | undefined): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec((v ?? "").trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const x = parse(a) ?? [0, 0, 0];
  const y = parse(b) ?? [0, 0, 0];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

function pastEol(eol: string | null | undefined, now: Date): boolean {
  if (!eol) return false;
  const end = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(eol) ? `${eol}T23:59:59.999Z` : eol);
  return Number.isFinite(end) && end < now.getTime();
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
  const current = parse(cluster.version);
  const lagging = cluster.nodePools.find((p) => p.version && cluster.version && compareVersions(p.version, cluster.version) < 0);
  const sorted = [...input.versions].sort((a, b) => compareVersions(a.version, b.version));

  return sorted.map((v: KubernetesVersion): UpgradeOption => {
    const base = { version: v.version, eol: v.eol ?? null };
    const target = parse(v.version);
    const deny = (reason: string): UpgradeOption => ({ ...base, allowed: false, reason });
    if (current && target && compareVersions(v.version, cluster.version!) === 0) return { ...base, allowed: false, current: true, reason: "current version" };
    if (!current || !target) return deny("the cluster's current version is unknown");
    if (cluster.status !== "running") return deny(`cluster is ${cluster.status}; upgrades start only from a running cluster`);
    if (operationRunning) return deny("another operation is already running on this cluster");
    if (lagging) return deny(`node pool "${lagging.name}" runs ${lagging.version}, behind the control plane`);
    if (compareVersions(v.version, cluster.version!) < 0) return deny("downgrades are not supported");
    if (target[0] !== current[0] || target[1] > current[1] + 1) return deny(`NKS upgrades one minor version at a time; upgrade to ${current[0]}.${current[1] + 1} first`);
    if (pastEol(v.eol, now)) return deny(`past end of life (${v.eol})`);
    if (!v.active) return deny("no longer offered by NKS");
    if (offered && !offered.some((o) => compareVersions(o, v.version) === 0)) return deny("NKS does not offer this version as an upgrade target for this cluster");
    return { ...base, allowed: true };
  });
}
