/** Clusters: list, create, get, update, delete, kubeconfig, resource counts. */
import type { SimRequest } from "../../kit/server";
import { clusterJson, items, kubeconfigYaml } from "../wire";
import type { ResourceRoutes } from "../routes";

export const clustersRoutes: ResourceRoutes = (api, state) => {
  const q = (req: SimRequest, name: string) => req.query.get(name);

  api("GET", "/cluster", "cluster.list", ({ req, region }) =>
    items(state.listClusters(region, { region: q(req, "region"), orderBy: q(req, "orderBy") }).map((c) => clusterJson(c, region, false))),
  );
  api("POST", "/cluster", "cluster.create", ({ req, region }) => clusterJson(state.createCluster(region, req.body), region, false));
  api("GET", "/cluster/:id", "cluster.get", ({ req, region }) => {
    const extra = (q(req, "extra_fields") ?? "").split(",").map((s) => s.trim());
    return clusterJson(state.getCluster(region, req.params.id), region, extra.includes("errors"));
  });
  api("PUT", "/cluster/:id", "cluster.update", ({ req, region }) => clusterJson(state.updateCluster(region, req.params.id, req.body), region, false));
  // the transcoded DeleteCluster answers google.protobuf.Empty [assume]
  api("DELETE", "/cluster/:id", "cluster.delete", ({ req, region }) => (state.deleteCluster(region, req.params.id), {}));
  api("GET", "/cluster/:id/files", "cluster.kubeconfig", ({ req, region }) => ({ kubeconfig: kubeconfigYaml(state.kubeconfigCluster(region, req.params.id)) }));
  // response shape unknown [assume]: the new files object
  api("POST", "/cluster/:id/refresh-kubeconfig", "cluster.kubeconfig", ({ req, region }) => ({ kubeconfig: kubeconfigYaml(state.refreshKubeconfig(region, req.params.id)) }));
  api("GET", "/cluster/:id/resource-counts", "cluster.resource_counts", ({ req, region }) => {
    const c = state.getCluster(region, req.params.id);
    return { counts: c.status === "Creating" ? {} : { ...c.counts } };
  });
};
