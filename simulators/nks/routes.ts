import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { PROVIDERS, SOLUTIONS } from "./catalog";
import { detail, fieldErrors, forbidden, notFound, parseErrorMessage, unauthorized } from "./errors";
import { addNodes, createCluster, createPool, deleteNode, deletePool, startDelete, startUpgrade } from "./lifecycle";
import type { SimCluster, SimOrg, SimPool } from "./model";
import { isoMicro, type NksState } from "./state";
import { isObject, notADict, stringField, validateAddNode, validateAddToPool, validateAutoscale, validateClusterCreate, validatePoolCreate, type FieldErrors } from "./validate";
import { clusterFull, clusterSummary, keysetView, kubeconfigText, machineSpecsView, nodeView, orgView, poolView, profileView, solutionView, workspaceView } from "./views";

const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
const noContent = (): SimResponse => ({ status: 204 });
const busy = (what: string, state: string): SimResponse => detail(409, `${what} is not ready for this operation (state: ${state}); try again once it is running.`);

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

const pk = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

interface Ctx {
  req: SimRequest;
  user: number;
  org: SimOrg;
}
interface ClusterCtx extends Ctx {
  cluster: SimCluster;
}

export function buildRouter(st: NksState): { router: Router; authFirst: (req: SimRequest, then: () => SimResponse) => SimResponse } {
  const r = new Router();

  const authed = (h: (req: SimRequest, user: number) => SimResponse) => (req: SimRequest) => {
    st.advance();
    const user = authenticate(st, req);
    return typeof user === "number" ? h(req, user) : user;
  };

  /** org routes: 404 for orgs the user does not belong to, 403 unless they own it (DOCS _basics.md) */
  const inOrg = (h: (ctx: Ctx) => SimResponse, ownerOnly = true) =>
    authed((req, user) => {
      const org = st.orgs.get(pk(req.params.org) ?? -1);
      const membership = org && st.membership(user, org.pk);
      if (!org || !membership) return notFound();
      if (ownerOnly && membership.role !== "owner") return forbidden();
      return h({ req, user, org });
    });

  const inCluster = (h: (ctx: ClusterCtx) => SimResponse) =>
    inOrg((ctx) => {
      const cluster = st.clusters.get(pk(ctx.req.params.id) ?? -1);
      if (!cluster || cluster.org !== ctx.org.pk) return notFound();
      return h({ ...ctx, cluster });
    });

  const withBody = (req: SimRequest, h: (b: Record<string, unknown>) => SimResponse): SimResponse => {
    if (isObject(req.body)) return h(req.body);
    return req.rawBody.trim() === "" ? h({}) : fieldErrors(notADict(req.body));
  };
  const running = (c: SimCluster): SimResponse | undefined => (c.state === "running" ? undefined : busy("Cluster", c.state));

  // ---- user ----
  r.get("/rest-auth/user", authed((_req, user) => ok(profileView(st, user))));
  r.get("/userprofile", authed((_req, user) => ok([profileView(st, user)])));
  r.get("/userprofile/:username", authed((req, user) => (st.users.get(user)!.username === req.params.username ? ok(profileView(st, user)) : notFound())));
  r.patch("/userprofile/:username", authed((req, user) => {
    const u = st.users.get(user)!;
    if (u.username !== req.params.username) return notFound();
    return withBody(req, (b) => {
      for (const f of ["email", "first_name", "last_name"] as const) if (typeof b[f] === "string") u[f] = b[f] as string;
      if (typeof b.full_name === "string") [u.first_name, u.last_name] = [b.full_name.split(" ")[0], b.full_name.split(" ").slice(1).join(" ")];
      return ok(profileView(st, user));
    });
  }));

  // ---- orgs ----
  const myOrgs = (user: number) => st.memberships.filter((m) => m.user === user).map((m) => st.orgs.get(m.org)!);
  r.get("/orgs", authed((_req, user) => ok(myOrgs(user).map(orgView))));
  // [uncertain] status: DRF create views answer 201; DOCS shows the body as every org of the user, newest first
  r.post("/orgs", authed((req, user) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      const at = st.now();
      const org: SimOrg = { pk: st.nextId("org", 100), name: name.ok, slug: name.ok.toLowerCase().replace(/[^a-z0-9]+/g, "-"), logo: null, enable_experimental_features: false, created: isoMicro(at), updated: isoMicro(at) };
      st.orgs.set(org.pk, org);
      st.memberships.push({ pk: st.nextId("membership", 301), user, org: org.pk, role: "owner", is_default: false, created: org.created });
      const ws = st.nextId("workspace", 52);
      st.workspaces.set(ws, { pk: ws, name: "Default", slug: "default", org: org.pk, is_default: true, is_pinned: false, created: org.created });
      return ok([org, ...myOrgs(user).filter((o) => o.pk !== org.pk)].map(orgView), 201);
    })));
  r.get("/orgs/:org", inOrg((c) => ok(orgView(c.org)), false));
  r.patch("/orgs/:org", inOrg(({ req, org }) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      org.name = name.ok;
      org.updated = isoMicro(st.now());
      return ok(orgView(org));
    })));

  // ---- meta ----
  r.get("/meta/provider-instances", authed((req) => {
    const provider = req.query.get("provider") ?? "";
    if (!provider) return fieldErrors({ provider: ["This field is required."] });
    if (!PROVIDERS[provider]) return fieldErrors({ provider: [`"${provider}" is not a valid choice.`] });
    return ok(machineSpecsView(provider));
  }));
  // [uncertain] shape: only the SDK's type name is known; a minimal NetApp HCI entry
  r.get("/meta/on-premises-config", authed((req) => {
    const version = req.query.get("version") ?? "v1.36";
    return ok([{ name: "NetApp HCI", provider: "hci", k8s_version: version, platforms: ["ubuntu"], channels: ["18.04-lts"], sizes: ["hci.small", "hci.medium", "hci.large"] }]);
  }));
  // pass-through to the cloud's own API; nothing to pass through to here [uncertain shape] → empty list
  r.get("/provider/:provider/keyset/:keyset/proxy", authed((req, user) => {
    const ks = st.keysets.get(pk(req.params.keyset) ?? -1);
    if (!ks || !st.membership(user, ks.org) || ks.entity !== req.params.provider) return notFound();
    return ok([]);
  }));

  // ---- workspaces ----
  r.get("/orgs/:org/workspaces", inOrg(({ org }) => ok([...st.workspaces.values()].filter((w) => w.org === org.pk).map((w) => workspaceView(st, w)))));
  r.post("/orgs/:org/workspaces", inOrg(({ req, org }) =>
    withBody(req, (b) => {
      const name = stringField(b, "name");
      if ("errors" in name) return fieldErrors(name.errors);
      if ([...st.workspaces.values()].some((w) => w.org === org.pk && w.name === name.ok)) return fieldErrors({ name: ["A workspace with this name already exists."] });
      const w = { pk: st.nextId("workspace", 52), name: name.ok, slug: name.ok.toLowerCase().replace(/[^a-z0-9]+/g, "-"), org: org.pk, is_default: false, is_pinned: false, created: isoMicro(st.now()) };
      st.workspaces.set(w.pk, w);
      const { clusters: _c, federations: _f, user_solutions: _u, ...created } = workspaceView(st, w);
      return ok(created, 201);
    })));
  const workspaceIn = (org: SimOrg, id: string) => {
    const w = st.workspaces.get(pk(id) ?? -1);
    return w && w.org === org.pk ? w : undefined;
  };
  r.get("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    return w ? ok(workspaceView(st, w)) : notFound();
  }));
  r.patch("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    return withBody(req, (b) => {
      if (typeof b.name === "string" && b.name) w.name = b.name;
      if (typeof b.is_pinned === "boolean") w.is_pinned = b.is_pinned;
      return ok(workspaceView(st, w));
    });
  }));
  r.delete("/orgs/:org/workspaces/:ws", inOrg(({ req, org }) => {
    const w = workspaceIn(org, req.params.ws);
    if (!w) return notFound();
    if (w.is_default) return detail(400, "The default workspace can't be deleted.");
    if ([...st.clusters.values()].some((c) => c.workspace === w.pk)) return detail(400, "Workspace still holds clusters; move or delete them first.");
    st.workspaces.delete(w.pk);
    return noContent();
  }));

  // ---- keysets ----
  r.get("/orgs/:org/keysets", inOrg(({ org }) => ok([...st.keysets.values()].filter((k) => k.org === org.pk).map(keysetView))));
  r.post("/orgs/:org/keysets", inOrg(({ req, org, user }) =>
    withBody(req, (b) => {
      const errors: FieldErrors = {};
      const name = typeof b.name === "string" && b.name ? b.name : undefined;
      if (!name) errors.name = ["This field is required."];
      const category = typeof b.category === "string" ? b.category : undefined;
      if (!category) errors.category = ["This field is required."];
      else if (!["provider", "solution", "storage", "vcs", "user_ssh"].includes(category)) errors.category = [`"${category}" is not a valid choice.`];
      const entity = typeof b.entity === "string" ? b.entity : "";
      const keys = Array.isArray(b.keys) ? b.keys : [];
      if (!keys.length) errors.keys = ["This field is required."];
      for (const k of keys) {
        const key = isObject(k) ? k.key : undefined;
        if (!isObject(k) || typeof k.key_type !== "string" || typeof key !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
          errors.keys = ["Each key needs key_type and a base64-encoded key."];
          break;
        }
      }
      if (name && [...st.keysets.values()].some((k) => k.org === org.pk && k.name === name && k.category === category && k.entity === entity)) errors.name = ["A keyset with this name already exists."];
      if (Object.keys(errors).length) return fieldErrors(errors);
      const ksPk = st.nextId("keyset", 12);
      const ks = {
        pk: ksPk, name: name!, category: category!, entity, org: org.pk, workspaces: Array.isArray(b.workspaces) ? (b.workspaces as number[]) : [], user, is_default: b.is_default === true,
        keys: keys.map((k) => ({ pk: st.nextId("key", 30), keyset: ksPk, key_type: String((k as Record<string, unknown>).key_type), fingerprint: "", user })), created: isoMicro(st.now()),
      };
      st.keysets.set(ks.pk, ks);
      return ok(keysetView(ks), 201);
    })));
  const keysetIn = (org: SimOrg, id: string) => {
    const k = st.keysets.get(pk(id) ?? -1);
    return k && k.org === org.pk ? k : undefined;
  };
  r.get("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    return k ? ok(keysetView(k)) : notFound();
  }));
  r.patch("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    if (!k) return notFound();
    return withBody(req, (b) => {
      if (typeof b.name === "string" && b.name) k.name = b.name;
      if (typeof b.is_default === "boolean") k.is_default = b.is_default;
      return ok(keysetView(k));
    });
  }));
  r.delete("/orgs/:org/keysets/:ks", inOrg(({ req, org }) => {
    const k = keysetIn(org, req.params.ks);
    if (!k) return notFound();
    st.keysets.delete(k.pk);
    return noContent();
  }));

  // ---- clusters ----
  r.get("/orgs/:org/clusters", inOrg(({ req, org }) => {
    const withService = req.query.get("include_service_clusters") === "true";
    const list = [...st.clusters.values()].filter((c) => c.org === org.pk && (withService || !c.is_service_cluster)).sort((a, b) => a.pk - b.pk);
    return ok(list.map((c) => clusterSummary(st, c)));
  }));
  const create = (ctx: Ctx, workspace: number) =>
    withBody(ctx.req, (b) => {
      const v = validateClusterCreate(st, ctx.org.pk, workspace, st.users.get(ctx.user)!, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const fail = st.failNextCreates > 0;
      if (fail) st.failNextCreates--;
      return ok(clusterFull(st, createCluster(st, v.ok, st.now(), fail)));
    });
  r.post("/orgs/:org/clusters", inOrg((ctx) => create(ctx, [...st.workspaces.values()].find((w) => w.org === ctx.org.pk && w.is_default)!.pk)));
  r.post("/orgs/:org/workspaces/:ws/clusters", inOrg((ctx) => {
    const w = workspaceIn(ctx.org, ctx.req.params.ws);
    return w ? create(ctx, w.pk) : notFound();
  }));
  r.get("/orgs/:org/clusters/:id", inCluster(({ cluster }) => ok(clusterFull(st, cluster))));
  r.delete("/orgs/:org/clusters/:id", inCluster(({ cluster }) => {
    // a second DELETE while tearing down is a no-op [uncertain]
    if (cluster.state !== "deleting") startDelete(st, cluster, st.now());
    return noContent();
  }));
  r.get("/orgs/:org/clusters/:id/force_delete", inCluster(({ cluster }) => {
    st.purgeCluster(cluster.pk);
    return noContent();
  }));
  r.post("/orgs/:org/clusters/:id/migrate_version", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const version = stringField(b, "version");
      if ("errors" in version) return fieldErrors(version.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const offered = clusterSummary(st, cluster).version_migrations;
      if (!offered.includes(version.ok)) return fieldErrors({ version: [`"${version.ok}" is not a valid choice.`] });
      startUpgrade(st, cluster, version.ok, st.now());
      return ok(clusterFull(st, cluster), 202);
    })));
  // [uncertain] before the kubeconfig exists: 400 with a detail
  r.get("/orgs/:org/clusters/:id/kubeconfig", inCluster(({ cluster }) =>
    cluster.is_kubeconfig_available && cluster.state !== "deleting" ? { status: 200, text: kubeconfigText(cluster), headers: { "Content-Type": "application/octet-stream" } } : detail(400, "Kubeconfig is not available until the cluster is running.")));
  r.get("/orgs/:org/clusters/:id/logs", inCluster(({ cluster }) =>
    ok(st.logs.filter((l) => l.cluster === cluster.pk).sort((a, b) => (a.created === b.created ? b.pk - a.pk : a.created < b.created ? 1 : -1)))));
  r.post("/orgs/:org/clusters/:id/buildlogs", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const errors: FieldErrors = {};
      for (const f of ["event_category", "event_type", "event_state", "message"]) if (typeof b[f] !== "string" || !b[f]) errors[f] = ["This field is required."];
      if (Object.keys(errors).length) return fieldErrors(errors);
      st.log(cluster.pk, st.now(), String(b.event_category), String(b.event_type), String(b.event_state), String(b.message), typeof b.reference === "string" ? b.reference : "", typeof b.details === "string" ? b.details : "");
      return ok(st.logs[st.logs.length - 1], 201);
    })));
  r.get("/orgs/:org/clusters/:id/volumes", inCluster(() => ok([])));

  // ---- solutions ----
  r.get("/orgs/:org/clusters/:id/solutions", inCluster(({ cluster }) => ok([...st.solutions.values()].filter((s) => s.cluster === cluster.pk).map(solutionView))));
  r.post("/orgs/:org/clusters/:id/solutions", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const code = stringField(b, "solution");
      if ("errors" in code) return fieldErrors(code.errors);
      if (!SOLUTIONS[code.ok]) return fieldErrors({ solution: [`"${code.ok}" is not a valid choice.`] });
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const at = st.now();
      const sol = { pk: st.nextId("solution", 901), name: SOLUTIONS[code.ok].name, instance_id: `sol${cluster.instance_id.slice(3)}`, cluster: cluster.pk, solution: code.ok, installer: SOLUTIONS[code.ok].installer, keyset: typeof b.keyset === "number" ? b.keyset : null, keyset_name: "", version: "latest", state: "draft", max_nodes: typeof b.max_nodes === "number" ? b.max_nodes : null, initial: false, created: isoMicro(at), updated: isoMicro(at) };
      st.solutions.set(sol.pk, sol);
      st.schedule(at + 2 * 60_000, `cluster:${cluster.pk}:solution:${sol.pk}`, (t) => {
        if (st.solutions.get(sol.pk) !== sol) return;
        sol.state = "installed";
        sol.updated = isoMicro(t);
        st.log(cluster.pk, t, "solution", "solution_install", "success", `${sol.name} installed`, sol.solution);
      });
      return ok(solutionView(sol), 201);
    })));
  const solutionIn = (c: SimCluster, id: string) => {
    const s = st.solutions.get(pk(id) ?? -1);
    return s && s.cluster === c.pk ? s : undefined;
  };
  r.get("/orgs/:org/clusters/:id/solutions/:sol", inCluster(({ req, cluster }) => {
    const s = solutionIn(cluster, req.params.sol);
    return s ? ok(solutionView(s)) : notFound();
  }));
  r.delete("/orgs/:org/clusters/:id/solutions/:sol", inCluster(({ req, cluster }) => {
    const s = solutionIn(cluster, req.params.sol);
    if (!s) return notFound();
    if (s.solution === "helm_tiller") return detail(400, "Helm Tiller is required by other solutions and can't be removed.");
    s.state = "deleting";
    st.cancel(`cluster:${cluster.pk}:solution:${s.pk}`);
    st.schedule(st.now() + 60_000, `cluster:${cluster.pk}:solution:${s.pk}:delete`, () => st.solutions.delete(s.pk));
    return ok(solutionView(s), 202);
  }));

  // ---- node pools ----
  const poolIn = (c: SimCluster, id: string): SimPool | undefined => {
    const p = st.pools.get(pk(id) ?? -1);
    return p && p.cluster === c.pk ? p : undefined;
  };
  r.get("/orgs/:org/clusters/:id/nodepools", inCluster(({ cluster }) => ok(st.clusterPools(cluster.pk).sort((a, b) => a.pk - b.pk).map((p) => poolView(st, p)))));
  r.post("/orgs/:org/clusters/:id/nodepools", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const v = validatePoolCreate(st, cluster, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      return ok(poolView(st, createPool(st, cluster, v.ok, st.now())), 202);
    })));
  r.get("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    return p ? ok(poolView(st, p)) : notFound();
  }));
  // autoscaling switch; [uncertain] status: 200 with the pool
  r.post("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    return withBody(req, (b) => {
      const v = validateAutoscale(b);
      if ("errors" in v) return fieldErrors(v.errors);
      if (p.state !== "active") return busy("Node pool", p.state);
      Object.assign(p, { autoscaled: v.ok.autoscaled, min_count: v.ok.min, max_count: v.ok.max, updated: isoMicro(st.now()) });
      return ok(poolView(st, p));
    });
  }));
  r.post("/orgs/:org/clusters/:id/nodepools/:pool/add", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    return withBody(req, (b) => {
      const v = validateAddToPool(b, p.pk);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      if (p.state !== "active") return busy("Node pool", p.state);
      return ok(addNodes(st, cluster, p, "worker", p.instance_size, v.ok, st.now()).map((n) => nodeView(st, n)), 201);
    });
  }));
  r.delete("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    if (p.state === "deleting" || p.state === "deleted") return noContent();
    // [uncertain] TF empties a pool before deleting it; we accept a non-empty pool and tear its nodes
    // down with it, but keep the default pool (the cluster's workers start there)
    if (p.is_default) return detail(400, "The default node pool can't be deleted.");
    const notRunning = running(cluster);
    if (notRunning) return notRunning;
    deletePool(st, cluster, p, st.now());
    return noContent();
  }));

  // ---- nodes ----
  const nodeIn = (c: SimCluster, id: string) => {
    const n = st.nodes.get(pk(id) ?? -1);
    return n && n.cluster === c.pk ? n : undefined;
  };
  const INITIAL_MASTER = "Initial master node is essential to the cluster and can't be removed.";
  // only transitioning or running nodes are listed (DOCS-2017)
  r.get("/orgs/:org/clusters/:id/nodes", inCluster(({ cluster }) => ok(st.clusterNodes(cluster.pk, true).filter((n) => n.state !== "deleted").sort((a, b) => a.pk - b.pk).map((n) => nodeView(st, n)))));
  r.get("/orgs/:org/clusters/:id/nodes/:node", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    return n ? ok(nodeView(st, n)) : notFound();
  }));
  r.get("/orgs/:org/clusters/:id/nodes/:node/can_delete", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    if (!n) return notFound();
    return n.initial ? detail(400, INITIAL_MASTER) : ok({ eligible: true });
  }));
  r.delete("/orgs/:org/clusters/:id/nodes/:node", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    if (!n) return notFound();
    if (n.initial) return detail(400, INITIAL_MASTER);
    if (n.state === "deleting" || n.state === "deleted") return noContent();
    const notRunning = running(cluster);
    if (notRunning) return notRunning;
    deleteNode(st, cluster, n, st.now());
    return noContent();
  }));
  r.post("/orgs/:org/clusters/:id/add_node", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const v = validateAddNode(st, cluster, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const pool = v.ok.pool === null ? null : st.pools.get(v.ok.pool) ?? null;
      return ok(addNodes(st, cluster, pool, v.ok.role, v.ok.size, v.ok.count, st.now()).map((n) => nodeView(st, n)), 201);
    })));

  /** DRF authenticates before it looks at the method or parses the body */
  const authFirst = (req: SimRequest, then: () => SimResponse): SimResponse => {
    st.advance();
    const user = authenticate(st, req);
    return typeof user === "number" ? then() : user;
  };
  return { router: r, authFirst };
}

export function invalidJsonResponse(req: SimRequest): SimResponse {
  return detail(400, parseErrorMessage(req.rawBody));
}
