import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";

/** Browser-safe: zod and static tables only. Names follow AKS's rules (docs/providers/aks.md §6). */
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
export const POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;

export const VM_SIZES = ["Standard_B2s", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E4s_v5", "Standard_E8s_v5", "Standard_F8s_v2", "Standard_NC6s_v3", "Standard_NC24ads_A100_v4"];
export const TIERS = ["Free", "Standard", "Premium"] as const;

export const createInputSchema = z
  .object({
    name: z.string().trim().regex(CLUSTER_NAME_PATTERN, "1–63 letters, digits, hyphens or underscores, starting and ending with a letter or digit"),
    resourceGroup: z.string().trim().regex(/^[-\w._()]{1,90}$/, "choose a resource group"),
    location: z.string().trim().min(1, "choose a location"),
    version: z.string().trim().regex(/^\d+\.\d+(\.\d+)?$/, "choose a Kubernetes version"),
    tier: z.enum(TIERS).default("Free"),
    longTermSupport: z.boolean().default(false),
    systemPoolName: z.string().trim().regex(POOL_NAME_PATTERN, "lowercase letter first, then up to 11 lowercase letters or digits").default("system"),
    vmSize: z.string().trim().min(1, "choose a VM size"),
    nodeCount: z.coerce.number().int().min(1, "a system pool needs at least one node").max(1000),
    dnsPrefix: z.string().trim().regex(/^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$/, "1–54 letters, digits or hyphens").optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.longTermSupport && v.tier !== "Premium") ctx.addIssue({ code: "custom", path: ["tier"], message: "long-term support needs the Premium tier" });
  });

export type AksCreateInput = z.output<typeof createInputSchema>;

export const nodePoolInputSchema = z
  .object({
    name: z.string().trim().regex(POOL_NAME_PATTERN, "lowercase letter first, then up to 11 lowercase letters or digits"),
    instanceType: z.string().trim().min(1, "choose a VM size"),
    nodeCount: z.coerce.number().int().min(0).max(1000),
    autoscaling: z.boolean().default(false),
    minNodes: z.coerce.number().int().min(0).max(1000).optional(),
    maxNodes: z.coerce.number().int().min(1).max(1000).optional(),
    mode: z.enum(["User", "System"]).default("User"),
  })
  .superRefine((v, ctx) => {
    if (!v.autoscaling) return;
    if (v.minNodes === undefined || v.maxNodes === undefined) ctx.addIssue({ code: "custom", path: ["minNodes"], message: "autoscaling needs a minimum and a maximum" });
    else if (!(v.minNodes <= v.nodeCount && v.nodeCount <= v.maxNodes)) ctx.addIssue({ code: "custom", path: ["nodeCount"], message: "node count must lie between the minimum and maximum" });
  });

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "nodes", title: "Kubernetes and system pool" },
];

const FIELDS: WizardField[] = [
  { step: "cluster", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-weu-1", help: "Unique within the resource group." },
  { step: "cluster", name: "resourceGroup", label: "Resource group", type: "select", required: true, optionsSource: "resourceGroups", help: "Resource groups of this subscription that hold AKS clusters." },
  { step: "cluster", name: "location", label: "Location", type: "select", required: true, optionsSource: "locations" },
  { step: "cluster", name: "tier", label: "Pricing tier", type: "select", defaultValue: "Free", options: TIERS.map((t) => ({ value: t, label: t })), help: "Standard adds the uptime SLA; Premium adds long-term support." },
  { step: "cluster", name: "dnsPrefix", label: "DNS name prefix", type: "text", help: "Optional; derived from the name when empty." },
  { step: "nodes", name: "version", label: "Kubernetes version", type: "select", required: true, optionsSource: "versions", dependsOn: ["location"] },
  { step: "nodes", name: "longTermSupport", label: "Long-term support (Premium tier)", type: "boolean", defaultValue: false },
  { step: "nodes", name: "systemPoolName", label: "System pool name", type: "text", defaultValue: "system" },
  { step: "nodes", name: "vmSize", label: "VM size", type: "select", required: true, defaultValue: "Standard_D4s_v5", options: VM_SIZES.map((v) => ({ value: v, label: v })) },
  { step: "nodes", name: "nodeCount", label: "Nodes", type: "number", required: true, min: 1, max: 1000, defaultValue: 3 },
];

export function createSchema(): CreateSchema {
  return { steps: STEPS, fields: FIELDS, schema: createInputSchema as unknown as CreateSchema["schema"] };
}
