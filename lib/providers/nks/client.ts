import { ProviderHttpClient } from "../http";
import type { HttpOptions } from "../types";
import { extractNksError } from "./mapping";
import {
  buildLogListSchema, clusterListSchema, clusterSchema, keysetListSchema, machineSpecsSchema, nodeListSchema, nodePoolListSchema,
  nodePoolSchema, orgSchema, userProfileListSchema, workspaceListSchema,
} from "./schemas";
import { z } from "zod";

const seg = (v: string | number) => encodeURIComponent(String(v));

/**
 * Typed NKS REST client. Success codes are the exact ones the official Go SDK insists on
 * (create 200, migrate_version 202, pool create 202, pool add 201, deletes 204).
 */
export class NksClient {
  readonly http: ProviderHttpClient;

  constructor(baseUrl: string, token: string, options?: Partial<HttpOptions>, checkUrl?: (url: URL) => Promise<void>) {
    this.http = new ProviderHttpClient({
      provider: "nks",
      baseUrl,
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      extractError: extractNksError,
      options,
      checkUrl,
    });
  }

  private async get<T>(path: string, schema: z.ZodType<T>, operation: string, query?: Record<string, string>): Promise<T> {
    return (await this.http.request({ method: "GET", path, schema, query, operation, expect: [200] })).data;
  }

  /** one-element array holding the caller's profile (memberships, default org) */
  async userProfile() {
    const list = await this.get("/userprofile", userProfileListSchema, "userProfile");
    return list[0];
  }

  listOrgs() {
    return this.get("/orgs", z.array(orgSchema), "listOrgs");
  }

  listClusters(org: string, includeServiceClusters = false) {
    return this.get(`/orgs/${seg(org)}/clusters`, clusterListSchema, "listClusters", includeServiceClusters ? { include_service_clusters: "true" } : undefined);
  }

  getCluster(org: string, id: string) {
    return this.get(`/orgs/${seg(org)}/clusters/${seg(id)}`, clusterSchema, "getCluster");
  }

  /** the cluster's kubeconfig (text; 400 until the cluster is running) */
  async kubeconfig(org: string, id: string): Promise<string> {
    return (await this.http.request<string>({ method: "GET", path: `/orgs/${seg(org)}/clusters/${seg(id)}/kubeconfig`, operation: "getKubeconfig", expect: [200], text: true })).data;
  }

  async createCluster(org: string, body: Record<string, unknown>, workspace?: string) {
    const path = workspace ? `/orgs/${seg(org)}/workspaces/${seg(workspace)}/clusters` : `/orgs/${seg(org)}/clusters`;
    return (await this.http.request({ method: "POST", path, body, schema: clusterSchema, expect: [200], operation: "createCluster" })).data;
  }

  async upgradeCluster(org: string, id: string, version: string) {
    await this.http.request({ method: "POST", path: `/orgs/${seg(org)}/clusters/${seg(id)}/migrate_version`, body: { version }, expect: [202], operation: "upgradeCluster" });
  }

  /** a repeated DELETE during teardown answers 204 again, so retrying is safe */
  async deleteCluster(org: string, id: string) {
    await this.http.request({ method: "DELETE", path: `/orgs/${seg(org)}/clusters/${seg(id)}`, expect: [204], idempotent: true, operation: "deleteCluster" });
  }

  listNodePools(org: string, cluster: string) {
    return this.get(`/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools`, nodePoolListSchema, "listNodePools");
  }

  getNodePool(org: string, cluster: string, pool: string) {
    return this.get(`/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools/${seg(pool)}`, nodePoolSchema, "getNodePool");
  }

  async createNodePool(org: string, cluster: string, body: Record<string, unknown>) {
    return (await this.http.request({ method: "POST", path: `/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools`, body, schema: nodePoolSchema, expect: [202], operation: "createNodePool" })).data;
  }

  async addNodesToPool(org: string, cluster: string, pool: string, count: number) {
    const body = { node_count: count, node_pool: Number(pool), role: "worker" };
    return (await this.http.request({ method: "POST", path: `/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools/${seg(pool)}/add`, body, schema: nodeListSchema, expect: [201], operation: "addNodesToPool" })).data;
  }

  /** no source states this call's status code; any 2xx is accepted */
  async setAutoscaling(org: string, cluster: string, pool: string, autoscaled: boolean, min?: number | null, max?: number | null) {
    const body = autoscaled ? { autoscaled, min_count: min, max_count: max } : { autoscaled };
    await this.http.request({ method: "POST", path: `/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools/${seg(pool)}`, body, operation: "setAutoscaling" });
  }

  async deleteNodePool(org: string, cluster: string, pool: string) {
    await this.http.request({ method: "DELETE", path: `/orgs/${seg(org)}/clusters/${seg(cluster)}/nodepools/${seg(pool)}`, expect: [204], idempotent: true, operation: "deleteNodePool" });
  }

  listNodes(org: string, cluster: string) {
    return this.get(`/orgs/${seg(org)}/clusters/${seg(cluster)}/nodes`, nodeListSchema, "listNodes");
  }

  async deleteNode(org: string, cluster: string, node: string) {
    await this.http.request({ method: "DELETE", path: `/orgs/${seg(org)}/clusters/${seg(cluster)}/nodes/${seg(node)}`, expect: [204], idempotent: true, operation: "deleteNode" });
  }

  listKeysets(org: string) {
    return this.get(`/orgs/${seg(org)}/keysets`, keysetListSchema, "listKeysets");
  }

  listWorkspaces(org: string) {
    return this.get(`/orgs/${seg(org)}/workspaces`, workspaceListSchema, "listWorkspaces");
  }

  machineSpecs(provider: string) {
    return this.get("/meta/provider-instances", machineSpecsSchema, "machineSpecs", { provider });
  }

  buildLogs(org: string, cluster: string) {
    return this.get(`/orgs/${seg(org)}/clusters/${seg(cluster)}/logs`, buildLogListSchema, "buildLogs");
  }
}
