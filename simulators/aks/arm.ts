import { randomUUID } from "node:crypto";
import type { SimResponse } from "@/simulators/kit/server";

/** ARM's error envelope (docs/providers/aks.md §3): {"error": {"code", "message", "target"?, "details"?}} */
export function armError(status: number, code: string, message: string, extra: { target?: string; headers?: Record<string, string> } = {}): SimResponse {
  return {
    status,
    body: { error: { code, message, ...(extra.target ? { target: extra.target } : {}) } },
    headers: { "x-ms-request-id": randomUUID(), "x-ms-correlation-request-id": randomUUID(), ...extra.headers },
  };
}

export const notFoundCluster = (rg: string, name: string) =>
  armError(404, "ResourceNotFound", `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);

export const invalidParameter = (target: string, message: string) => armError(400, "InvalidParameter", message, { target });

/** Bodies for the kit's fault injection, in ARM's envelope. */
export function injectedError(status: number): unknown {
  if (status === 429) return { error: { code: "SubscriptionRequestsThrottled", message: "Number of requests for subscription exceeded the limit. Please try again later." } };
  if (status === 503) return { error: { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please try again later." } };
  if (status === 502) return { error: { code: "BadGateway", message: "The gateway did not receive a response from 'Microsoft.ContainerService' within the specified time period." } };
  return { error: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: timestamp '', subscription id '', tracking id '', request correlation id ''." } };
}
