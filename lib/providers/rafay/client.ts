/**
 * Typed client of the Rafay controller's v3 API (docs/providers/rafay.md §3), on top of ProviderHttpClient.
 * Works unchanged against a real controller: only the base URL and the key differ.
 */
import type { z } from "zod";
import { ProviderHttpClient, type ErrorExtractor } from "../http";
import type { ConnectionConfig } from "../types";
import {
  apiErrorSchema,
  blueprintSchema,
  clusterSchema,
  kubernetesVersionsSchema,
  listSchema,
  projectSchema,
  v1ErrorSchema,
  v2ErrorSchema,
  type RafayBlueprint,
  type RafayCluster,
  type RafayKubernetesVersions,
  type RafayProject,
} from "./schemas";

export const SYSTEM_V3 = "/apis/system.k8smgmt.io/v3";
export const INFRA_V3 = "/apis/infra.k8smgmt.io/v3";

/**
 * [uncertain] The supported-versions API is only known through Terraform's typed client
 * (`InfraV3().Cluster().ExtApi().KubernetesVersions`); its HTTP path is an assumption kept here
 * and nowhere else (docs/providers/rafay.md §6.6).
 */
export function kubernetesVersionsPath(project: string, cluster?: string): string {
  const base = `${INFRA_V3}/projects/${encodeURIComponent(project)}/clusters`;
  return cluster ? `${base}/${encodeURIComponent(cluster)}/kubernetesversions` : `${base}/kubernetesversions`;
}

/**
 * The header value for a key + secret (docs/providers/rafay.md §2.2): a two-part `ra2.<id>` key id with its secret
 * is sent as the dotted token `ra2.<id>.<secret>`; a complete token or a legacy bare key is sent
 * as given (the secret is then not needed: no client signs requests).
 */
export function apiKeyHeaderValue(credentials: Record<string, string>): string {
  const key = (credentials.apiKey ?? "").trim();
  const secret = (credentials.apiSecret ?? "").trim();
  if (/^ra2\.[0-9a-f]+$/i.test(key) && secret) return `${key}.${secret}`;
  return key;
}

/** v3 APIError, v1 details[], v2 {error}; `internal` is only used when nothing else is there */
export const extractRafayError: ErrorExtractor = (body) => {
  const v3 = apiErrorSchema.safeParse(body);
  if (v3.success && (v3.data.external || v3.data.internal)) return { message: v3.data.external || v3.data.internal || undefined };
  const v1 = v1ErrorSchema.safeParse(body);
  if (v1.success && v1.data.details.length) {
    const message = v1.data.details.map((d) => [d.error_code, d.detail].filter(Boolean).join(": ")).join("; ");
    return { message };
  }
  const v2 = v2ErrorSchema.safeParse(body);
  if (v2.success) return { message: typeof v2.data.error === "string" ? v2.data.error : (v2.data.error.message ?? undefined) };
  return undefined;
};

export interface RafayClientOptions {
  /** page size for v3 lists (the controller's default is not documented) */
  pageSize?: number;
}

const clusterListSchema = listSchema(clusterSchema);
const projectListSchema = listSchema(projectSchema);
const blueprintListSchema = listSchema(blueprintSchema);
const MAX_PAGES = 200;

export class RafayClient {
  readonly http: ProviderHttpClient;
  private readonly pageSize: number;

  constructor(config: ConnectionConfig, opts: RafayClientOptions = {}) {
    const key = apiKeyHeaderValue(config.credentials);
    this.pageSize = opts.pageSize ?? 100;
    this.http = new ProviderHttpClient({
      provider: "rafay",
      baseUrl: config.baseUrl,
      // X-API-KEY is the v3 header; X-RAFAY-API-KEYID the v1/v2 one. Sending both is what
      // multi-generation clients do (docs/providers/rafay.md §2.1).
      authHeaders: () => ({ "X-API-KEY": key, "X-RAFAY-API-KEYID": key }),
      extractError: extractRafayError,
      options: config.http,
    });
  }

  /** pages a v3 list by limit/offset until `metadata.count` items were read */
  private async listAll<T>(path: string, schema: z.ZodType<{ items?: T[] | null; metadata?: { count?: number | null } | null }>, operation: string): Promise<T[]> {
    const out: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data } = await this.http.request({ method: "GET", path, query: { limit: this.pageSize, offset: out.length }, schema, operation });
      const items = data.items ?? [];
      out.push(...items);
      const count = data.metadata?.count;
      if (!items.length || count === undefined || count === null || out.length >= count) break;
    }
    return out;
  }

  listProjects(): Promise<RafayProject[]> {
    return this.listAll(`${SYSTEM_V3}/projects`, projectListSchema, "listProjects");
  }

  async getProject(name: string): Promise<RafayProject> {
    return (await this.http.request({ method: "GET", path: `${SYSTEM_V3}/projects/${encodeURIComponent(name)}`, schema: projectSchema, operation: "getProject" })).data;
  }

  listClusters(project: string): Promise<RafayCluster[]> {
    return this.listAll(`${INFRA_V3}/projects/${encodeURIComponent(project)}/clusters`, clusterListSchema, "listClusters");
  }

  /** reads `.../status`, the sub-resource Rafay's own tooling polls for progress */
  async getCluster(project: string, name: string): Promise<RafayCluster> {
    const path = `${INFRA_V3}/projects/${encodeURIComponent(project)}/clusters/${encodeURIComponent(name)}/status`;
    return (await this.http.request({ method: "GET", path, schema: clusterSchema, operation: "getCluster" })).data;
  }

  /** apply (create-or-update); `failOnExists` turns it into create-only */
  async applyCluster(project: string, body: Record<string, unknown>, opts: { failOnExists?: boolean; operation?: string } = {}): Promise<RafayCluster> {
    const { data } = await this.http.request({
      method: "POST",
      path: `${INFRA_V3}/projects/${encodeURIComponent(project)}/clusters`,
      query: opts.failOnExists ? { "fail-on-exists": "true" } : undefined,
      body,
      schema: clusterSchema,
      operation: opts.operation ?? "applyCluster",
    });
    return data;
  }

  async deleteCluster(project: string, name: string): Promise<void> {
    await this.http.request({
      method: "DELETE",
      path: `${INFRA_V3}/projects/${encodeURIComponent(project)}/clusters/${encodeURIComponent(name)}`,
      idempotent: true,
      operation: "deleteCluster",
    });
  }

  listBlueprints(project: string): Promise<RafayBlueprint[]> {
    return this.listAll(`${INFRA_V3}/projects/${encodeURIComponent(project)}/blueprints`, blueprintListSchema, "listBlueprints");
  }

  async getBlueprint(project: string, name: string): Promise<RafayBlueprint> {
    const path = `${INFRA_V3}/projects/${encodeURIComponent(project)}/blueprints/${encodeURIComponent(name)}`;
    return (await this.http.request({ method: "GET", path, schema: blueprintSchema, operation: "getBlueprint" })).data;
  }

  async kubernetesVersions(project: string, opts: { clusterType?: string; includeDeprecated?: boolean; cluster?: string } = {}): Promise<RafayKubernetesVersions> {
    const { data } = await this.http.request({
      method: "POST",
      path: kubernetesVersionsPath(project, opts.cluster),
      body: { cluster_type: opts.clusterType ?? "mks", include_deprecated_versions: opts.includeDeprecated ?? false },
      schema: kubernetesVersionsSchema,
      // a read despite the POST
      idempotent: true,
      operation: "listVersions",
    });
    return data;
  }
}
