import { z } from "zod";

/**
 * Wire schemas. Lists are bare arrays. Only the fields Clusterdeck reads are declared; everything
 * outside the list ("summary") shape of a cluster is optional because GET-one has returned both the
 * full and the summary shape over the years.
 */

const str = z.string();
const optStr = z.string().nullish();
const optInt = z.number().int().nullish();

export const orgSchema = z.object({ pk: z.number().int(), name: str, slug: optStr, created: optStr, updated: optStr });
export type NksOrg = z.infer<typeof orgSchema>;

export const membershipSchema = z.object({
  pk: optInt,
  org: orgSchema,
  role: optStr,
  is_owner: z.boolean().nullish(),
  is_default: z.boolean().nullish(),
});

export const userProfileSchema = z.object({
  pk: z.number().int(),
  username: str,
  email: optStr,
  full_name: optStr,
  org_memberships: z.array(membershipSchema).nullish(),
});
export type NksUserProfile = z.infer<typeof userProfileSchema>;
export const userProfileListSchema = z.array(userProfileSchema);

export const workspaceRefSchema = z.object({ pk: z.number().int(), name: str, slug: optStr, is_default: z.boolean().nullish() });

export const clusterSchema = z.object({
  pk: z.number().int(),
  name: str,
  state: str,
  instance_id: optStr,
  org: optInt,
  provider: optStr,
  workspace: workspaceRefSchema.nullish(),
  k8s_version: optStr,
  node_count: optInt,
  master_count: optInt,
  worker_count: optInt,
  region: optStr,
  zone: optStr,
  platform: optStr,
  channel: optStr,
  etcd_type: optStr,
  is_failed: z.boolean().nullish(),
  version_migrations: z.array(str).nullish(),
  k8s_rbac_enabled: z.boolean().nullish(),
  is_k8s_available: z.boolean().nullish(),
  is_kubeconfig_available: z.boolean().nullish(),
  kubeconfig_path: optStr,
  provider_keyset_name: optStr,
  solutions: z.array(z.object({ pk: z.number().int(), solution: str, state: str }).loose()).nullish(),
  created: optStr,
  updated: optStr,
});
export type NksCluster = z.infer<typeof clusterSchema>;
export const clusterListSchema = z.array(clusterSchema);

export const nodePoolSchema = z.object({
  pk: z.number().int(),
  cluster: optInt,
  name: str,
  instance_id: optStr,
  instance_size: optStr,
  node_count: z.number().int(),
  autoscaled: z.boolean().nullish(),
  min_count: optInt,
  max_count: optInt,
  state: str,
  is_default: z.boolean().nullish(),
  zone: optStr,
});
export type NksNodePool = z.infer<typeof nodePoolSchema>;
export const nodePoolListSchema = z.array(nodePoolSchema);

export const nodeSchema = z.object({
  pk: z.number().int(),
  cluster: optInt,
  pool: optInt,
  instance_id: optStr,
  role: str,
  state: str,
  size: optStr,
  is_failed: z.boolean().nullish(),
  created: optStr,
});
export type NksNode = z.infer<typeof nodeSchema>;
export const nodeListSchema = z.array(nodeSchema);

export const keysetSchema = z.object({ pk: z.number().int(), name: str, category: str, entity: optStr, org: optInt, is_default: z.boolean().nullish() });
export type NksKeyset = z.infer<typeof keysetSchema>;
export const keysetListSchema = z.array(keysetSchema);

export const workspaceSchema = z.object({ pk: z.number().int(), name: str, slug: optStr, org: optInt, is_default: z.boolean().nullish() });
export const workspaceListSchema = z.array(workspaceSchema);

export const machineSpecSchema = z.object({ name: optStr, value: optStr, cpu: z.number().nullish(), memory: z.number().nullish(), gpu: z.number().nullish() });
export const machineSpecsSchema = z.array(z.object({ name: optStr, filters: z.record(z.string(), z.unknown()).nullish(), config: z.record(z.string(), machineSpecSchema) }));

export const buildLogSchema = z.object({ pk: z.number().int(), cluster: optInt, event_category: str, event_type: str, event_state: str, message: str, details: optStr, created: optStr });
export const buildLogListSchema = z.array(buildLogSchema);

/** DRF error bodies: {"detail": "..."} or {"field": ["..."], "non_field_errors": [...]} */
export const errorBodySchema = z.union([z.object({ detail: z.string() }).loose(), z.record(z.string(), z.unknown())]);
