/** The generic node-pool version rules (server and browser; no zod, so the cluster page can carry them on first paint). */
import { compareKubeVersions, kubeMinor, normalizeKubeVersion } from "@/lib/kube-version";

/**
 * The generic node-pool upgrade rule (server and browser): a pool upgrades towards its control plane,
 * never past it. Returns the target (the control plane's version) or why there is none. Providers
 * add their own refusals (skew, lifecycle) in their adapters; the provider's message is shown then.
 */
export function nodePoolUpgradeTarget(clusterVersion: string | null | undefined, poolVersion: string | null | undefined): { version: string | null; reason?: string } {
  if (!normalizeKubeVersion(clusterVersion)) return { version: null, reason: "the control plane's version is unknown" };
  if (!normalizeKubeVersion(poolVersion)) return { version: null, reason: "the pool's version is unknown" };
  if (compareKubeVersions(poolVersion, clusterVersion) >= 0) return { version: null, reason: "the pool already runs the control plane's version" };
  return { version: normalizeKubeVersion(clusterVersion) };
}

/** checks a requested pool upgrade against the generic rule; the message names the problem, or null when fine */
export function nodePoolUpgradeProblem(clusterVersion: string | null | undefined, poolVersion: string | null | undefined, target: string): string | null {
  if (!normalizeKubeVersion(target)) return `"${target}" is not a Kubernetes version`;
  if (!normalizeKubeVersion(clusterVersion)) return "the control plane's version is unknown";
  if (compareKubeVersions(target, clusterVersion) > 0 && kubeMinor(target) !== kubeMinor(clusterVersion)) return `a node pool cannot run a newer version than its control plane (${normalizeKubeVersion(clusterVersion)})`;
  if (normalizeKubeVersion(poolVersion) && compareKubeVersions(target, poolVersion) <= 0) return `the pool already runs ${normalizeKubeVersion(poolVersion)}`;
  return null;
}
