/** Version helpers shared by mapping, the wizard and upgradeOptions (browser-safe, no I/O). */

/**
 * "v1.30.2" / "v1.30" / "v1.31.4-eks-2d5f260" / "v1.32.9+rke2r1" -> "1.30.2" / "1.30" / "1.31.4" / "1.32.9".
 * Returns null for anything that is not a Kubernetes version.
 */
export function normalizeVersion(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(v.trim());
  if (!m) return null;
  return m[3] === undefined ? `${m[1]}.${m[2]}` : `${m[1]}.${m[2]}.${m[3]}`;
}

export function parseVersion(v: string): [number, number, number] | null {
  const n = normalizeVersion(v);
  if (!n) return null;
  const [a, b, c] = n.split(".").map(Number);
  return [a, b, c ?? 0];
}

/** negative if a < b, 0 if equal, positive if a > b; unparseable versions sort first */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [-1, -1, -1];
  const pb = parseVersion(b) ?? [-1, -1, -1];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export function minorOf(v: string): string | null {
  const p = parseVersion(v);
  return p ? `${p[0]}.${p[1]}` : null;
}

/** MKS writes versions with a leading "v" (facts §6.4); AKS and GKE without */
export function wireVersion(clusterType: string, normalized: string): string {
  return clusterType === "mks" ? `v${normalized}` : normalized;
}
