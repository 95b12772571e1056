import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { detail, parseErrorMessage } from "../errors";
import type { NksState } from "../state";
import { accountRoutes } from "./account";
import { clusterRoutes } from "./clusters";
import { istioMeshRoutes } from "./istio-meshes";
import { keysetRoutes } from "./keysets";
import { authenticate, routeKit } from "./kit";
import { nodePoolRoutes } from "./nodepools";
import { solutionRoutes } from "./solutions";
import { teamRoutes } from "./teams";
import { workspaceRoutes } from "./workspaces";

export { authenticate } from "./kit";

/** The NKS REST surface, one file per resource (docs/providers/nks.md §2). */
export function buildRouter(st: NksState): { router: Router; authFirst: (req: SimRequest, then: () => SimResponse) => SimResponse } {
  const kit = routeKit(new Router(), st);
  for (const register of [accountRoutes, workspaceRoutes, keysetRoutes, teamRoutes, clusterRoutes, solutionRoutes, nodePoolRoutes, istioMeshRoutes]) register(kit);

  /** DRF authenticates before it looks at the method or parses the body */
  const authFirst = (req: SimRequest, then: () => SimResponse): SimResponse => {
    st.advance();
    const user = authenticate(st, req);
    return typeof user === "number" ? then() : user;
  };
  return { router: kit.r, authFirst };
}

export function invalidJsonResponse(req: SimRequest): SimResponse {
  return detail(400, parseErrorMessage(req.rawBody));
}
