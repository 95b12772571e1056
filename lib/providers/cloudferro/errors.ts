/**
 * Error handling specific to CloudFerro: the {code, message, details} body of the gRPC-gateway
 * transcoding, google.rpc.BadRequest field violations, and the token role each operation needs.
 */
import type { ErrorExtractor } from "../http";
import { ProviderError } from "../types";
import { errorBodySchema } from "./schemas";

/**
 * Token role per API operation. No public source names the real identifiers (docs/providers/cloudferro.md §10.2); these
 * are the names the simulator uses. A 403 names the role so the user knows what to tick on the token.
 */
export const OPERATION_ROLES = {
  listClusters: "cluster.list",
  getCluster: "cluster.get",
  createCluster: "cluster.create",
  upgradeCluster: "cluster.update",
  deleteCluster: "cluster.delete",
  getKubeconfig: "cluster.kubeconfig",
  listNodePools: "node_pool.list",
  getNodePool: "node_pool.get",
  createNodePool: "node_pool.create",
  updateNodePool: "node_pool.update",
  deleteNodePool: "node_pool.delete",
  listVersions: "kubernetes_version.list",
  listRegions: "region.list",
  listMachineSpecs: "machine_spec.list",
} as const;
export type CfOperation = keyof typeof OPERATION_ROLES;

export const extractCloudferroError: ErrorExtractor = (body) => {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success || !parsed.data.message) return undefined;
  const fields: Record<string, string[]> = {};
  for (const d of parsed.data.details ?? []) {
    const violations = (d as { field_violations?: { field?: string; description?: string }[] })?.field_violations;
    if (!Array.isArray(violations)) continue;
    for (const v of violations) if (v?.field) (fields[v.field] ??= []).push(v.description ?? "invalid");
  }
  return { message: parsed.data.message, fields: Object.keys(fields).length ? fields : undefined };
};

/** A 403 always names the role the operation needs, whether or not the service's message does. */
export function withRole(err: ProviderError, operation: CfOperation): ProviderError {
  if (err.kind !== "forbidden") return err;
  const role = OPERATION_ROLES[operation];
  if (err.message.includes(role)) return err;
  return new ProviderError({
    kind: err.kind,
    provider: err.provider,
    status: err.status,
    message: `${err.message} (the API token needs the role "${role}" for this operation)`,
    fields: err.fields,
    retryAfterMs: err.retryAfterMs,
    requestId: err.requestId,
    cause: err,
  });
}
