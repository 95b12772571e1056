/**
 * HTTP surface of the simulator. Every region is a path prefix standing in for its own host:
 *   http://127.0.0.1:PORT/<region lower-case>/api/v1/...   (real: https://<regional host>/api/v1/...)
 * Order of checks on every API route: WAF mode, region, token (401), role (403), resource (404),
 * body (400), state (409 "cluster is busy").
 */
import { randomBytes } from "node:crypto";
import { authorization, Router, type SimRequest, type SimResponse } from "../kit/server";
import { GRPC, ROLES, WAF_PAGE, type Role } from "./config";
import type { RegionState, SimToken } from "./model";
import type { CloudferroState } from "./state";
import { ApiError, errorBody, invalid, ts } from "./wire";
import { isObject } from "./validate";
import { backupsRoutes } from "./routes/backups";
import { cataloguesRoutes } from "./routes/catalogues";
import { clustersRoutes } from "./routes/clusters";
import { nodePoolsRoutes } from "./routes/node-pools";

/** `exp` (seconds) of a structurally valid JWT (header.payload.signature, JSON parts), or null; the signature is not checked */
function jwtExpiry(jwt: string): number | null {
  const parts = jwt.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (!isObject(header) || typeof header.alg !== "string" || !isObject(payload) || typeof payload.exp !== "number") return null;
    return payload.exp;
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Ctx {
  req: SimRequest;
  region: RegionState;
  token: SimToken;
}
type Handler = (ctx: Ctx) => unknown;

/** registers one resource's API routes (./routes/*.ts): `api(method, path, role, handler)` adds the checks every route shares */
export type ResourceRoutes = (api: (method: string, path: string, role: Role, handler: Handler) => void, state: CloudferroState) => void;

export function buildRouter(state: CloudferroState, now: () => number): Router {
  const router = new Router();

  const authenticate = (req: SimRequest, region: RegionState): SimToken => {
    const auth = authorization(req);
    const unauth = (msg: string) => new ApiError(401, GRPC.UNAUTHENTICATED, msg);
    if (!auth || !auth.value) throw unauth("authentication required: send Authorization: Token <api token>");
    // Bearer carries a Keycloak access token (a JWT); an API token is not one
    if (auth.scheme === "bearer") throw unauth("invalid access token: token is not a valid JWT");
    if (auth.scheme !== "token") throw unauth(`unsupported authorization scheme "${auth.scheme}"`);
    const t = state.tokens.get(auth.value.trim());
    if (!t) throw unauth("invalid token");
    if (t.expiresAt !== undefined && t.expiresAt <= now()) throw unauth("token expired");
    if (t.region !== region.name) throw unauth(`token is not valid for region ${region.name}`);
    return t;
  };

  const api = (method: string, path: string, role: Role, handler: Handler) => {
    router.add(method, `/:region/api/v1${path}`, (req): SimResponse => {
      if (state.waf) return { status: 200, text: WAF_PAGE, headers: { "Content-Type": "text/html; charset=utf-8" } };
      try {
        const region = state.region(req.params.region);
        if (!region) throw new ApiError(404, GRPC.NOT_FOUND, `unknown region "${req.params.region}"`);
        const token = authenticate(req, region);
        if (!token.roles.has(role)) throw new ApiError(403, GRPC.PERMISSION_DENIED, `permission denied: token lacks role "${role}"`);
        for (const key of ["id", "pid", "rid"]) {
          const v = req.params[key];
          if (v !== undefined && !UUID.test(v)) throw invalid([{ field: key === "id" ? "cluster_id" : key === "pid" ? "node_pool_id" : "region_id", description: "value must be a valid UUID" }]);
        }
        state.tick(region);
        return { status: 200, body: handler({ req, region, token }) };
      } catch (e) {
        if (e instanceof ApiError) return { status: e.http, body: errorBody(e.code, e.message, e.details) };
        throw e;
      }
    });
  };

  /**
   * POST /api/v1/token: creates an API key for the user of an OIDC login (the CLI's `mkcli auth key create`,
   * mk8s.py create_api_key: Bearer Keycloak access token, no body). The simulator has no Keycloak: it accepts any
   * well-formed, unexpired JWT as that login and answers with the new key (shape chosen: docs/providers/cloudferro.md §17).
   */
  router.add("POST", "/:region/api/v1/token", (req): SimResponse => {
    if (state.waf) return { status: 200, text: WAF_PAGE, headers: { "Content-Type": "text/html; charset=utf-8" } };
    const fail = (e: ApiError): SimResponse => ({ status: e.http, body: errorBody(e.code, e.message, e.details) });
    const region = state.region(req.params.region);
    if (!region) return fail(new ApiError(404, GRPC.NOT_FOUND, `unknown region "${req.params.region}"`));
    const auth = authorization(req);
    const unauth = (msg: string) => fail(new ApiError(401, GRPC.UNAUTHENTICATED, msg));
    if (!auth || !auth.value) return unauth("authentication required: send Authorization: Bearer <OIDC access token>");
    if (auth.scheme !== "bearer") return unauth("creating an API key needs an OIDC login: send Authorization: Bearer <access token>");
    const exp = jwtExpiry(auth.value.trim());
    if (exp === null) return unauth("invalid access token: token is not a valid JWT");
    if (exp * 1000 <= now()) return unauth("access token expired");
    const created = now();
    const t: SimToken = { token: randomBytes(24).toString("hex"), region: region.name, roles: new Set(ROLES), description: "created with POST /token" };
    state.addToken(t);
    return { status: 200, body: { token: t.token, created_at: ts(created), expires_at: null } };
  });

  for (const register of [clustersRoutes, nodePoolsRoutes, cataloguesRoutes, backupsRoutes]) register(api, state);

  // Swagger UI: viewing needs no token
  router.get("/:region/swagger", (req) =>
    state.region(req.params.region)
      ? { status: 200, text: `<!DOCTYPE html><html><head><title>Managed Kubernetes API</title></head><body><div id="swagger-ui">Managed Kubernetes API v1 (${state.region(req.params.region)!.name})</div></body></html>`, headers: { "Content-Type": "text/html; charset=utf-8" } }
      : { status: 404, body: errorBody(GRPC.NOT_FOUND, "Not Found") },
  );
  return router;
}
