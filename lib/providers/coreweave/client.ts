import { ProviderHttpClient, type ErrorExtractor, type ProviderRequest } from "../http";
import { ProviderError, type HttpOptions, type ProviderErrorKind } from "../types";
import {
  clusterDeleteSchema,
  clusterEnvelopeSchema,
  clusterListSchema,
  rpcStatusSchema,
  vpcEnvelopeSchema,
  vpcListSchema,
  type CksCluster,
  type CksVpc,
  type CreateClusterRequest,
  type UpdateClusterRequest,
} from "./schemas";

export const PROVIDER = "coreweave";

const GRPC_NAMES: Record<number, string> = {
  1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED", 13: "INTERNAL", 14: "UNAVAILABLE",
  15: "DATA_LOSS", 16: "UNAUTHENTICATED",
};

/**
 * ProviderHttpClient classifies errors by HTTP status only. gRPC's FAILED_PRECONDITION and ABORTED
 * travel as 400/409 and RESOURCE_EXHAUSTED quota failures as 429, so the extractor passes the gRPC
 * code out through this reserved `fields` key and `refine` re-classifies and removes it.
 */
const CODE_KEY = "__grpcCode";
const QUOTA_KEY = "__quota";

/** google.rpc.Status over REST ({"code": 5, ...}) and Connect ({"code": "not_found", ...}). */
export const extractError: ErrorExtractor = (body) => {
  const parsed = rpcStatusSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message, details } = parsed.data;
  const fields: Record<string, string[]> = {};
  for (const d of details ?? []) {
    const type = String(d["@type"] ?? d.type ?? "");
    if (type.endsWith("google.rpc.BadRequest") && Array.isArray(d.fieldViolations)) {
      for (const fv of d.fieldViolations as { field?: unknown; description?: unknown }[]) {
        const field = typeof fv.field === "string" && fv.field ? fv.field : "request";
        (fields[field] ??= []).push(String(fv.description ?? "invalid"));
      }
    }
    if (type.endsWith("google.rpc.QuotaFailure")) fields[QUOTA_KEY] = ["1"];
  }
  const codeName = typeof code === "number" ? GRPC_NAMES[code] : typeof code === "string" ? code.toUpperCase() : undefined;
  if (codeName) fields[CODE_KEY] = [codeName];
  return { message: message || undefined, fields: Object.keys(fields).length ? fields : undefined };
};

function refine(e: unknown): unknown {
  if (!(e instanceof ProviderError) || !e.fields || !(CODE_KEY in e.fields || QUOTA_KEY in e.fields)) return e;
  const { [CODE_KEY]: code, [QUOTA_KEY]: quota, ...rest } = e.fields;
  let kind: ProviderErrorKind = e.kind;
  const name = code?.[0];
  // A busy or failed cluster (FAILED_PRECONDITION) and lost races (ABORTED, ALREADY_EXISTS) are conflicts.
  if (name === "FAILED_PRECONDITION" || name === "ABORTED" || name === "ALREADY_EXISTS") kind = "conflict";
  // A quota failure is not a rate limit: retrying will not help until the quota changes.
  if (quota) kind = "forbidden";
  return new ProviderError({
    kind,
    provider: e.provider,
    status: e.status,
    message: e.message,
    fields: Object.keys(rest).length ? rest : undefined,
    retryAfterMs: quota ? undefined : e.retryAfterMs,
    requestId: e.requestId,
    cause: e.cause,
  });
}

/** Typed calls to the CKS and VPC REST APIs (https://api.coreweave.com). */
export class CoreWeaveClient {
  private readonly http: ProviderHttpClient;

  constructor(init: { baseUrl: string; token: string; http?: Partial<HttpOptions> }) {
    const token = init.token.trim();
    this.http = new ProviderHttpClient({
      provider: PROVIDER,
      baseUrl: init.baseUrl,
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      extractError,
      options: init.http,
    });
  }

  private async call<T>(req: ProviderRequest<T>): Promise<T> {
    try {
      return (await this.http.request(req)).data;
    } catch (e) {
      throw refine(e);
    }
  }

  async listClusters(): Promise<CksCluster[]> {
    const r = await this.call({ method: "GET", path: "/v1beta1/cks/clusters", schema: clusterListSchema, operation: "listClusters" });
    return r.items ?? [];
  }

  async getCluster(id: string): Promise<CksCluster> {
    return (await this.call({ method: "GET", path: `/v1beta1/cks/clusters/${encodeURIComponent(id)}`, schema: clusterEnvelopeSchema, operation: "getCluster" })).cluster;
  }

  /** Never retried: the API has no idempotency key (docs/providers/coreweave.md §7). */
  async createCluster(body: CreateClusterRequest): Promise<CksCluster> {
    return (await this.call({ method: "POST", path: "/v1beta1/cks/clusters", body, schema: clusterEnvelopeSchema, operation: "createCluster", idempotent: false })).cluster;
  }

  async updateCluster(body: UpdateClusterRequest): Promise<CksCluster> {
    return (await this.call({ method: "PATCH", path: `/v1beta1/cks/clusters/${encodeURIComponent(body.id)}`, body, schema: clusterEnvelopeSchema, operation: "updateCluster", idempotent: false }))
      .cluster;
  }

  async deleteCluster(id: string): Promise<CksCluster | undefined> {
    const r = await this.call({ method: "DELETE", path: `/v1beta1/cks/clusters/${encodeURIComponent(id)}`, schema: clusterDeleteSchema, operation: "deleteCluster", idempotent: false });
    return r?.cluster ?? undefined;
  }

  async listVpcs(): Promise<CksVpc[]> {
    const r = await this.call({ method: "GET", path: "/v1beta1/networking/vpcs", schema: vpcListSchema, operation: "listVpcs" });
    return r.items ?? [];
  }

  async getVpc(id: string): Promise<CksVpc> {
    return (await this.call({ method: "GET", path: `/v1beta1/networking/vpcs/${encodeURIComponent(id)}`, schema: vpcEnvelopeSchema, operation: "getVpc" })).vpc;
  }
}
