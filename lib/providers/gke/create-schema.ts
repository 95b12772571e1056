/**
 * The GKE create wizard: field metadata plus one zod schema used in the browser and on the server
 * (docs/providers/gke.md §3). Browser-safe: zod, types and plain data only.
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";
import { GKE_MACHINE_TYPES, RELEASE_CHANNELS } from "./catalog";

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const int = (min: number, max: number, msg: string) =>
  z.preprocess((v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v) : v), z.number({ error: msg }).int(msg).min(min, `at least ${min}`).max(max, `at most ${max}`));

/** GKE resource names: lower-case letters, digits and hyphens, starting with a letter, not ending with a hyphen */
const gkeName = (max: number, what: string) =>
  z
    .string({ error: `a ${what} name is required` })
    .trim()
    .min(1, `a ${what} name is required`)
    .max(max, `at most ${max} characters`)
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "lower-case letters, digits and hyphens; start with a letter, end with a letter or digit");

export const nodePoolInputSchema = z.object({
  name: gkeName(40, "node pool"),
  machineType: z.string({ error: "choose a machine type" }).trim().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, "a Compute Engine machine type such as e2-standard-4"),
  nodeCount: int(1, 1000, "nodes per zone must be a whole number"),
  diskSizeGb: z.preprocess(empty, int(10, 65536, "disk size must be a whole number of GB").optional()),
});
export type GkeNodePoolInput = z.output<typeof nodePoolInputSchema>;

export const createInputSchema = z
  .object({
    name: gkeName(40, "cluster"),
    location: z.string({ error: "choose a location" }).trim().regex(/^[a-z]+-[a-z]+\d+(-[a-z])?$/, "a Google Cloud region or zone such as us-central1 or us-central1-a"),
    releaseChannel: z.preprocess((v) => empty(v) ?? "REGULAR", z.enum([...RELEASE_CHANNELS, "UNSPECIFIED"], { error: "choose a release channel" })),
    version: z.preprocess(empty, z.string().trim().regex(/^\d+\.\d+(\.\d+(-gke\.\d+)?)?$/, 'a GKE version such as "1.34" or "1.34.1-gke.1000"').optional()),
    nodePools: z
      .array(nodePoolInputSchema, { error: "add at least one node pool" })
      .min(1, "add at least one node pool")
      .max(20, "at most 20 node pools at creation"),
  })
  .superRefine((v, ctx) => {
    const names = v.nodePools.map((p) => p.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: ["nodePools", i, "name"], message: "node pool names must be unique" });
    });
  });

export type GkeCreateInput = z.output<typeof createInputSchema>;

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "nodes", title: "Node pools" },
];

const FIELDS: WizardField[] = [
  { step: "cluster", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-us-central1", help: "Up to 40 lower-case letters, digits and hyphens; unique in its location." },
  { step: "cluster", name: "location", label: "Location", type: "select", required: true, optionsSource: "locations", help: "A region gives a regional cluster (control plane and nodes in three zones); a zone gives a zonal cluster." },
  {
    step: "cluster",
    name: "releaseChannel",
    label: "Release channel",
    type: "select",
    required: true,
    defaultValue: "REGULAR",
    options: [
      { value: "REGULAR", label: "Regular (recommended)" },
      { value: "STABLE", label: "Stable" },
      { value: "RAPID", label: "Rapid" },
      { value: "EXTENDED", label: "Extended (longer support)" },
      { value: "UNSPECIFIED", label: "No channel (static version)" },
    ],
    help: "GKE upgrades the cluster automatically within its channel; upgrades are offered only to versions of the channel.",
  },
  { step: "cluster", name: "version", label: "Kubernetes version", type: "select", optionsSource: "versions", dependsOn: ["location", "releaseChannel"], help: "Leave empty for the channel's default version." },
  {
    step: "nodes",
    name: "nodePools",
    label: "Node pools",
    type: "list",
    required: true,
    help: "At least one node pool. Sizes are per zone: a regional cluster gets this many nodes in each of its zones.",
    itemFields: [
      { step: "nodes", name: "name", label: "Pool name", type: "text", required: true, placeholder: "default-pool" },
      { step: "nodes", name: "machineType", label: "Machine type", type: "select", required: true, options: GKE_MACHINE_TYPES.map((m) => ({ value: m.id, label: m.label })), defaultValue: "e2-standard-4" },
      { step: "nodes", name: "nodeCount", label: "Nodes per zone", type: "number", required: true, min: 1, max: 1000, defaultValue: 1 },
      { step: "nodes", name: "diskSizeGb", label: "Boot disk (GB)", type: "number", min: 10, max: 65536, placeholder: "100" },
    ],
  },
];

export function createSchema(): CreateSchema {
  return { steps: STEPS, fields: FIELDS, schema: createInputSchema as unknown as CreateSchema["schema"] };
}
