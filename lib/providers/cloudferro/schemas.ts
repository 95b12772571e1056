/**
 * zod schemas of the CloudFerro Managed Kubernetes REST API (/api/v1), tolerant where docs/providers/cloudferro.md
 * says the service may vary: int64 fields as strings or numbers, optional router_ip/phase/health,
 * node pool sizes possibly absent. Clusters and node pools keep unknown keys because updates PUT the
 * whole object back as read.
 */
import { z } from "zod";

/** int64 arrives as a JSON string ("7632"); accept a number as well */
const int64 = z.union([z.string(), z.number()]).transform((v) => Number(v));
const optInt = z.number().int().nullish();

export const machineSpecSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  cpu: z.number().optional(),
  memory: int64.optional(),
  local_disk_size: int64.optional(),
  is_active: z.boolean().default(true),
  tags: z.array(z.string()).default([]),
  gpu: z.string().optional(),
  region: z.string().nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type MachineSpec = z.infer<typeof machineSpecSchema>;

export const kubernetesVersionSchema = z.looseObject({
  id: z.string(),
  version: z.string(),
  eol: z.string().nullish(),
  info: z.string().nullish(),
  is_active: z.boolean(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type CfKubernetesVersion = z.infer<typeof kubernetesVersionSchema>;

export const errorEntrySchema = z.looseObject({ msg: z.string().default(""), created_at: z.string().nullish() });

export const clusterSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  control_plane: z
    .looseObject({
      custom: z
        .looseObject({ size: z.number().int().nullish(), machine_spec: machineSpecSchema.nullish(), name: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
  errors: z.array(errorEntrySchema).nullish(),
  version: kubernetesVersionSchema.nullish(),
  metadata: z.looseObject({ openstack_project_id: z.string().nullish() }).nullish(),
  router_ip: z.string().nullish(),
  phase: z.string().nullish(),
  health: z.string().nullish(),
});
export type CfCluster = z.infer<typeof clusterSchema>;

export const nodePoolSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  machine_spec: machineSpecSchema.nullish(),
  autoscale: z.boolean().default(false),
  size: optInt,
  size_min: optInt,
  size_max: optInt,
  quantity: optInt,
  shared_networks: z.array(z.string()).nullish(),
  labels: z.array(z.looseObject({ key: z.string(), value: z.string().nullish() })).nullish(),
  taints: z.array(z.looseObject({ key: z.string(), value: z.string().nullish(), effect: z.string() })).nullish(),
  errors: z.array(errorEntrySchema).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type CfNodePool = z.infer<typeof nodePoolSchema>;

export const regionSchema = z.looseObject({ id: z.string(), name: z.string(), is_active: z.boolean().nullish() });
export type CfRegion = z.infer<typeof regionSchema>;

export const filesSchema = z.looseObject({ kubeconfig: z.string() });

export const resourceCountsSchema = z.looseObject({ counts: z.record(z.string(), z.number()).default({}) });

/** every list comes wrapped as {"items": [...]} */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item).default([]) });

/** gRPC-gateway style error body: {code, message, details} */
export const errorBodySchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  details: z.array(z.unknown()).optional(),
});
