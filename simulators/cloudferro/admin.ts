import { Router, type SimResponse } from "../kit/server";
import { READ_ONLY_ROLES, ROLES, type Role } from "./config";
import type { SimToken } from "./model";
import { isRegionName, isRole, type CloudferroState } from "./state";
import { isObject } from "./validate";

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
