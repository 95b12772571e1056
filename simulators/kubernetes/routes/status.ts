/** metav1.Status errors and the bearer-token check. */
import { authorization, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import type { KubernetesSimState, TokenAccess } from "../state";

/** metav1.Status as the API server writes it */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): SimResponse {
  return { status: code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code } };
}

export const unauthorized = () => status(401, "Unauthorized", "Unauthorized");

export function forbidden(user: string, resource: string): SimResponse {
  return status(403, "Forbidden", `${resource} is forbidden: User "${user}" cannot list resource "${resource}" in API group "" at the cluster scope`, { kind: resource });
}

export function injectedStatus(code: number): unknown {
  const [reason, message] =
    code === 429 ? ["TooManyRequests", "Too many requests, please try again later."] : code === 503 ? ["ServiceUnavailable", "the server is currently unable to handle the request"] : code === 502 ? ["InternalError", "Bad Gateway"] : ["InternalError", "Internal error occurred: etcdserver: request timed out"];
  return status(code, reason, message, code === 429 ? { retryAfterSeconds: 1 } : undefined).body;
}

export function userOf(req: SimRequest, state: KubernetesSimState): { user: string; access: TokenAccess } | null {
  const a = authorization(req);
  if (!a) return null;
  if (a.scheme === "bearer") {
    const access = state.tokens.get(a.value);
    if (!access || access === "expired") return null;
    return { user: `system:serviceaccount:kube-system:clusterdeck-${access}`, access };
  }
  if (a.scheme === "basic") {
    const pair = Buffer.from(a.value, "base64").toString("utf8");
    if (state.basic.has(pair)) return { user: pair.split(":")[0], access: "full" };
  }
  return null;
}
