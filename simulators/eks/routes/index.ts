/**
 * The EKS REST-JSON operations Clusterdeck calls (docs/providers/eks.md §4), one file per resource:
 * clusters (and their updates), the version catalogue, managed node groups.
 */
import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import type { EksState } from "../state";
import { createCluster, deleteCluster, describeCluster, describeUpdate, listClusters, updateClusterVersion } from "./clusters";
import { createNodegroup, deleteNodegroup, describeNodegroup, listNodegroups, updateNodegroupConfig, updateNodegroupVersion } from "./node-groups";
import type { EksRoute } from "./shared";
import { describeClusterVersions } from "./versions";

/** a route bound to the state: the request and the region it was signed for (set by the auth wrapper) */
export type EksHandler = (req: SimRequest, region: string) => SimResponse;

const ROUTES: [method: string, path: string, route: EksRoute][] = [
  ["GET", "/clusters", listClusters],
  ["GET", "/clusters/:name", describeCluster],
  ["POST", "/clusters", createCluster],
  ["DELETE", "/clusters/:name", deleteCluster],
  ["POST", "/clusters/:name/updates", updateClusterVersion],
  ["GET", "/clusters/:name/updates/:updateId", describeUpdate],
  ["GET", "/cluster-versions", describeClusterVersions],
  ["GET", "/clusters/:name/node-groups", listNodegroups],
  ["GET", "/clusters/:name/node-groups/:ng", describeNodegroup],
  ["POST", "/clusters/:name/node-groups", createNodegroup],
  ["POST", "/clusters/:name/node-groups/:ng/update-config", updateNodegroupConfig],
  ["POST", "/clusters/:name/node-groups/:ng/update-version", updateNodegroupVersion],
  ["DELETE", "/clusters/:name/node-groups/:ng", deleteNodegroup],
];

export function eksRoutes(state: EksState): { match: (method: string, path: string) => { handler: EksHandler; params: Record<string, string> } | "method" | undefined } {
  // the kit's Router matches paths and methods; its handler slot holds a stand-in that leads to the EKS route
  const r = new Router();
  const handlers = new Map<unknown, EksHandler>();
  for (const [method, path, route] of ROUTES) {
    const slot = (() => ({ status: 500 })) as never;
    handlers.set(slot, (req, region) => route(state, req, region));
    r.add(method, path, slot);
  }
  return {
    match(method, path) {
      const m = r.match(method, path);
      if (!m || m === "method") return m;
      return { handler: handlers.get(m.handler)!, params: m.params };
    },
  };
}
