import { Router, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { apiError, isV3, v1Error } from "../errors";
import { asObj, isControlPlane, nodeList, specVersion } from "../lifecycle";
import { STATUS_FAILED, type SimCluster, type SimProject } from "../model";
import type { RafayState } from "../state";

/**
 * HTTP surface of the simulated controller: the v3 API the dashboard targets (docs/providers/rafay.md §3) plus a
 * read-only slice of v1 (`/auth/v1/projects/`, `/edge/v1/.../edges/`) sharing the same state.
 */

export const SYS = "/apis/system.k8smgmt.io/v3";
export const INFRA = "/apis/infra.k8smgmt.io/v3";
/** [uncertain] default page size of v3 and v1 lists (docs/providers/rafay.md §11.3) */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;
/** [uncertain] path of the supported-versions API (docs/providers/rafay.md §6.6); the client keeps it in one constant too */
export const VERSIONS_SEGMENT = "kubernetesversions";

export function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Either header carries the key on any path (docs/providers/rafay.md §2.1). Signature headers (date, nonce,
 * content-md5, Authorization: Signature) are ignored: no client relies on the controller checking them.
 */
export function authenticate(state: RafayState, req: SimRequest): SimResponse | undefined {
  const key = header(req, "x-api-key") ?? header(req, "x-rafay-api-keyid");
  const deny = (message: string) => (isV3(req.path) ? apiError(401, message) : v1Error(401, "AUTH001", message));
  if (!key) return deny("missing API key: send it in the X-API-KEY header");
  if (!state.acceptedKeys.has(key)) return deny("invalid API key");
  if (state.keyExpired) return deny("API key has expired");
  return undefined;
}

export function guarded(state: RafayState, handler: SimHandler): SimHandler {
  return (req) => authenticate(state, req) ?? (state.tick(), handler(req));
}

export type Page<T> = { items: T[]; count: number; offset: number; limit: number };

/** limit/offset/order/orderBy as the v3 framework's lists take them (docs/providers/rafay.md §3 query parameters) */
export function paginate<T extends { name: string; createdAt: number; modifiedAt?: number }>(req: SimRequest, all: T[], v1 = false): Page<T> | SimResponse {
  const bad = (m: string) => (v1 ? v1Error(400, "GEN400", m) : apiError(400, m));
  const int = (key: string) => {
    const raw = req.query.get(key);
    if (raw === null || raw === "") return undefined;
    return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  };
  const limitRaw = int("limit");
  const offset = int("offset") ?? 0;
  if (Number.isNaN(limitRaw) || limitRaw === 0) return bad("limit must be a positive integer");
  if (Number.isNaN(offset)) return bad("offset must be a non-negative integer");
  const limit = Math.min(limitRaw ?? DEFAULT_LIMIT, MAX_LIMIT);
  const orderBy = req.query.get("orderBy") ?? req.query.get("orderby") ?? "name";
  const desc = (req.query.get("order") ?? "ASC").toUpperCase() === "DESC";
  const key = (x: T): string | number => (orderBy === "createdAt" ? x.createdAt : orderBy === "modifiedAt" ? (x.modifiedAt ?? x.createdAt) : x.name);
  const sorted = [...all].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * (desc ? -1 : 1);
  });
  return { items: sorted.slice(offset, offset + limit), count: sorted.length, offset, limit };
}

export const isPage = <T>(p: Page<T> | SimResponse): p is Page<T> => "items" in p && "count" in p;

/** what every resource's routes share: the router and the checks and lookups they use */
export function routeKit(state: RafayState, r: Router) {
  const g = (h: SimHandler) => guarded(state, h);

  /** project the key may use, or the error to answer */
  const project = (name: string, v1 = false): SimProject | SimResponse => {
    const p = state.projects.get(name);
    if (!p) return v1 ? v1Error(404, "GEN404", `project ${name} not found`) : apiError(404, `project "${name}" not found`);
    if (!p.accessible) return v1 ? v1Error(403, "AUTH003", "You do not have permission to perform this action.") : apiError(403, `access denied: the API key has no role in project "${name}"`);
    return p;
  };
  const isProject = (p: SimProject | SimResponse): p is SimProject => "accessible" in p;
  const clusterIn = (projectName: string, name: string): SimCluster | SimResponse =>
    state.cluster(projectName, name) ?? apiError(404, `cluster "${name}" not found in project "${projectName}"`);
  const isCluster = (c: SimCluster | SimResponse): c is SimCluster => "spec" in c && "project" in c;
  return { r, state, g, project, isProject, clusterIn, isCluster };
}
export type RouteKit = ReturnType<typeof routeKit>;

export function aksPools(state: RafayState, spec: SimCluster["spec"], now: number): SimCluster["aksPools"] {
  const pools = asObj(asObj(spec.config).spec).nodePools;
  return (Array.isArray(pools) ? pools.map(asObj) : []).map((pool) => ({
    name: String(pool.name),
    id: `${state.rnd.hex(8)}-${state.rnd.hex(4)}-${state.rnd.hex(4)}-${state.rnd.hex(4)}-${state.rnd.hex(12)}`,
    createdAt: now,
    kubeVersion: String(asObj(pool.properties).orchestratorVersion ?? specVersion(spec)),
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202510.19.0",
    provisionStatus: "Succeeded",
  }));
}

export function bootstrapYaml(c: SimCluster): string {
  const token = Buffer.from(`${c.project}/${c.name}/${c.id}`).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Namespace",
    "metadata:",
    "  name: rafay-system",
    "---",
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: bootstrap",
    "  namespace: rafay-system",
    "type: Opaque",
    "data:",
    `  token: ${token}`,
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: rafay-connector",
    "  namespace: rafay-system",
    "spec:",
    "  replicas: 1",
    "  selector:",
    "    matchLabels: {app: rafay-connector}",
    "  template:",
    "    metadata:",
    "      labels: {app: rafay-connector}",
    "    spec:",
    "      containers:",
    "      - name: connector",
    "        image: registry.rafay-edge.net/rafay/rafay-connector:r3.6.0",
    `        args: ["--cluster-id=${c.id}"]`,
    "",
  ].join("\n");
}

export const isoMicro = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

export function v1Project(p: SimProject) {
  return { id: p.id, name: p.name, description: p.description, organization_id: "k2r0p7m", created_at: isoMicro(p.createdAt), modified_at: isoMicro(p.modifiedAt), default: p.default };
}

/** [uncertain] v1 names for types and non-ready states (docs/providers/rafay.md §6.7 only shows READY / *_FAILED) */
export const V1_TYPES: Record<string, string> = { mks: "manual", aks: "azure-aks", gke: "gke", imported: "imported", "aws-eks": "aws-eks" };

export function v1Edge(c: SimCluster, p: SimProject) {
  const ready = c.conditions.find((x) => x.type === "ClusterReady")?.status === "True";
  const failed = c.common.conditionStatus === STATUS_FAILED;
  const config = asObj(c.spec.config);
  return {
    id: c.id,
    edge_id: c.id,
    name: c.name,
    project_id: p.id,
    cluster_type: V1_TYPES[c.spec.type] ?? c.spec.type,
    cluster_blueprint: c.spec.blueprint?.name ?? "",
    cluster_blueprint_version: c.appliedBlueprint?.version ?? c.spec.blueprint?.version ?? "",
    status: ready ? "READY" : failed && c.provisionStatus === "INFRA_CREATION_FAILED" ? "PROVISION_FAILED" : "NOT_READY",
    health: failed ? 2 : ready ? 1 : 0,
    provision: { status: c.provisionStatus ?? "", running_state: c.op ? c.op.kind : "", comments: failed ? c.common.reason : "" },
    labels: { ...c.labels },
    metro: { name: typeof config.location === "string" ? config.location : "" },
    nodes: nodeList(c.spec).map((n, i) => ({
      id: `${c.id}-${i + 1}`,
      name: String(n.hostname),
      private_ip: String(n.privateIP ?? ""),
      roles: isControlPlane(n) ? ["master", "worker"].slice(0, Array.isArray(n.roles) && n.roles.includes("Worker") ? 2 : 1) : ["worker"],
      status: ready ? "READY" : "NOT_READY",
      approved: c.conditions.find((x) => x.type === "ClusterApproveSucceeded")?.status === "True",
    })),
    created_at: isoMicro(c.createdAt),
    modified_at: isoMicro(c.modifiedAt),
  };
}
