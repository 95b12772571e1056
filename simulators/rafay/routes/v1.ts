import { type SimResponse } from "@/simulators/kit/server";
import { v1Error } from "../errors";
import { type SimProject } from "../model";
import { isPage, paginate, v1Edge, v1Project, type RouteKit } from "./kit";

export function v1Routes({ r, state, g, project, isProject }: RouteKit): void {
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
}
