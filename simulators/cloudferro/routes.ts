/**
 * HTTP surface of the simulator. Every region is a path prefix standing in for its own host:
 *   http://127.0.0.1:PORT/<region lower-case>/api/v1/...   (real: https://<regional host>/api/v1/...)
 * Order of checks on every API route: WAF mode, region, token (401), role (403), resource (404),
 * body (400), state (409 "cluster is busy").
 */
import { randomBytes } from "node:crypto";
import { authorization, Router, type SimRequest, type SimResponse } from "../kit/server";
import { GRPC, READ_ONLY_ROLES, ROLES, WAF_PAGE, type Role } from "./config";
import type { RegionState, SimToken } from "./model";
import { isRegionName, isRole, type CloudferroState } from "./state";
import { ApiError, clusterJson, errorBody, invalid, items, kubeconfigYaml, poolJson, regionJson, specJson, ts, versionJson } from "./wire";
import { isObject } from "./validate";

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

  const q = (req: SimRequest, name: string) => req.query.get(name);
  const loose = (value: string, filter: string | null) => !filter || value.toLowerCase().includes(filter.toLowerCase());

  // clusters
  api("GET", "/cluster", "cluster.list", ({ req, region }) =>
    items(state.listClusters(region, { region: q(req, "region"), orderBy: q(req, "orderBy") }).map((c) => clusterJson(c, region, false))),
  );
  api("POST", "/cluster", "cluster.create", ({ req, region }) => clusterJson(state.createCluster(region, req.body), region, false));
  api("GET", "/cluster/:id", "cluster.get", ({ req, region }) => {
    const extra = (q(req, "extra_fields") ?? "").split(",").map((s) => s.trim());
    return clusterJson(state.getCluster(region, req.params.id), region, extra.includes("errors"));
  });
  api("PUT", "/cluster/:id", "cluster.update", ({ req, region }) => clusterJson(state.updateCluster(region, req.params.id, req.body), region, false));
  // the transcoded DeleteCluster answers google.protobuf.Empty [assume]
  api("DELETE", "/cluster/:id", "cluster.delete", ({ req, region }) => (state.deleteCluster(region, req.params.id), {}));
  api("GET", "/cluster/:id/files", "cluster.kubeconfig", ({ req, region }) => ({ kubeconfig: kubeconfigYaml(state.kubeconfigCluster(region, req.params.id)) }));
  // response shape unknown [assume]: the new files object
  api("POST", "/cluster/:id/refresh-kubeconfig", "cluster.kubeconfig", ({ req, region }) => ({ kubeconfig: kubeconfigYaml(state.refreshKubeconfig(region, req.params.id)) }));
  api("GET", "/cluster/:id/resource-counts", "cluster.resource_counts", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    return { counts: c.status === "Creating" ? {} : { ...c.counts } };
  });

  // node pools
  api("GET", "/cluster/:id/node-pool", "node_pool.list", ({ req, region }) => items(state.getCluster(region, req.params.id).pools.map((p) => poolJson(p, region))));
  api("POST", "/cluster/:id/node-pool", "node_pool.create", ({ req, region }) => poolJson(state.createPool(region, req.params.id, req.body), region));
  api("GET", "/cluster/:id/node-pool/:pid", "node_pool.get", ({ req, region }) => poolJson(state.getPool(region, req.params.id, req.params.pid).p, region));
  api("PUT", "/cluster/:id/node-pool/:pid", "node_pool.update", ({ req, region }) => poolJson(state.updatePool(region, req.params.id, req.params.pid, req.body), region));
  api("DELETE", "/cluster/:id/node-pool/:pid", "node_pool.delete", ({ req, region }) => (state.deletePool(region, req.params.id, req.params.pid), {}));

  // catalogues: `name` / `version` filters match loosely (substring), as the Terraform provider had to work around
  api("GET", "/kubernetes-version", "kubernetes_version.list", ({ req, region }) => {
    const active = q(req, "is_active");
    return items(
      region.versions
        .filter((v) => loose(v.version, q(req, "version")) && (active === null || String(v.isActive) === active) && loose(region.name, q(req, "region")))
        .map(versionJson),
    );
  });
  // one-region hosts still answer /region with their single region [assume]
  api("GET", "/region", "region.list", ({ req, region }) => items(loose(region.name, q(req, "name")) ? [regionJson(region)] : []));
  api("GET", "/region/:rid/machine-spec", "machine_spec.list", ({ req, region }) => {
    if (req.params.rid !== region.regionId) throw new ApiError(404, GRPC.NOT_FOUND, `region ${req.params.rid} not found`);
    return items(region.specs.filter((s) => loose(s.name, q(req, "name"))).map((s) => specJson(s, region)));
  });
  // [assume] the region-less list docs/providers/cloudferro.md proposes (mirrors the gRPC List with name/region filters)
  api("GET", "/machine-spec", "machine_spec.list", ({ req, region }) =>
    items(loose(region.name, q(req, "region")) ? region.specs.filter((s) => loose(s.name, q(req, "name"))).map((s) => specJson(s, region)) : []),
  );

  // backups (out of the dashboard's scope; kept so the documented routes exist)
  api("GET", "/cluster/:id/backup", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    return items(c.backups.map((b) => backupJson(b, c.id)));
  });
  api("GET", "/cluster/:id/backup/:bid", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    const b = c.backups.find((x) => x.id === req.params.bid);
    if (!b) throw new ApiError(404, GRPC.NOT_FOUND, `backup ${req.params.bid} not found`);
    return backupJson(b, c.id);
  });
  api("PUT", "/cluster/:id/backup", "backup.manage", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    const b = req.body;
    if (!isObject(b) || typeof b.enabled !== "boolean") throw invalid([{ field: "enabled", description: "value is required" }]);
    const str = (k: string, d = "") => (typeof b[k] === "string" ? (b[k] as string) : d);
    c.backupConfig = {
      enabled: b.enabled,
      schedule: str("schedule", "0 1 * * * *"),
      ttl: str("ttl", "172800s"),
      storage_endpoint: str("storage_endpoint"),
      storage_access_key: str("storage_access_key"),
      storage_secret_key: str("storage_secret_key"),
      storage_bucket: str("storage_bucket"),
      should_backup_volumes: b.should_backup_volumes === true,
    };
    return { ...c.backupConfig, storage_secret_key: "" };
  });

  // Swagger UI: viewing needs no token
  router.get("/:region/swagger", (req) =>
    state.region(req.params.region)
      ? { status: 200, text: `<!DOCTYPE html><html><head><title>Managed Kubernetes API</title></head><body><div id="swagger-ui">Managed Kubernetes API v1 (${state.region(req.params.region)!.name})</div></body></html>`, headers: { "Content-Type": "text/html; charset=utf-8" } }
      : { status: 404, body: errorBody(GRPC.NOT_FOUND, "Not Found") },
  );
  return router;
}

function backupJson(b: { id: string; name: string; description: string; status: string; size: number; createdAt: number }, clusterId: string) {
  return { id: b.id, name: b.name, description: b.description, status: b.status, size: String(b.size), cluster_id: clusterId, created_at: ts(b.createdAt), updated_at: ts(b.createdAt) };
}

/** Admin routes under /__sim: tokens with role sets, WAF mode, failure injection. */
export function buildAdminRouter(state: CloudferroState, now: () => number): Router {
  const admin = new Router();
  const bad = (error: string): SimResponse => ({ status: 400, body: { error } });
  const tokenJson = (t: SimToken) => ({ token: t.token, region: t.region, roles: [...t.roles], expires_at: t.expiresAt ? new Date(t.expiresAt).toISOString() : null, description: t.description ?? "" });

  admin.get("/roles", () => ({ status: 200, body: { roles: ROLES, read_only: READ_ONLY_ROLES } }));
  admin.get("/tokens", () => ({ status: 200, body: { items: [...state.tokens.values()].map(tokenJson) } }));
  /** body: {token, region, roles: string[] | "all" | "read-only", expires_at?: ISO | expires_in_ms?: number} */
  admin.post("/tokens", (req) => {
    const b = req.body;
    if (!isObject(b) || typeof b.token !== "string" || b.token.length < 8) return bad("token (at least 8 characters) is required");
    if (typeof b.region !== "string" || !isRegionName(b.region)) return bad("region must be one of the simulated regions");
    let roles: Role[];
    if (b.roles === undefined || b.roles === "all") roles = [...ROLES];
    else if (b.roles === "read-only") roles = [...READ_ONLY_ROLES];
    else if (Array.isArray(b.roles) && b.roles.every((r) => typeof r === "string" && isRole(r))) roles = b.roles as Role[];
    else return bad(`roles must be "all", "read-only" or a list of ${ROLES.join(", ")}`);
    let expiresAt: number | undefined;
    if (typeof b.expires_at === "string") expiresAt = Date.parse(b.expires_at);
    if (typeof b.expires_in_ms === "number") expiresAt = now() + b.expires_in_ms;
    if (expiresAt !== undefined && Number.isNaN(expiresAt)) return bad("expires_at is not a date");
    const t: SimToken = { token: b.token, region: b.region, roles: new Set(roles), expiresAt, description: typeof b.description === "string" ? b.description : undefined };
    state.addToken(t);
    return { status: 201, body: tokenJson(t) };
  });
  admin.delete("/tokens/:token", (req) => (state.tokens.delete(req.params.token) ? { status: 204 } : { status: 404, body: { error: "unknown token" } }));
  admin.put("/waf", (req) => {
    state.waf = isObject(req.body) && req.body.enabled === true;
    return { status: 200, body: { enabled: state.waf } };
  });
  admin.post("/fail", (req) => {
    const b = req.body;
    if (!isObject(b) || typeof b.cluster_id !== "string") return bad("cluster_id is required");
    const msg = typeof b.message === "string" && b.message ? b.message : "simulated failure";
    return state.failCluster(b.cluster_id, msg) ? { status: 200, body: { cluster_id: b.cluster_id, message: msg } } : { status: 404, body: { error: "unknown cluster" } };
  });
  return admin;
}
