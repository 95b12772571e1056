import type { SimResponse } from "@/simulators/kit/server";

/**
 * CKS speaks google.rpc.Status through an HTTP transcoding gateway ([uncertain], docs/providers/coreweave.md §8):
 * `{"code": <numeric gRPC code>, "message": "...", "details": [{"@type": ..., ...}]}`.
 */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const TYPE = "type.googleapis.com/google.rpc.";

export interface FieldViolation {
  field: string;
  description: string;
}

export function rpcError(status: number, code: number, message: string, details: unknown[] = []): SimResponse {
  return { status, body: { code, message, details } };
}

export function invalidArgument(violations: FieldViolation[]): SimResponse {
  const message = `validation error: ${violations.map((v) => `${v.field}: ${v.description}`).join("; ")}`;
  return rpcError(400, GRPC.INVALID_ARGUMENT, message, [{ "@type": `${TYPE}BadRequest`, fieldViolations: violations }]);
}

export function notFound(resourceType: "cluster" | "VPC", id: string): SimResponse {
  const full = resourceType === "cluster" ? "coreweave.cks.v1beta1.Cluster" : "coreweave.networking.v1beta1.VPC";
  return rpcError(404, GRPC.NOT_FOUND, `${resourceType} ${id} not found`, [
    { "@type": `${TYPE}ResourceInfo`, resourceType: full, resourceName: id, description: `${resourceType} ${id} not found` },
  ]);
}

export function alreadyExists(resourceType: "cluster" | "VPC", name: string): SimResponse {
  const full = resourceType === "cluster" ? "coreweave.cks.v1beta1.Cluster" : "coreweave.networking.v1beta1.VPC";
  return rpcError(409, GRPC.ALREADY_EXISTS, `${resourceType} with name "${name}" already exists`, [
    { "@type": `${TYPE}ResourceInfo`, resourceType: full, resourceName: name, description: "a resource with this name already exists" },
  ]);
}

export function failedPrecondition(type: string, description: string): SimResponse {
  // gRPC FAILED_PRECONDITION maps to HTTP 400 in both grpc-gateway and Connect.
  return rpcError(400, GRPC.FAILED_PRECONDITION, description, [{ "@type": `${TYPE}PreconditionFailure`, violations: [{ type, subject: "", description }] }]);
}

export function quotaExceeded(subject: string, description: string): SimResponse {
  return rpcError(429, GRPC.RESOURCE_EXHAUSTED, description, [{ "@type": `${TYPE}QuotaFailure`, violations: [{ subject, description }] }]);
}

export function unauthenticated(message: string): SimResponse {
  return rpcError(401, GRPC.UNAUTHENTICATED, message);
}

export function permissionDenied(message: string): SimResponse {
  return rpcError(403, GRPC.PERMISSION_DENIED, message);
}

/** Bodies for the kit's fault injection, in the same google.rpc.Status form. */
export function injectedError(status: number): unknown {
  if (status === 429) return { code: GRPC.RESOURCE_EXHAUSTED, message: "rate limit exceeded, retry later", details: [] };
  if (status === 503 || status === 502) return { code: GRPC.UNAVAILABLE, message: status === 502 ? "upstream connect error" : "service unavailable", details: [] };
  if (status === 504) return { code: GRPC.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] };
  return { code: GRPC.INTERNAL, message: "internal error", details: [] };
}
