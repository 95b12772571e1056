/**
 * What the AKS simulator offers (docs/providers/aks.md §4, §5): Kubernetes minors with their patch
 * versions, support plans and upgrade paths as the versions API reports them; Azure locations and
 * VM sizes. The minors and patches are the simulator's choice for its simulated "now"; the shapes
 * (minor entries with `patchVersions` whose `upgrades` list the allowed targets) are AKS's.
 */

export interface MinorEntry {
  minor: string;
  patches: string[];
  supportPlan: ("KubernetesOfficial" | "AKSLongTermSupport")[];
  isDefault?: boolean;
  isPreview?: boolean;
}

/** newest last; 1.30 is no longer offered (clusters on it still exist: out of support) */
export const MINORS: MinorEntry[] = [
  { minor: "1.31", patches: ["1.31.11", "1.31.12"], supportPlan: ["AKSLongTermSupport"] },
  { minor: "1.32", patches: ["1.32.7", "1.32.8"], supportPlan: ["AKSLongTermSupport"] },
  { minor: "1.33", patches: ["1.33.4", "1.33.5"], supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"] },
  { minor: "1.34", patches: ["1.34.2", "1.34.3"], supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"] },
  { minor: "1.35", patches: ["1.35.1", "1.35.2"], supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"], isDefault: true },
  { minor: "1.36", patches: ["1.36.0", "1.36.1"], supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"] },
  { minor: "1.37", patches: ["1.37.0"], supportPlan: ["KubernetesOfficial"], isPreview: true },
];

const split = (v: string) => v.split(".").map(Number);
export const minorOf = (v: string) => split(v).slice(0, 2).join(".");
export const cmpVersion = (a: string, b: string) => {
  const x = split(a), y = split(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  return 0;
};
/** minors between two versions (1.33.x → 1.35.y = 2) */
export const minorGap = (from: string, to: string) => split(to)[1] - split(from)[1] + (split(to)[0] - split(from)[0]) * 100;

export function findMinor(minor: string): MinorEntry | undefined {
  return MINORS.find((m) => m.minor === minor);
}

/** "1.35" → newest patch of 1.35; "1.35.1" → itself when offered; undefined when not offered */
export function resolveVersion(requested: string): string | undefined {
  if (/^\d+\.\d+$/.test(requested)) {
    const m = findMinor(requested);
    return m ? m.patches[m.patches.length - 1] : undefined;
  }
  const m = findMinor(minorOf(requested));
  return m?.patches.includes(requested) ? requested : undefined;
}

/**
 * The upgrade paths AKS lists for a current patch: newer patches of the same minor and every patch
 * of the next minor only (no minor skipping). A version no longer offered upgrades to the oldest
 * offered minor when that minor is the next one.
 */
export function upgradesFrom(current: string): string[] {
  const out: string[] = [];
  for (const m of MINORS) {
    for (const p of m.patches) {
      if (cmpVersion(p, current) <= 0) continue;
      const gap = minorGap(current, p);
      if (gap === 0 || gap === 1) out.push(p);
    }
  }
  return out;
}

export const DEFAULT_MINOR = MINORS.find((m) => m.isDefault)!.minor;

/** Locations the simulator offers for managedClusters (a subset of Azure's public regions). */
export const LOCATIONS = ["eastus", "eastus2", "westus2", "westeurope", "northeurope", "uksouth", "swedencentral", "southeastasia", "australiaeast", "japaneast"];

export const VM_SIZES = ["Standard_B2s", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E4s_v5", "Standard_E8s_v5", "Standard_F8s_v2", "Standard_NC6s_v3", "Standard_NC24ads_A100_v4"];

/** node skew AKS allows between the control plane and an agent pool (docs/providers/aks.md §5) */
export const MAX_POOL_SKEW = 3;
