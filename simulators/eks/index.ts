/**
 * Amazon EKS simulator: one URL serving the EKS REST-JSON API and the Query-protocol services the
 * adapter also calls (EC2, IAM, STS). Every request must carry a valid Signature Version 4; the
 * credential scope names the service and the region (docs/providers/eks.md).
 */
import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimRequest, type SimResponse, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { DEFAULT_REGIONS } from "./catalog";
import { eksRoutes } from "./routes";
import { handleQuery, queryError } from "./query-api";
import { seed } from "./seed";
import { verifySigV4, type SigV4Result } from "./sigv4";
import { EksState } from "./state";
import { eksError } from "./wire";

export const DEFAULT_ACCESS_KEY_ID = "AKIASIMULATOR0EKS001";
export const DEFAULT_SECRET_ACCESS_KEY = "sim/eks/Secret+Key0123456789abcdefghijklmn";

const QUERY_ACTIONS: Record<string, string> = { DescribeSubnets: "ec2", DescribeSecurityGroups: "ec2", ListRoles: "iam", AssumeRole: "sts", GetCallerIdentity: "sts" };

function isForm(req: SimRequest) {
  return req.method === "POST" && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
}

/** SigV4 refusals in each service's own words (docs/providers/eks.md §2) */
function authError(service: string, r: Extract<SigV4Result, { ok: false }>): SimResponse {
  if (service === "eks") {
    const type = r.reason === "missing" ? "MissingAuthenticationTokenException" : r.reason === "unknown_key" || r.reason === "bad_token" ? "UnrecognizedClientException" : r.reason === "expired" ? "ExpiredTokenException" : r.reason === "malformed" ? "IncompleteSignatureException" : "InvalidSignatureException";
    return eksError(type, r.message, {}, r.reason === "malformed" ? 400 : 403);
  }
  if (service === "ec2") {
    if (r.reason === "missing") return queryError("ec2", 403, "MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.");
    if (r.reason === "unknown_key" || r.reason === "bad_token" || r.reason === "expired") return queryError("ec2", 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    return queryError("ec2", 403, "SignatureDoesNotMatch", r.message);
  }
  if (r.reason === "missing") return queryError(service, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  if (r.reason === "unknown_key" || r.reason === "bad_token") return queryError(service, 403, "InvalidClientTokenId", r.message);
  if (r.reason === "expired") return queryError(service, 403, "ExpiredToken", r.message);
  return queryError(service, r.reason === "malformed" ? 400 : 403, r.reason === "malformed" ? "IncompleteSignature" : "SignatureDoesNotMatch", r.message);
}

export function createEksSimulator(opts: SimulatorOptions): SimulatorDefinition & { state: EksState } {
  const creds = { accessKeyId: opts.credentials.accessKeyId ?? DEFAULT_ACCESS_KEY_ID, secretAccessKey: opts.credentials.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY };
  const state = new EksState(opts.clock, new SeededRandom(`${opts.seed}:eks:runtime`));
  const reset = () => seed(state, new SeededRandom(`${opts.seed}:eks`), creds, DEFAULT_REGIONS);
  reset();
  const eks = eksRoutes(state);

  const dispatch = (req: SimRequest): SimResponse => {
    const form = isForm(req) ? new URLSearchParams(req.rawBody) : null;
    const url = `${req.path}${req.query.size ? `?${req.query.toString()}` : ""}`;
    const auth = verifySigV4(req, url, (id) => state.keys.get(id));
    if (form) {
      const service = auth.ok ? auth.service : (auth.service ?? QUERY_ACTIONS[form.get("Action") ?? ""] ?? "sts");
      if (!auth.ok) return authError(service, auth);
      state.advance();
      return handleQuery(state, service, auth.region, form, auth);
    }
    const service = auth.ok ? auth.service : (auth.service ?? "eks");
    if (!auth.ok) return authError(service === "eks" ? "eks" : service, auth);
    if (auth.service !== "eks") return eksError("InvalidSignatureException", `Credential should be scoped to correct service: 'eks'. `, {}, 403);
    const m = eks.match(req.method, req.path);
    if (m === undefined) return eksError("NotFoundException", "Could not find operation for this request path", {}, 404);
    if (m === "method") return eksError("NotFoundException", `Method ${req.method} is not supported for ${req.path}`, {}, 404);
    state.advance();
    return m.handler({ ...req, params: m.params }, auth.region);
  };

  /** Test hooks under /__sim (never part of the AWS APIs). */
  const admin = new Router()
    // {"count": n}: the next n CreateCluster calls end in FAILED
    .post("/fail-next-creates", (req) => {
      const b = (req.body ?? {}) as { count?: number };
      state.failNextCreates = typeof b.count === "number" ? Math.max(0, Math.floor(b.count)) : 1;
      return { status: 200, body: { failNextCreates: state.failNextCreates } };
    });

  return {
    name: "eks",
    // every path is dispatched by service (credential scope / Content-Type) in notFound
    router: new Router(),
    notFound: dispatch,
    methodNotAllowed: dispatch,
    reset,
    state,
    admin,
    injectedResponse: (status, req) => {
      const type = status === 429 ? "ThrottlingException" : status === 503 ? "ServiceUnavailableException" : "ServerException";
      const message = status === 429 ? "Rate exceeded" : status === 503 ? "Service Unavailable" : status === 502 ? "Bad Gateway" : "Internal Server Error";
      if (isForm(req)) {
        const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "sts";
        return queryError(service, status, status === 429 ? "Throttling" : status === 503 ? "ServiceUnavailable" : "InternalError", message);
      }
      return eksError(type, message, {}, status);
    },
    describe: () => {
      state.advance();
      const byStatus: Record<string, number> = {};
      for (const c of state.clusters.values()) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      return { clusters: state.clusters.size, nodegroups: state.nodegroups.size, regions: state.regions, byStatus };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "eks",
  portEnv: "SIM_EKS_PORT",
  defaultPort: 4105,
  credentialsFromEnv: (env) => ({ accessKeyId: env.SIM_EKS_ACCESS_KEY_ID || DEFAULT_ACCESS_KEY_ID, secretAccessKey: env.SIM_EKS_SECRET_ACCESS_KEY || DEFAULT_SECRET_ACCESS_KEY }),
  create: createEksSimulator,
  demoConnections: (url, credentials) => [{ name: "Amazon EKS (simulator)", baseUrl: url, credentials: { ...credentials, regions: DEFAULT_REGIONS.join(",") }, defaultScope: DEFAULT_REGIONS[0] }],
};
