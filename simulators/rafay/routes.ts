/**
 * HTTP surface of the simulated controller: the v3 API the dashboard targets (docs/providers/rafay.md §3) plus a
 * read-only slice of v1 (`/auth/v1/projects/`, `/edge/v1/.../edges/`) sharing the same state.
 */
import { Router } from "@/simulators/kit/server";
import type { RafayState } from "./state";
import { projectsRoutes } from "./routes/projects";
import { clustersRoutes } from "./routes/clusters";
import { blueprintsRoutes } from "./routes/blueprints";
import { v1Routes } from "./routes/v1";
import { routeKit } from "./routes/kit";

export { DEFAULT_LIMIT, MAX_LIMIT, VERSIONS_SEGMENT } from "./routes/kit";

export function buildRouter(state: RafayState): Router {
  const r = new Router();
  const kit = routeKit(state, r);
  projectsRoutes(kit);
  clustersRoutes(kit);
  blueprintsRoutes(kit);
  v1Routes(kit);
  return r;
}
