/**
 * The add-node-pool form of a provider, browser-safe: the item fields and item schema of its create
 * wizard's "nodePools" list when it has one (the same rules as the wizard), else a generic form.
 * The server (lib/operations/service.ts) and the browser (components/operations) both use this.
 */
import { z } from "zod";
import { compareKubeVersions, kubeMinor, normalizeKubeVersion } from "@/lib/kube-version";
import type { CreateSchema, WizardField } from "@/lib/providers/types";

const GENERIC_FIELDS: WizardField[] = [
  { step: "pool", name: "name", label: "Name", type: "text", required: true, placeholder: "workers-2" },
  { step: "pool", name: "instanceType", label: "Instance type", type: "text", required: true, help: "The provider's machine size for the nodes." },
  { step: "pool", name: "nodeCount", label: "Nodes", type: "number", required: true, min: 1, max: 1000, defaultValue: 1 },
];

const GENERIC_SCHEMA = z.object({
  name: z.string().trim().min(1, "a name is required").max(64),
  instanceType: z.string().trim().min(1, "choose an instance type"),
  nodeCount: z.coerce.number().int().min(1, "at least 1 node").max(1000),
});

export function nodePoolForm(cs: CreateSchema | undefined): { fields: WizardField[]; schema: z.ZodType<Record<string, unknown>> } {
  if (cs?.nodePool) return cs.nodePool;
  const list = cs?.fields.find((f) => f.name === "nodePools" && f.type === "list");
  let s: unknown = (cs?.schema as unknown as { shape?: Record<string, unknown> } | undefined)?.shape?.nodePools;
  while (s && (s as { def?: { innerType?: unknown } }).def?.innerType) s = (s as { def: { innerType: unknown } }).def.innerType;
  const element = (s as { element?: z.ZodType<Record<string, unknown>> } | undefined)?.element;
  if (list?.itemFields?.length && element) return { fields: list.itemFields, schema: element };
  return { fields: GENERIC_FIELDS, schema: GENERIC_SCHEMA as unknown as z.ZodType<Record<string, unknown>> };
}

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
