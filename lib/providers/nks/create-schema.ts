import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";
import { NAME_PATTERN, NKS_PROVIDERS, OFFERED_VERSIONS, PROVIDER_CODES, providerInfo } from "./catalog";

/** Browser-safe: zod and static tables only. */

export const SOLUTION_CHOICES = ["prometheus", "efk", "haproxy", "istio", "linkerd", "calico", "autoscaler"] as const;

const keysetId = (what: string) =>
  z.union([z.number(), z.string().trim().regex(/^\d+$/, `choose ${what}`)], { message: `choose ${what}` }).transform(Number).pipe(z.number().int().positive(`choose ${what}`));

export const nksCreateSchema = z
  .object({
    name: z.string().trim().regex(NAME_PATTERN, "1–64 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit"),
    workspace: z.union([z.string(), z.number()]).transform(String).optional(),
    provider: z.enum(PROVIDER_CODES, { message: "choose a cloud provider" }),
    providerKeyset: keysetId("cloud credentials"),
    sshKeyset: keysetId("an SSH keyset"),
    region: z.string().trim().min(1, "choose a region"),
    zone: z.string().trim().optional(),
    projectId: z.string().trim().optional(),
    version: z.string().trim().regex(/^v?\d+\.\d+\.\d+$/, "choose a Kubernetes version"),
    masterSize: z.string().trim().optional(),
    workerSize: z.string().trim().min(1, "choose a worker size"),
    workerCount: z.coerce.number().int().min(2, "NKS needs at least 2 workers").max(100),
    minNodeCount: z.coerce.number().int().min(1).max(100).optional(),
    maxNodeCount: z.coerce.number().int().min(1).max(100).optional(),
    platform: z.string().trim().optional(),
    channel: z.string().trim().optional(),
    rbac: z.boolean().default(true),
    dashboard: z.boolean().default(true),
    solutions: z.array(z.object({ solution: z.enum(SOLUTION_CHOICES) })).default([]),
  })
  .superRefine((v, ctx) => {
    const info = providerInfo(v.provider);
    if (!info) return;
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!info.regions.includes(v.region)) issue("region", `${info.label} has no region "${v.region}" in NKS`);
    if (info.zoneSuffixes) {
      if (!v.zone) issue("zone", "AWS clusters need an availability zone");
      else if (!info.zoneSuffixes.some((s) => v.zone === `${v.region}${s}`)) issue("zone", `zone must be in ${v.region}`);
    }
    if (info.selfHostedMasters && !v.masterSize) issue("masterSize", "choose a master size");
    if (info.needsProjectId && !v.projectId) issue("projectId", "Packet clusters need a project id");
    if (v.provider === "eks") {
      if (v.minNodeCount === undefined) issue("minNodeCount", "EKS needs a minimum node count");
      if (v.maxNodeCount === undefined) issue("maxNodeCount", "EKS needs a maximum node count");
      if (v.minNodeCount !== undefined && v.maxNodeCount !== undefined && !(v.minNodeCount <= v.workerCount && v.workerCount <= v.maxNodeCount)) {
        issue("workerCount", "worker count must lie between the minimum and maximum");
      }
    }
    const platform = v.platform || info.defaultPlatform;
    if (!info.platforms[platform]) issue("platform", `${info.label} does not offer ${platform}`);
    else if (v.channel && !info.platforms[platform].includes(v.channel)) issue("channel", `${platform} has no channel "${v.channel}"`);
  });

export type NksCreateInput = z.output<typeof nksCreateSchema>;

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "cloud", title: "Cloud and credentials" },
  { id: "nodes", title: "Kubernetes and nodes" },
  { id: "options", title: "Options" },
];

const FIELDS: WizardField[] = [
  { step: "cluster", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-us-east", help: "Unique within the organization." },
  { step: "cluster", name: "workspace", label: "Workspace", type: "select", optionsSource: "workspaces", help: "Leave empty for the organization's Default workspace." },
  { step: "cloud", name: "provider", label: "Cloud provider", type: "select", required: true, defaultValue: "aws", options: NKS_PROVIDERS.map((p) => ({ value: p.code, label: p.label })) },
  { step: "cloud", name: "providerKeyset", label: "Cloud credentials (keyset)", type: "select", required: true, optionsSource: "providerKeysets", dependsOn: ["provider"], help: "Provider keysets stored in NKS for this organization." },
  { step: "cloud", name: "sshKeyset", label: "SSH keyset", type: "select", required: true, optionsSource: "sshKeysets", help: "Public key installed on every node." },
  { step: "cloud", name: "region", label: "Region", type: "select", required: true, optionsSource: "regions", dependsOn: ["provider"], help: "GCE and GKE take a zone here (for example us-west1-a)." },
  { step: "cloud", name: "zone", label: "Availability zone", type: "select", optionsSource: "zones", dependsOn: ["provider", "region"], help: "AWS only." },
  { step: "cloud", name: "projectId", label: "Packet project id", type: "text", help: "Packet only." },
  { step: "nodes", name: "version", label: "Kubernetes version", type: "select", required: true, optionsSource: "versions" },
  { step: "nodes", name: "masterSize", label: "Master size", type: "select", optionsSource: "instanceSizes", dependsOn: ["provider"], help: "One master is created with the cluster; not used by EKS and AKS." },
  { step: "nodes", name: "workerSize", label: "Worker size", type: "select", required: true, optionsSource: "instanceSizes", dependsOn: ["provider"] },
  { step: "nodes", name: "workerCount", label: "Workers", type: "number", required: true, min: 2, max: 100, defaultValue: 2 },
  { step: "nodes", name: "minNodeCount", label: "Minimum nodes (EKS)", type: "number", min: 1, max: 100 },
  { step: "nodes", name: "maxNodeCount", label: "Maximum nodes (EKS)", type: "number", min: 1, max: 100 },
  { step: "nodes", name: "platform", label: "Operating system", type: "select", optionsSource: "platforms", dependsOn: ["provider"] },
  { step: "nodes", name: "channel", label: "OS channel", type: "select", optionsSource: "channels", dependsOn: ["provider", "platform"] },
  { step: "options", name: "rbac", label: "Enable RBAC", type: "boolean", defaultValue: true },
  { step: "options", name: "dashboard", label: "Install the Kubernetes dashboard", type: "boolean", defaultValue: true },
  {
    step: "options", name: "solutions", label: "Solutions", type: "list", help: "Helm Tiller is always installed.",
    itemFields: [{ step: "options", name: "solution", label: "Solution", type: "select", options: SOLUTION_CHOICES.map((s) => ({ value: s, label: s })) }],
  },
];

export function createSchema(): CreateSchema {
  return { steps: STEPS, fields: FIELDS, schema: nksCreateSchema as unknown as CreateSchema["schema"] };
}

/** wizard values → NKS create body (docs/providers/nks.md §4) */
export function toCreateBody(v: NksCreateInput): Record<string, unknown> {
  const info = providerInfo(v.provider)!;
  const platform = v.platform || info.defaultPlatform;
  const body: Record<string, unknown> = {
    name: v.name, provider: v.provider, provider_keyset: v.providerKeyset, user_ssh_keyset: v.sshKeyset, region: v.region,
    k8s_version: v.version.startsWith("v") ? v.version : `v${v.version}`, platform, channel: v.channel || info.platforms[platform]?.[0],
    worker_size: v.workerSize, etcd_type: "classic", k8s_rbac_enabled: v.rbac, k8s_dashboard_enabled: v.dashboard,
    solutions: [{ solution: "helm_tiller" }, ...v.solutions],
  };
  if (info.zoneSuffixes) body.zone = v.zone;
  if (info.needsProjectId) body.project_id = v.projectId;
  if (info.selfHostedMasters) Object.assign(body, { master_count: 1, master_size: v.masterSize });
  if (v.provider === "eks") Object.assign(body, { node_count: v.workerCount, min_node_count: v.minNodeCount, max_node_count: v.maxNodeCount });
  else body.worker_count = v.workerCount;
  if (info.network) Object.assign(body, { provider_network_id: "__new__", provider_network_cidr: "10.0.0.0/16", provider_subnet_id: "__new__", provider_subnet_cidr: "10.0.0.0/24" });
  if (info.resourceGroup) body.provider_resource_group = "__new__";
  return body;
}

export { OFFERED_VERSIONS };
