/**
 * Typed client of one CloudFerro regional host (https://<host>/api/v1), built on ProviderHttpClient.
 * Works unchanged against the real service: only the base URL and the token differ.
 */
import type { z } from "zod";
import { ProviderHttpClient, type ProviderRequest } from "../http";
import { isProviderError, type ConnectionConfig } from "../types";
import { extractCloudferroError, withRole, type CfOperation } from "./errors";
import {
  clusterSchema,
  filesSchema,
  kubernetesVersionSchema,
  listOf,
  machineSpecSchema,
  nodePoolSchema,
  regionSchema,
  type CfCluster,
  type CfKubernetesVersion,
  type CfNodePool,
  type CfRegion,
  type MachineSpec,
} from "./schemas";

export const PROVIDER = "cloudferro";

/** Accepts "https://host", "https://host/" or "https://host/api/v1": the API lives under /api/v1. */
export function apiBase(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

const seg = encodeURIComponent;

export class CloudferroClient {
  readonly http: ProviderHttpClient;

  constructor(config: ConnectionConfig) {
    const token = config.credentials.token ?? "";
    this.http = new ProviderHttpClient({
      provider: PROVIDER,
      baseUrl: apiBase(config.baseUrl),
      // API tokens go in "Authorization: Token <token>"; Bearer is only for Keycloak access tokens
      authHeaders: () => ({ Authorization: `Token ${token}` }),
      extractError: extractCloudferroError,
      options: config.http,
    });
  }

  private async call<T>(operation: CfOperation, req: Omit<ProviderRequest<T>, "operation">): Promise<T> {
    try {
      return (await this.http.request<T>({ ...req, operation })).data;
    } catch (e) {
      throw isProviderError(e) ? withRole(e, operation) : e;
    }
  }

  private list<S extends z.ZodType>(operation: CfOperation, path: string, item: S, query?: ProviderRequest<unknown>["query"]): Promise<z.infer<S>[]> {
    return this.call(operation, { method: "GET", path, query, schema: listOf(item) }).then((r) => r.items as z.infer<S>[]);
  }

  listRegions(name?: string): Promise<CfRegion[]> {
    return this.list("listRegions", "/region", regionSchema, { name });
  }

  listClusters(regionName?: string): Promise<CfCluster[]> {
    return this.list("listClusters", "/cluster", clusterSchema, { region: regionName });
  }

  getCluster(id: string, withErrors = true): Promise<CfCluster> {
    return this.call("getCluster", { method: "GET", path: `/cluster/${seg(id)}`, query: withErrors ? { extra_fields: "errors" } : undefined, schema: clusterSchema });
  }

  createCluster(body: Record<string, unknown>): Promise<CfCluster> {
    return this.call("createCluster", { method: "POST", path: "/cluster", body, schema: clusterSchema });
  }

  /** PUT of the whole cluster as read with `version` replaced (what both official clients do) */
  updateCluster(id: string, body: Record<string, unknown>): Promise<CfCluster> {
    return this.call("upgradeCluster", { method: "PUT", path: `/cluster/${seg(id)}`, body, schema: clusterSchema });
  }

  deleteCluster(id: string): Promise<void> {
    return this.call("deleteCluster", { method: "DELETE", path: `/cluster/${seg(id)}` });
  }

  getKubeconfig(id: string): Promise<string> {
    return this.call("getKubeconfig", { method: "GET", path: `/cluster/${seg(id)}/files`, schema: filesSchema }).then((f) => f.kubeconfig);
  }

  listNodePools(clusterId: string): Promise<CfNodePool[]> {
    return this.list("listNodePools", `/cluster/${seg(clusterId)}/node-pool`, nodePoolSchema);
  }

  getNodePool(clusterId: string, poolId: string): Promise<CfNodePool> {
    return this.call("getNodePool", { method: "GET", path: `/cluster/${seg(clusterId)}/node-pool/${seg(poolId)}`, schema: nodePoolSchema });
  }

  createNodePool(clusterId: string, body: Record<string, unknown>): Promise<CfNodePool> {
    return this.call("createNodePool", { method: "POST", path: `/cluster/${seg(clusterId)}/node-pool`, body, schema: nodePoolSchema });
  }

  updateNodePool(clusterId: string, poolId: string, body: Record<string, unknown>): Promise<CfNodePool> {
    return this.call("updateNodePool", { method: "PUT", path: `/cluster/${seg(clusterId)}/node-pool/${seg(poolId)}`, body, schema: nodePoolSchema });
  }

  deleteNodePool(clusterId: string, poolId: string): Promise<void> {
    return this.call("deleteNodePool", { method: "DELETE", path: `/cluster/${seg(clusterId)}/node-pool/${seg(poolId)}` });
  }

  /** filters match loosely on the server; callers match exactly themselves */
  listVersions(filters: { version?: string; isActive?: boolean } = {}): Promise<CfKubernetesVersion[]> {
    return this.list("listVersions", "/kubernetes-version", kubernetesVersionSchema, { version: filters.version, is_active: filters.isActive });
  }

  listMachineSpecs(regionId: string): Promise<MachineSpec[]> {
    return this.list("listMachineSpecs", `/region/${seg(regionId)}/machine-spec`, machineSpecSchema);
  }
}
