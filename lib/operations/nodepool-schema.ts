/**
 * The add-node-pool form of a provider, browser-safe: the item fields and item schema of its create
 * wizard's "nodePools" list when it has one (the same rules as the wizard), else a generic form.
 * The server (lib/operations/service.ts) and the browser (components/operations) both use this.
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "@/lib/providers/types";

// the version rules live in ./nodepool-rules (no zod: the cluster page loads them on first paint)
export { nodePoolUpgradeProblem, nodePoolUpgradeTarget } from "./nodepool-rules";

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

