import { type SimHandler } from "@/simulators/kit/server";
import { apiError } from "../errors";
import { asObj } from "../lifecycle";
import { type SimProject } from "../model";
import { NAME_RE } from "../validate";
import { listView, projectView, SYSTEM_API } from "../views";
import { SYS, isPage, paginate, type RouteKit } from "./kit";

export function projectsRoutes({ r, state, g, project, isProject }: RouteKit): void {
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
}
