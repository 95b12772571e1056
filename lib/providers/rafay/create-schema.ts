/**
 * The Rafay create wizard: project, cluster type and blueprint, version, then the type's own
 * settings (MKS nodes and network, or the imported cluster's provider). One zod schema serves the
 * browser and the server; browser-safe (zod and types only).
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";

export const NAME_RE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR_RE = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(\d|[12]\d|3[0-2])$/;

export const CREATE_TYPES = [
  { value: "mks", label: "Upstream Kubernetes (MKS) on bare metal or VMs" },
  { value: "imported", label: "Import an existing cluster" },
] as const;
export const ROLE_SETS = [
  { value: "ControlPlane,Worker", label: "Control plane + worker" },
  { value: "ControlPlane", label: "Control plane" },
  { value: "Worker", label: "Worker" },
  { value: "Worker,Storage", label: "Worker + storage" },
  { value: "ControlPlane,Worker,Storage", label: "Control plane + worker + storage" },
] as const;
export const OPERATING_SYSTEMS = ["Ubuntu22.04", "Ubuntu24.04", "RHEL9", "Rocky9"] as const;
export const LOCATIONS = ["sanjose-us", "newyork-us", "dallas-us", "frankfurt-de", "london-gb", "mumbai-in", "singapore-sg", "tokyo-jp", "sydney-au"] as const;
export const IMPORTED_PROVIDERS = ["AKS", "EKS", "GKE", "OPENSHIFT", "OTHER", "RKE", "EKSANYWHERE"] as const;

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const bool = (dflt: boolean) => z.preprocess((v) => (v === "true" ? true : v === "false" ? false : empty(v)), z.boolean().default(dflt));
const optText = z.preprocess(empty, z.string().trim().min(1).optional());

export const nodeInputSchema = z.object({
  hostname: z.string().trim().regex(NAME_RE, "a DNS label: lower-case letters, digits and '-'"),
  privateIP: z.string().trim().regex(IPV4_RE, "an IPv4 address"),
  arch: z.preprocess(empty, z.enum(["amd64", "arm64"]).default("amd64")),
  operatingSystem: z.preprocess(empty, z.enum(OPERATING_SYSTEMS).default("Ubuntu22.04")),
  roles: z.enum(ROLE_SETS.map((r) => r.value) as [string, ...string[]]),
});

export const createInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "a name is required")
      .max(63, "at most 63 characters")
      .regex(NAME_RE, "lower-case letters, digits and '-'; start with a letter, end with a letter or digit"),
    project: z.string().trim().min(1, "pick a project"),
    description: optText,
    type: z.enum(["mks", "imported"], "pick a cluster type"),
    blueprint: z.preprocess(empty, z.string().trim().min(1).default("minimal")),
    blueprintVersion: z.preprocess(empty, z.string().trim().min(1).default("latest")),
    kubernetesVersion: z.preprocess(empty, z.string().trim().regex(/^v?\d+\.\d+\.\d+$/, "a Kubernetes version such as v1.35.6").optional()),
    location: z.preprocess(empty, z.string().trim().regex(/^[a-z0-9-]+$/, "a Rafay location such as sanjose-us").optional()),
    autoApproveNodes: bool(true),
    highAvailability: bool(false),
    dedicatedControlPlane: bool(false),
    cni: z.preprocess(empty, z.enum(["Calico", "Cilium"]).default("Calico")),
    podSubnet: z.preprocess(empty, z.string().trim().regex(CIDR_RE, "an IPv4 CIDR").default("10.244.0.0/16")),
    serviceSubnet: z.preprocess(empty, z.string().trim().regex(CIDR_RE, "an IPv4 CIDR").default("10.96.0.0/12")),
    upgradeStrategy: z.preprocess(empty, z.enum(["sequential", "concurrent"]).default("sequential")),
    workerConcurrency: z.preprocess(empty, z.string().trim().regex(/^([1-9]\d*|([1-9]\d?|100)%)$/, 'a node count such as "2" or a percentage such as "50%"').optional()),
    nodes: z.preprocess(empty, z.array(nodeInputSchema).optional()),
    kubernetesProvider: z.preprocess(empty, z.enum(IMPORTED_PROVIDERS).optional()),
    provisionEnvironment: z.preprocess(empty, z.enum(["CLOUD", "ONPREM"]).optional()),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (v.type === "mks") {
      if (!v.kubernetesVersion) issue(["kubernetesVersion"], "pick a Kubernetes version");
      const nodes = v.nodes ?? [];
      if (!nodes.length) issue(["nodes"], "add at least one node");
      const controlPlanes = nodes.filter((n) => n.roles.includes("ControlPlane")).length;
      if (nodes.length && !controlPlanes) issue(["nodes"], "at least one node needs the control-plane role");
      if (v.highAvailability && controlPlanes < 3) issue(["highAvailability"], "high availability needs at least 3 control-plane nodes");
      const seen = new Set<string>();
      const ips = new Set<string>();
      nodes.forEach((n, i) => {
        if (seen.has(n.hostname)) issue(["nodes", i, "hostname"], "hostname used twice");
        if (ips.has(n.privateIP)) issue(["nodes", i, "privateIP"], "IP address used twice");
        seen.add(n.hostname);
        ips.add(n.privateIP);
      });
      if (v.upgradeStrategy === "concurrent" && !v.workerConcurrency) issue(["workerConcurrency"], "say how many workers may upgrade at once");
    } else {
      if (!v.kubernetesProvider) issue(["kubernetesProvider"], "pick where the cluster runs");
      if (!v.provisionEnvironment) issue(["provisionEnvironment"], "pick cloud or on-premises");
    }
  });

export type RafayCreateInput = z.infer<typeof createInputSchema>;

const opt = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

export const createFields: WizardField[] = [
  { step: "project", name: "project", label: "Project", type: "select", required: true, optionsSource: "projects", help: "Rafay project the cluster belongs to; blueprints and access are per project." },
  { step: "project", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-edge-01", help: "Unique in the project: lower-case letters, digits and '-', at most 63 characters." },
  { step: "project", name: "description", label: "Description", type: "text" },
  { step: "type", name: "type", label: "Cluster type", type: "select", required: true, options: CREATE_TYPES.map((t) => ({ ...t })), defaultValue: "mks", help: "MKS installs upstream Kubernetes on machines you provide; import attaches an existing cluster through a bootstrap manifest." },
  { step: "type", name: "blueprint", label: "Blueprint", type: "select", required: true, optionsSource: "blueprints", dependsOn: ["project"], defaultValue: "minimal", help: "Add-ons and policies Rafay keeps in sync on the cluster." },
  { step: "type", name: "blueprintVersion", label: "Blueprint version", type: "select", optionsSource: "blueprintVersions", dependsOn: ["project", "blueprint"], defaultValue: "latest" },
  { step: "version", name: "kubernetesVersion", label: "Kubernetes version", type: "select", optionsSource: "versions", dependsOn: ["project", "type"], help: "MKS only: versions the controller currently supports. Imported clusters keep their own version." },
  { step: "settings", name: "location", label: "Location", type: "select", options: opt(LOCATIONS), help: "Rafay location (metro) of the machines, shown on the map." },
  { step: "settings", name: "autoApproveNodes", label: "Approve nodes automatically", type: "boolean", defaultValue: true, help: "MKS: nodes that run the installer join without a manual approval." },
  { step: "settings", name: "highAvailability", label: "Highly available control plane", type: "boolean", defaultValue: false, help: "MKS: needs at least three control-plane nodes." },
  { step: "settings", name: "dedicatedControlPlane", label: "Dedicated control plane", type: "boolean", defaultValue: false, help: "MKS: no workloads on control-plane nodes." },
  { step: "settings", name: "cni", label: "CNI", type: "select", options: opt(["Calico", "Cilium"]), defaultValue: "Calico" },
  { step: "settings", name: "podSubnet", label: "Pod subnet", type: "text", defaultValue: "10.244.0.0/16" },
  { step: "settings", name: "serviceSubnet", label: "Service subnet", type: "text", defaultValue: "10.96.0.0/12" },
  { step: "settings", name: "upgradeStrategy", label: "Worker upgrade strategy", type: "select", options: opt(["sequential", "concurrent"]), defaultValue: "sequential", help: "Sequential upgrades one worker at a time; concurrent upgrades several." },
  { step: "settings", name: "workerConcurrency", label: "Workers upgraded at once", type: "text", placeholder: "50%", help: 'Concurrent strategy: a count such as "2" or a percentage such as "50%".' },
  {
    step: "settings",
    name: "nodes",
    label: "Nodes",
    type: "list",
    help: "MKS: the machines the installer will run on. Run the installer command Rafay shows on each of them after creating the cluster.",
    itemFields: [
      { step: "settings", name: "hostname", label: "Hostname", type: "text", required: true },
      { step: "settings", name: "privateIP", label: "Private IP", type: "text", required: true, placeholder: "10.0.0.5" },
      { step: "settings", name: "arch", label: "Architecture", type: "select", options: opt(["amd64", "arm64"]), defaultValue: "amd64" },
      { step: "settings", name: "operatingSystem", label: "Operating system", type: "select", options: opt(OPERATING_SYSTEMS), defaultValue: "Ubuntu22.04" },
      { step: "settings", name: "roles", label: "Roles", type: "select", required: true, options: ROLE_SETS.map((r) => ({ ...r })), defaultValue: "ControlPlane,Worker" },
    ],
  },
  { step: "settings", name: "kubernetesProvider", label: "Kubernetes distribution", type: "select", options: opt(IMPORTED_PROVIDERS), help: "Imported clusters: where the existing cluster runs." },
  { step: "settings", name: "provisionEnvironment", label: "Environment", type: "select", options: [{ value: "CLOUD", label: "Cloud" }, { value: "ONPREM", label: "On-premises" }] },
];

export function createSchema(): CreateSchema {
  return {
    steps: [
      { id: "project", title: "Project and name" },
      { id: "type", title: "Cluster type and blueprint" },
      { id: "version", title: "Kubernetes version" },
      { id: "settings", title: "Cluster settings" },
    ],
    fields: createFields,
    schema: createInputSchema as unknown as CreateSchema["schema"],
  };
}
