import { apiError } from "../errors";
import { asObj } from "../lifecycle";
import { NAME_RE } from "../validate";
import { blueprintView, INFRA_API, listView } from "../views";
import { INFRA, isPage, paginate, type RouteKit } from "./kit";

export function blueprintsRoutes({ r, state, g, project, isProject }: RouteKit): void {
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
}
