/**
 * zod schemas of the Rafay v3 responses the client reads (docs/providers/rafay.md §6). Loose objects throughout:
 * the controller adds fields over time (e.g. metadata.modifiedAt), and only what we map is checked.
 * Where sources conflict the schema accepts every observed form (docs/providers/rafay.md §7.2).
 */
import { z } from "zod";

/** proto3 JSON writes int64 as a string; some answers use numbers */
const int64 = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

/** lastUpdated: `{seconds, nanos}` (OAS example), `{value|values: RFC 3339}` (OAS schema) or a plain string */
export const timestampSchema = z.union([
  z.string(),
  z.looseObject({ seconds: int64, nanos: z.number().nullish() }),
  z.looseObject({ value: z.string() }),
  z.looseObject({ values: z.string() }),
]);

/** conditionStatus: a number (observed) or the enum name (OAS schema) */
export const conditionStatusSchema = z.union([z.number().int(), z.string()]);

export const metadataSchema = z.looseObject({
  name: z.string().min(1),
  project: z.string().nullish(),
  description: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
  modifiedAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const blueprintRef = z.looseObject({ name: z.string().nullish(), version: z.string().nullish() });

export const commonStatusSchema = z.looseObject({
  conditionStatus: conditionStatusSchema.nullish(),
  conditionType: z.string().nullish(),
  reason: z.string().nullish(),
  lastUpdated: timestampSchema.nullish(),
});

export const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string().nullish(),
  reason: z.string().nullish(),
  lastUpdated: timestampSchema.nullish(),
});

const aksPoolStatus = z.looseObject({
  name: z.string(),
  id: z.string().nullish(),
  createdAt: z.string().nullish(),
  kubeVersion: z.string().nullish(),
  nodeImageVersion: z.string().nullish(),
  provisionStatus: z.string().nullish(),
});

export const clusterStatusSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  displayName: z.string().nullish(),
  createdAt: z.string().nullish(),
  provisionStatus: z.string().nullish(),
  commonStatus: commonStatusSchema.nullish(),
  conditions: z.array(conditionSchema).nullish(),
  blueprint: blueprintRef.nullish(),
  // sic: "controPlane" is the field name in Rafay's spec
  controPlane: z
    .looseObject({
      kubeVersion: z.string().nullish(),
      endpoint: z.looseObject({ host: z.string().nullish(), port: z.union([z.number(), z.string()]).nullish() }).nullish(),
    })
    .nullish(),
  aks: z.looseObject({ nodepools: z.array(aksPoolStatus).nullish() }).nullish(),
  lastTasksets: z
    .array(
      z.looseObject({
        errorSummary: z.string().nullish(),
        tasksetOperations: z.array(z.looseObject({ operationName: z.string().nullish(), errorSummary: z.string().nullish() })).nullish(),
      }),
    )
    .nullish(),
});

export const clusterSchema = z.looseObject({
  apiVersion: z.string().nullish(),
  kind: z.string().nullish(),
  metadata: metadataSchema,
  spec: z
    .looseObject({
      type: z.string().nullish(),
      blueprint: blueprintRef.nullish(),
      blueprintConfig: blueprintRef.nullish(),
      cloudCredentials: z.string().nullish(),
      config: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  status: clusterStatusSchema.nullish(),
});
export type RafayCluster = z.infer<typeof clusterSchema>;

export const projectSchema = z.looseObject({
  apiVersion: z.string().nullish(),
  kind: z.string().nullish(),
  metadata: metadataSchema,
  spec: z.looseObject({ default: z.boolean().nullish() }).nullish(),
});
export type RafayProject = z.infer<typeof projectSchema>;

export const blueprintSchema = z.looseObject({
  apiVersion: z.string().nullish(),
  kind: z.string().nullish(),
  metadata: metadataSchema,
  spec: z.looseObject({ version: z.string().nullish(), base: blueprintRef.nullish() }).nullish(),
});
export type RafayBlueprint = z.infer<typeof blueprintSchema>;

/** `{apiVersion, kind, metadata:{count, offset, limit}, items}` (docs/providers/rafay.md §6.3) */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    apiVersion: z.string().nullish(),
    kind: z.string().nullish(),
    metadata: z.looseObject({ count: int64.nullish(), offset: int64.nullish(), limit: int64.nullish() }).nullish(),
    items: z.array(item).nullish(),
  });
}

/** supported-Kubernetes-versions answer (docs/providers/rafay.md §6.6) */
export const kubernetesVersionsSchema = z.looseObject({
  kubernetes_versions: z.array(z.string()).nullish(),
  default_version: z.string().nullish(),
  latest_version: z.string().nullish(),
});
export type RafayKubernetesVersions = z.infer<typeof kubernetesVersionsSchema>;

/** v3 `APIError`; v1 `{details:[{error_code, detail}]}`; v2 `{error}` (docs/providers/rafay.md §9) */
export const apiErrorSchema = z.looseObject({ code: z.number().nullish(), external: z.string().nullish(), internal: z.string().nullish() });
export const v1ErrorSchema = z.looseObject({ details: z.array(z.looseObject({ error_code: z.string().nullish(), detail: z.string().nullish() })) });
export const v2ErrorSchema = z.looseObject({ error: z.union([z.string(), z.looseObject({ message: z.string().nullish() })]) });
