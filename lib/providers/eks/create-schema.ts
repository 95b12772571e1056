/**
 * The EKS create wizard and the add-node-group form, browser-safe (the server validates with the
 * same schemas). EKS creates node groups only on an ACTIVE cluster, so the wizard creates the
 * control plane and node groups are added on the cluster page (docs/providers/eks.md §9).
 */
import { z } from "zod";
import type { CreateSchema, WizardField } from "../types";

export const EKS_NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
export const INSTANCE_TYPES = ["t3.medium", "t3.large", "m5.large", "m5.xlarge", "m6i.large", "m6i.xlarge", "c6i.xlarge", "r6i.large", "g5.xlarge"];

const STEPS = [
  { id: "cluster", title: "Cluster" },
  { id: "network", title: "Network and access" },
];

const listOf = (message: string) => z.array(z.object({ value: z.string().trim().min(1, message) }));

export const createInputSchema = z
  .object({
    name: z.string().trim().min(1, "a name is required").max(100, "at most 100 characters").regex(EKS_NAME_RE, "start with a letter or digit; letters, digits, hyphens and underscores only"),
    version: z.string().trim().min(1, "choose a Kubernetes version"),
    supportType: z.enum(["EXTENDED", "STANDARD"]).default("EXTENDED"),
    roleArn: z.string().trim().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, "choose the cluster IAM role"),
    subnetIds: listOf("choose a subnet").min(2, "EKS needs subnets in at least two Availability Zones"),
    securityGroupIds: listOf("choose a security group").max(5, "at most 5 security groups").default([]),
    endpointPublicAccess: z.boolean().default(true),
    endpointPrivateAccess: z.boolean().default(false),
  })
  .refine((v) => v.endpointPublicAccess || v.endpointPrivateAccess, { message: "enable public or private endpoint access (or both)", path: ["endpointPublicAccess"] });

export type EksCreateInput = z.infer<typeof createInputSchema>;

export const nodeGroupSchema = z
  .object({
    name: z.string().trim().min(1, "a name is required").max(63, "at most 63 characters").regex(EKS_NAME_RE, "start with a letter or digit; letters, digits, hyphens and underscores only"),
    instanceType: z.string().trim().min(1, "choose an instance type"),
    nodeRole: z.string().trim().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, "choose the node IAM role"),
    capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
    desiredSize: z.coerce.number().int("a whole number").min(0, "at least 0").max(450, "at most 450"),
    minSize: z.coerce.number().int("a whole number").min(0, "at least 0").max(450, "at most 450"),
    maxSize: z.coerce.number().int("a whole number").min(1, "at least 1").max(450, "at most 450"),
    diskSize: z.coerce.number().int("a whole number").min(4, "at least 4 GiB").max(16384).default(20),
  })
  .refine((v) => v.minSize <= v.desiredSize, { message: "must be at least the minimum size", path: ["desiredSize"] })
  .refine((v) => v.desiredSize <= v.maxSize, { message: "must be at most the maximum size", path: ["desiredSize"] });

export type EksNodeGroupInput = z.infer<typeof nodeGroupSchema>;

const nodeGroupFields: WizardField[] = [
  { step: "pool", name: "name", label: "Node group name", type: "text", required: true, placeholder: "workers" },
  { step: "pool", name: "instanceType", label: "Instance type", type: "select", required: true, options: INSTANCE_TYPES.map((t) => ({ value: t, label: t })), defaultValue: "t3.medium" },
  { step: "pool", name: "nodeRole", label: "Node IAM role", type: "select", required: true, optionsSource: "nodeRoles", help: "A role EC2 may assume, with AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly and AmazonEKS_CNI_Policy." },
  { step: "pool", name: "capacityType", label: "Capacity", type: "select", options: [{ value: "ON_DEMAND", label: "On-Demand" }, { value: "SPOT", label: "Spot" }], defaultValue: "ON_DEMAND" },
  { step: "pool", name: "desiredSize", label: "Nodes", type: "number", required: true, min: 0, max: 450, defaultValue: 2 },
  { step: "pool", name: "minSize", label: "Minimum nodes", type: "number", required: true, min: 0, max: 450, defaultValue: 1 },
  { step: "pool", name: "maxSize", label: "Maximum nodes", type: "number", required: true, min: 1, max: 450, defaultValue: 3 },
  { step: "pool", name: "diskSize", label: "Disk (GiB)", type: "number", min: 4, max: 16384, defaultValue: 20 },
];

export function createSchema(): CreateSchema {
  return {
    steps: STEPS,
    fields: [
      { step: "cluster", name: "name", label: "Cluster name", type: "text", required: true, placeholder: "prod-eu-1", help: "Unique in the region; letters, digits, hyphens and underscores." },
      { step: "cluster", name: "version", label: "Kubernetes version", type: "select", required: true, optionsSource: "versions", help: "Versions in extended support cost extra per cluster hour." },
      { step: "cluster", name: "supportType", label: "Upgrade policy", type: "select", options: [{ value: "EXTENDED", label: "Extended support (stay up to 26 months, extra cost after 14)" }, { value: "STANDARD", label: "Standard support (auto-upgrade after 14 months)" }], defaultValue: "EXTENDED" },
      { step: "cluster", name: "roleArn", label: "Cluster IAM role", type: "select", required: true, optionsSource: "clusterRoles", help: "A role eks.amazonaws.com may assume, with AmazonEKSClusterPolicy." },
      {
        step: "network",
        name: "subnetIds",
        label: "Subnets",
        type: "list",
        required: true,
        help: "At least two, in different Availability Zones of one VPC.",
        defaultValue: [{ value: "" }, { value: "" }],
        itemFields: [{ step: "network", name: "value", label: "Subnet", type: "select", required: true, optionsSource: "subnets", dependsOn: ["scope"] }],
      },
      {
        step: "network",
        name: "securityGroupIds",
        label: "Extra security groups",
        type: "list",
        help: "Optional; EKS creates the cluster security group itself.",
        defaultValue: [],
        itemFields: [{ step: "network", name: "value", label: "Security group", type: "select", required: true, optionsSource: "securityGroups", dependsOn: ["scope"] }],
      },
      { step: "network", name: "endpointPublicAccess", label: "Public API endpoint", type: "boolean", defaultValue: true },
      { step: "network", name: "endpointPrivateAccess", label: "Private API endpoint (inside the VPC)", type: "boolean", defaultValue: false },
    ],
    schema: createInputSchema as unknown as CreateSchema["schema"],
    nodePool: { fields: nodeGroupFields, schema: nodeGroupSchema as unknown as CreateSchema["schema"] },
  };
}
