/**
 * HTTP surface of the simulated controller: the v3 API the dashboard targets (docs/providers/rafay.md §3) plus a
 * read-only slice of v1 (`/auth/v1/projects/`, `/edge/v1/.../edges/`) sharing the same state.
 */
import { Router, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { MKS_VERSIONS } from "./catalog";
import { apiError, isV3, v1Error } from "./errors";
import { asObj, isControlPlane, nodeList, specVersion, startDelete, startProvision, startUpdate, startUpgrade } from "./lifecycle";
import { STATUS_FAILED, STATUS_OK, type SimCluster, type SimProject } from "./model";
import type { RafayState } from "./state";
import { compareKubeVersions, minorDistance } from "@/lib/kube-version";
import { NAME_RE, validateClusterApply } from "./validate";
import { blueprintView, clusterView, INFRA_API, listView, projectView, SYSTEM_API } from "./views";

const SYS = "/apis/system.k8smgmt.io/v3";
const INFRA = "/apis/infra.k8smgmt.io/v3";
/** [uncertain] default page size of v3 and v1 lists (docs/providers/rafay.md §11.3) */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;
/** [uncertain] path of the supported-versions API (docs/providers/rafay.md §6.6); the client keeps it in one constant too */
export const VERSIONS_SEGMENT = "kubernetesversions";

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Either header carries the key on any path (docs/providers/rafay.md §2.1). Signature headers (date, nonce,
 * content-md5, Authorization: Signature) are ignored: no client relies on the controller checking them.
 */
function authenticate(state: RafayState, req: SimRequest): SimResponse | undefined {
  const key = header(req, "x-api-key") ?? header(req, "x-rafay-api-keyid");
  const deny = (message: string) => (isV3(req.path) ? apiError(401, message) : v1Error(401, "AUTH001", message));
  if (!key) return deny("missing API key: send it in the X-API-KEY header");
  if (!state.acceptedKeys.has(key)) return deny("invalid API key");
  if (state.keyExpired) return deny("API key has expired");
  return undefined;
}

function guarded(state: RafayState, handler: SimHandler): SimHandler {
  return (req) => authenticate(state, req) ?? (state.tick(), handler(req));
}

type Page<T> = { items: T[]; count: number; offset: number; limit: number };

/** limit/offset/order/orderBy as the v3 framework's lists take them (docs/providers/rafay.md §3 query parameters) */
function paginate<T extends { name: string; createdAt: number; modifiedAt?: number }>(req: SimRequest, all: T[], v1 = false): Page<T> | SimResponse {
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

const isPage = <T>(p: Page<T> | SimResponse): p is Page<T> => "items" in p && "count" in p;

export function buildRouter(state: RafayState): Router {
  const r = new Router();
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

  // ---- projects -------------------------------------------------------------------------
  r.get(`${SYS}/projects`, g((req) => {
    const page = paginate(req, [...state.projects.values()].filter((p) => p.accessible));
    if (!isPage(page)) return page;
    return { status: 200, body: listView(SYSTEM_API, "ProjectList", page.items.map(projectView), page.count, page.offset, page.limit) };
  }));
  const getProject: SimHandler = (req) => {
    const p = project(req.params.name);
    return isProject(p) ? { status: 200, body: projectView(p) } : p;
  };
  r.get(`${SYS}/projects/:name`, g(getProject));
  r.get(`${SYS}/projects/:name/status`, g(getProject));
  r.post(`${SYS}/projects`, g((req) => {
    const md = asObj(asObj(req.body).metadata);
    if (typeof md.name !== "string" || !NAME_RE.test(md.name)) return apiError(400, "metadata.name must be lower-case letters, digits and '-'");
    const existing = state.projects.get(md.name);
    if (existing && !existing.accessible) return apiError(403, `access denied: the API key has no role in project "${md.name}"`);
    if (existing && req.query.get("fail-on-exists") === "true") return apiError(409, `project "${md.name}" already exists`);
    const now = state.now();
    const p: SimProject = existing ?? { name: md.name, id: state.newId(), description: "", createdAt: now, modifiedAt: now, default: false, labels: {}, accessible: true };
    if (typeof md.description === "string") p.description = md.description;
    p.modifiedAt = now;
    state.projects.set(p.name, p);
    return { status: 200, body: projectView(p) };
  }));
  r.delete(`${SYS}/projects/:name`, g((req) => {
    const p = project(req.params.name);
    if (!isProject(p)) return p;
    if (p.default) return apiError(400, "the default project cannot be deleted");
    if (state.clustersIn(p.name).length) return apiError(409, `project "${p.name}" still has clusters; delete them first`);
    state.projects.delete(p.name);
    state.blueprints = state.blueprints.filter((b) => b.project !== p.name);
    return { status: 200 };
  }));

  // ---- clusters -------------------------------------------------------------------------
  r.get(`${INFRA}/projects/:project/clusters`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const page = paginate(req, state.clustersIn(p.name));
    if (!isPage(page)) return page;
    return { status: 200, body: listView(INFRA_API, "ClusterList", page.items.map(clusterView), page.count, page.offset, page.limit) };
  }));

  r.post(`${INFRA}/projects/:project/clusters`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const checked = validateClusterApply(req.body, p.name, state);
    if (!checked.ok) return apiError(400, checked.message);
    const input = checked.value;
    const now = state.now();
    const existing = state.cluster(p.name, input.name);
    const desired = specVersion(input.spec);

    if (!existing) {
      if (input.spec.type === "mks" && !(MKS_VERSIONS.supported as readonly string[]).includes(desired!)) {
        return apiError(400, `kubernetes version ${desired} is not supported for mks clusters; supported: ${MKS_VERSIONS.supported.join(", ")}`);
      }
      const c: SimCluster = {
        project: p.name,
        name: input.name,
        id: state.newId(),
        createdAt: now,
        modifiedAt: now,
        description: input.description,
        labels: input.labels,
        annotations: input.annotations,
        spec: input.spec,
        kubeVersion: null,
        appliedBlueprint: null,
        endpoint: null,
        conditions: [],
        common: { conditionStatus: 1, conditionType: "", reason: "", lastUpdated: now },
        lastTasksets: [],
      };
      if (input.spec.type === "aks") c.aksPools = aksPools(state, input.spec, now);
      startProvision(c, now, state.takeFailure("provision"));
      state.putCluster(c);
      return { status: 200, body: clusterView(c) };
    }

    if (req.query.get("fail-on-exists") === "true") return apiError(409, `cluster "${input.name}" already exists in project "${p.name}"`);
    if (existing.op?.kind === "delete") return apiError(409, `cluster "${input.name}" is being deleted`);
    if (existing.op) return apiError(409, `cluster "${input.name}" has an operation in progress; apply again once it has finished`);
    if (existing.spec.type !== input.spec.type) return apiError(400, `spec.type cannot change from "${existing.spec.type}" to "${input.spec.type}"`);

    // a failed bring-up is retried by applying again (the provisioning restarts)
    const neverProvisioned = existing.common.conditionStatus === STATUS_FAILED && existing.provisionStatus === "INFRA_CREATION_FAILED";
    const current = existing.kubeVersion;
    let upgradeTo: string | null = null;
    if (!neverProvisioned && desired && current && compareKubeVersions(desired, current) !== 0) {
      if (compareKubeVersions(desired, current) < 0) return apiError(400, `downgrading kubernetes from ${current} to ${desired} is not supported`);
      if (input.spec.type === "mks" && !(MKS_VERSIONS.supported as readonly string[]).includes(desired)) {
        return apiError(400, `kubernetes version ${desired} is not supported for mks clusters; supported: ${MKS_VERSIONS.supported.join(", ")}`);
      }
      // [uncertain] docs/providers/rafay.md §11.6: enforced because MKS upgrades with kubeadm, which moves one minor at a time
      if ((minorDistance(current, desired) ?? 0) > 1) return apiError(400, `upgrading from ${current} to ${desired} skips a minor version; upgrade one minor version at a time`);
      if (existing.common.conditionStatus !== STATUS_OK && existing.common.conditionStatus !== STATUS_FAILED) {
        return apiError(409, `cluster "${input.name}" is not ready for an upgrade`);
      }
      upgradeTo = desired;
    }
    const blueprintChanged =
      existing.appliedBlueprint !== null &&
      (existing.appliedBlueprint.name !== input.spec.blueprint!.name ||
        existing.appliedBlueprint.version !== state.resolveBlueprintVersion(p.name, input.spec.blueprint!.name, input.spec.blueprint!.version));

    existing.spec = input.spec;
    existing.labels = input.labels;
    existing.annotations = input.annotations;
    existing.description = input.description;
    existing.modifiedAt = now;
    if (neverProvisioned) startProvision(existing, now, state.takeFailure("provision"));
    else if (upgradeTo) startUpgrade(existing, now, upgradeTo, state.takeFailure("upgrade"));
    else if (blueprintChanged) startUpdate(existing, now);
    return { status: 200, body: clusterView(existing) };
  }));

  const versions: SimHandler = (req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    if (req.params.name) {
      const c = clusterIn(p.name, req.params.name);
      if (!isCluster(c)) return c;
    }
    const b = asObj(req.body);
    if (typeof b.cluster_type !== "string" || !b.cluster_type) return apiError(400, "cluster_type is required");
    if (b.cluster_type !== "mks") return apiError(400, `listing kubernetes versions is not supported for cluster type "${b.cluster_type}"; only mks is supported`);
    const list = b.include_deprecated_versions === true ? [...MKS_VERSIONS.deprecated, ...MKS_VERSIONS.supported] : [...MKS_VERSIONS.supported];
    return { status: 200, body: { kubernetes_versions: list, default_version: MKS_VERSIONS.default, latest_version: MKS_VERSIONS.latest } };
  };
  r.post(`${INFRA}/projects/:project/clusters/${VERSIONS_SEGMENT}`, g(versions));
  r.post(`${INFRA}/projects/:project/clusters/:name/${VERSIONS_SEGMENT}`, g(versions));

  const getCluster: SimHandler = (req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    return isCluster(c) ? { status: 200, body: clusterView(c) } : c;
  };
  r.get(`${INFRA}/projects/:project/clusters/:name`, g(getCluster));
  r.get(`${INFRA}/projects/:project/clusters/:name/status`, g(getCluster));

  r.delete(`${INFRA}/projects/:project/clusters/:name`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    if (!isCluster(c)) return c;
    // deleting is allowed mid-operation (it supersedes it); a repeated DELETE is a no-op
    if (c.op?.kind !== "delete") startDelete(c, state.now());
    return { status: 200 };
  }));

  r.get(`${INFRA}/projects/:project/clusters/:name/bootstrap`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const c = clusterIn(p.name, req.params.name);
    if (!isCluster(c)) return c;
    if (c.spec.type !== "imported") return apiError(400, `bootstrap is only available for imported clusters; "${c.name}" is of type ${c.spec.type}`);
    return { status: 200, text: bootstrapYaml(c), headers: { "Content-Type": "application/x-rafay-yaml" } };
  }));

  // ---- blueprints -----------------------------------------------------------------------
  r.get(`${INFRA}/projects/:project/blueprints`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const page = paginate(req, state.blueprintsIn(p.name));
    if (!isPage(page)) return page;
    return { status: 200, body: listView(INFRA_API, "BlueprintList", page.items.map((b) => blueprintView(b, p.name)), page.count, page.offset, page.limit) };
  }));
  r.get(`${INFRA}/projects/:project/blueprints/:name`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const b = state.blueprint(p.name, req.params.name);
    return b ? { status: 200, body: blueprintView(b, p.name) } : apiError(404, `blueprint "${req.params.name}" not found in project "${p.name}"`);
  }));
  r.post(`${INFRA}/projects/:project/blueprints`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const body = asObj(req.body);
    const md = asObj(body.metadata);
    const spec = asObj(body.spec);
    if (typeof md.name !== "string" || !NAME_RE.test(md.name)) return apiError(400, "metadata.name must be lower-case letters, digits and '-'");
    if (typeof spec.version !== "string" || !spec.version) return apiError(400, "spec.version is required");
    const existing = state.blueprint(p.name, md.name);
    if (existing?.project === null) return apiError(400, `system blueprint "${md.name}" cannot be changed`);
    if (existing && req.query.get("fail-on-exists") === "true") return apiError(409, `blueprint "${md.name}" already exists`);
    const base = asObj(spec.base);
    const baseName = typeof base.name === "string" ? base.name : "default";
    const baseBp = state.blueprints.find((b) => b.project === null && b.name === baseName);
    if (!baseBp) return apiError(400, `base blueprint "${baseName}" not found`);
    const now = state.now();
    const b = existing ?? { project: p.name, name: md.name, version: spec.version, description: "", createdAt: now, modifiedAt: now };
    Object.assign(b, { version: spec.version, description: typeof md.description === "string" ? md.description : b.description, base: { name: baseBp.name, version: baseBp.version }, modifiedAt: now });
    if (!existing) state.blueprints.push(b);
    return { status: 200, body: blueprintView(b, p.name) };
  }));
  r.delete(`${INFRA}/projects/:project/blueprints/:name`, g((req) => {
    const p = project(req.params.project);
    if (!isProject(p)) return p;
    const b = state.blueprint(p.name, req.params.name);
    if (!b) return apiError(404, `blueprint "${req.params.name}" not found in project "${p.name}"`);
    if (b.project === null) return apiError(400, `system blueprint "${b.name}" cannot be deleted`);
    const users = state.clustersIn(p.name).filter((c) => c.spec.blueprint?.name === b.name);
    if (users.length) return apiError(409, `blueprint "${b.name}" is used by ${users.length} cluster(s)`);
    state.blueprints = state.blueprints.filter((x) => x !== b);
    return { status: 200 };
  }));

  // ---- v1 (read-only compatibility) ------------------------------------------------------
  r.get("/auth/v1/projects", g((req) => {
    let projects = [...state.projects.values()].filter((p) => p.accessible);
    const name = req.query.get("name");
    const q = req.query.get("q");
    if (name) projects = projects.filter((p) => p.name === name);
    if (q) projects = projects.filter((p) => p.name.includes(q));
    const page = paginate(req, projects, true);
    if (!isPage(page)) return page;
    return { status: 200, body: { count: page.count, results: page.items.map(v1Project) } };
  }));
  r.get("/auth/v1/projects/:id", g((req) => {
    const p = [...state.projects.values()].find((x) => x.id === req.params.id);
    if (!p) return v1Error(404, "GEN404", "Not found.");
    const access = project(p.name, true);
    return isProject(access) ? { status: 200, body: v1Project(p) } : access;
  }));
  const v1ProjectById = (id: string): SimProject | SimResponse => {
    const p = [...state.projects.values()].find((x) => x.id === id);
    return p ? project(p.name, true) : v1Error(404, "GEN404", "Not found.");
  };
  r.get("/edge/v1/projects/:projectId/edges", g((req) => {
    const p = v1ProjectById(req.params.projectId);
    if (!isProject(p)) return p;
    const q = req.query.get("q");
    const page = paginate(req, state.clustersIn(p.name).filter((c) => !q || c.name.includes(q)), true);
    if (!isPage(page)) return page;
    return { status: 200, body: { count: page.count, results: page.items.map((c) => v1Edge(c, p)) } };
  }));
  r.get("/edge/v1/projects/:projectId/edges/:id", g((req) => {
    const p = v1ProjectById(req.params.projectId);
    if (!isProject(p)) return p;
    const c = state.clustersIn(p.name).find((x) => x.id === req.params.id);
    return c ? { status: 200, body: v1Edge(c, p) } : v1Error(404, "GEN404", "Not found.");
  }));

  return r;
}

function aksPools(state: RafayState, spec: SimCluster["spec"], now: number): SimCluster["aksPools"] {
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

function bootstrapYaml(c: SimCluster): string {
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

const isoMicro = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

function v1Project(p: SimProject) {
  return { id: p.id, name: p.name, description: p.description, organization_id: "k2r0p7m", created_at: isoMicro(p.createdAt), modified_at: isoMicro(p.modifiedAt), default: p.default };
}

/** [uncertain] v1 names for types and non-ready states (docs/providers/rafay.md §6.7 only shows READY / *_FAILED) */
const V1_TYPES: Record<string, string> = { mks: "manual", aks: "azure-aks", gke: "gke", imported: "imported", "aws-eks": "aws-eks" };

function v1Edge(c: SimCluster, p: SimProject) {
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
