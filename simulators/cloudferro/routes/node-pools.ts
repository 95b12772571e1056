/** Node pools of a cluster. */
import { items, poolJson } from "../wire";
import type { ResourceRoutes } from "../routes";

export const nodePoolsRoutes: ResourceRoutes = (api, state) => {
  api("GET", "/cluster/:id/node-pool", "node_pool.list", ({ req, region }) => items(state.getCluster(region, req.params.id).pools.map((p) => poolJson(p, region))));
  api("POST", "/cluster/:id/node-pool", "node_pool.create", ({ req, region }) => poolJson(state.createPool(region, req.params.id, req.body), region));
  api("GET", "/cluster/:id/node-pool/:pid", "node_pool.get", ({ req, region }) => poolJson(state.getPool(region, req.params.id, req.params.pid).p, region));
  api("PUT", "/cluster/:id/node-pool/:pid", "node_pool.update", ({ req, region }) => poolJson(state.updatePool(region, req.params.id, req.params.pid, req.body), region));
  api("DELETE", "/cluster/:id/node-pool/:pid", "node_pool.delete", ({ req, region }) => (state.deletePool(region, req.params.id, req.params.pid), {}));
};
