/**
 * Create wizard of CloudFerro clusters: one zod schema used in the browser and on the server.
 * Browser-safe: imports zod and types only. Values are human names (version "1.33.5", machine spec
 * "eo2a.large"); the adapter resolves them to catalogue IDs, as CloudFerro's own clients do.
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";

export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9-_ ]*$/;
const NAME_HELP = "1–64 characters: a letter first, then letters, digits, '-', '_' or spaces.";
export const TAINT_EFFECTS = ["NoSchedule", "NoExecute", "PreferNoSchedule"] as const;
export const MAX_POOL_SIZE = 100;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const count = z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(MAX_POOL_SIZE).optional());
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

const nameSchema = z.string().trim().min(1, "Name is required").max(64, "At most 64 characters").regex(NAME_PATTERN, NAME_HELP);

const labelSchema = z.object({ key: z.string().min(1, "Key is required"), value: z.string().max(63, "At most 63 characters").default("") });
const taintSchema = labelSchema.extend({ effect: z.enum(TAINT_EFFECTS) });

export const nodePoolInputSchema = z
  .object({
    name: nameSchema,
    machineSpec: z.string().min(1, "Pick a machine spec"),
    autoscale: bool.default(false),
    size: count,
    sizeMin: count,
    sizeMax: count,
    labels: z.array(labelSchema).max(50).default([]),
    taints: z.array(taintSchema).max(50).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.autoscale) {
      if (p.sizeMin === undefined) ctx.addIssue({ code: "custom", path: ["sizeMin"], message: "Minimum size is required with autoscaling" });
      if (p.sizeMax === undefined) ctx.addIssue({ code: "custom", path: ["sizeMax"], message: "Maximum size is required with autoscaling" });
      if (p.sizeMin !== undefined && p.sizeMax !== undefined && p.sizeMin > p.sizeMax) ctx.addIssue({ code: "custom", path: ["sizeMax"], message: "Maximum must be at least the minimum" });
    } else if (p.size === undefined) {
      ctx.addIssue({ code: "custom", path: ["size"], message: "Size is required without autoscaling" });
    }
  });
export type NodePoolInput = z.infer<typeof nodePoolInputSchema>;

export const createClusterSchema = z
  .object({
    name: nameSchema,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "Pick a Kubernetes version"),
    controlPlaneMachineSpec: z.string().min(1, "Pick a machine spec for the control plane"),
    controlPlaneSize: z.preprocess((v) => (typeof v === "string" ? Number(v) : v), z.union([z.literal(1), z.literal(3), z.literal(5)], { message: "1, 3 or 5 control-plane nodes" })),
    nodePools: z.array(nodePoolInputSchema).max(20).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.nodePools.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: ["nodePools", i, "name"], message: "Node pool names must be unique" });
      seen.add(p.name);
    });
  });
export type CreateClusterInput = z.infer<typeof createClusterSchema>;

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "control-plane", title: "Control plane" },
  { id: "node-pools", title: "Node pools" },
];

const poolFields: WizardField[] = [
  { name: "name", label: "Name", type: "text", required: true, help: NAME_HELP, step: "node-pools", placeholder: "workers" },
  { name: "machineSpec", label: "Machine spec", type: "select", required: true, optionsSource: "workerMachineSpecs", dependsOn: ["scope"], step: "node-pools", help: "Flavor of the worker nodes. A vGPU spec installs the NVIDIA GPU Operator." },
  { name: "autoscale", label: "Autoscaling", type: "boolean", step: "node-pools", defaultValue: false },
  { name: "size", label: "Nodes", type: "number", min: 1, max: MAX_POOL_SIZE, step: "node-pools", defaultValue: 1, help: "Fixed number of nodes (without autoscaling)." },
  { name: "sizeMin", label: "Minimum nodes", type: "number", min: 1, max: MAX_POOL_SIZE, step: "node-pools", help: "With autoscaling." },
  { name: "sizeMax", label: "Maximum nodes", type: "number", min: 1, max: MAX_POOL_SIZE, step: "node-pools", help: "With autoscaling." },
];

export function createSchema(): CreateSchema {
  return {
    steps: STEPS,
    fields: [
      { name: "name", label: "Cluster name", type: "text", required: true, help: NAME_HELP, step: "cluster", placeholder: "my-cluster" },
      { name: "version", label: "Kubernetes version", type: "select", required: true, optionsSource: "versions", dependsOn: ["scope"], step: "cluster", help: "Active versions of the region's catalogue." },
      { name: "controlPlaneMachineSpec", label: "Control-plane machine spec", type: "select", required: true, optionsSource: "controlPlaneMachineSpecs", dependsOn: ["scope"], step: "control-plane" },
      {
        name: "controlPlaneSize",
        label: "Control-plane nodes",
        type: "select",
        required: true,
        step: "control-plane",
        defaultValue: 3,
        options: [
          { value: "1", label: "1 (testing)" },
          { value: "3", label: "3 (highly available)" },
          { value: "5", label: "5" },
        ],
      },
      { name: "nodePools", label: "Node pools", type: "list", step: "node-pools", help: "Pools can also be added later.", itemFields: poolFields, defaultValue: [] },
    ],
    schema: createClusterSchema as unknown as CreateSchema["schema"],
  };
}
