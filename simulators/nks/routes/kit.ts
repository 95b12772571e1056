import type { Router, SimRequest, SimResponse } from "@/simulators/kit/server";
import { detail, fieldErrors, forbidden, notFound, unauthorized } from "../errors";
import type { SimCluster, SimOrg, SimWorkspace } from "../model";
import type { NksState } from "../state";
import { isObject, notADict } from "../validate";

/** Shared plumbing of the NKS routes (one file per resource in this folder registers on the router). */

export const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
export const noContent = (): SimResponse => ({ status: 204 });
export const busy = (what: string, state: string): SimResponse => detail(409, `${what} is not ready for this operation (state: ${state}); try again once it is running.`);

/**
 * Knox token authentication (StackPoint fork, prefix "Bearer"): case-insensitive prefix; a header
 * with another prefix is ignored, which leaves the request unauthenticated.
 */
export function authenticate(st: NksState, req: SimRequest): number | SimResponse {
  const raw = req.headers.authorization;
  const parts = typeof raw === "string" ? raw.trim().split(/\s+/) : [];
  if (!parts.length || parts[0].toLowerCase() !== "bearer") return unauthorized("Authentication credentials were not provided.");
  if (parts.length === 1) return unauthorized("Invalid token header. No credentials provided.");
  if (parts.length > 2) return unauthorized("Invalid token header. Token string should not contain spaces.");
  const user = st.tokens.get(parts[1]);
  return user === undefined ? unauthorized("Invalid token.") : user;
}

export const pk = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

export interface Ctx {
  req: SimRequest;
  user: number;
  org: SimOrg;
}
export interface ClusterCtx extends Ctx {
  cluster: SimCluster;
}

export interface RouteKit {
  r: Router;
  st: NksState;
  authed: (h: (req: SimRequest, user: number) => SimResponse) => (req: SimRequest) => SimResponse;
  /** org routes: 404 for orgs the user does not belong to, 403 unless they own it (DOCS _basics.md) */
  inOrg: (h: (ctx: Ctx) => SimResponse, ownerOnly?: boolean) => (req: SimRequest) => SimResponse;
  inCluster: (h: (ctx: ClusterCtx) => SimResponse) => (req: SimRequest) => SimResponse;
  withBody: (req: SimRequest, h: (b: Record<string, unknown>) => SimResponse) => SimResponse;
  running: (c: SimCluster) => SimResponse | undefined;
  workspaceIn: (org: SimOrg, id: string) => SimWorkspace | undefined;
}

export function routeKit(r: Router, st: NksState): RouteKit {
  const authed: RouteKit["authed"] = (h) => (req) => {
    st.advance();
    const user = authenticate(st, req);
    return typeof user === "number" ? h(req, user) : user;
  };
  const inOrg: RouteKit["inOrg"] = (h, ownerOnly = true) =>
    authed((req, user) => {
      const org = st.orgs.get(pk(req.params.org) ?? -1);
      const membership = org && st.membership(user, org.pk);
      if (!org || !membership) return notFound();
      if (ownerOnly && membership.role !== "owner") return forbidden();
      return h({ req, user, org });
    });
  const inCluster: RouteKit["inCluster"] = (h) =>
    inOrg((ctx) => {
      const cluster = st.clusters.get(pk(ctx.req.params.id) ?? -1);
      if (!cluster || cluster.org !== ctx.org.pk) return notFound();
      return h({ ...ctx, cluster });
    });
  const withBody: RouteKit["withBody"] = (req, h) => {
    if (isObject(req.body)) return h(req.body);
    return req.rawBody.trim() === "" ? h({}) : fieldErrors(notADict(req.body));
  };
  const running: RouteKit["running"] = (c) => (c.state === "running" ? undefined : busy("Cluster", c.state));
  const workspaceIn: RouteKit["workspaceIn"] = (org, id) => {
    const w = st.workspaces.get(pk(id) ?? -1);
    return w && w.org === org.pk ? w : undefined;
  };
  return { r, st, authed, inOrg, inCluster, withBody, running, workspaceIn };
}
