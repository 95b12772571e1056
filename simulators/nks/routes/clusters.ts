import { detail, fieldErrors, notFound } from "../errors";
import { createCluster, startDelete, startUpgrade } from "../lifecycle";
import { stringField, validateClusterCreate, type FieldErrors } from "../validate";
import { clusterFull, clusterSummary, kubeconfigText } from "../views";
import { noContent, ok, type Ctx, type RouteKit } from "./kit";

/** Clusters: list, create, get, delete, upgrade, kubeconfig, build logs, volumes. */
export function clusterRoutes(k: RouteKit) {
  const { r, st, inOrg, inCluster, withBody, running, workspaceIn } = k;
  r.get("/orgs/:org/clusters", inOrg(({ req, org }) => {
    const withService = req.query.get("include_service_clusters") === "true";
    const list = [...st.clusters.values()].filter((c) => c.org === org.pk && (withService || !c.is_service_cluster)).sort((a, b) => a.pk - b.pk);
    return ok(list.map((c) => clusterSummary(st, c)));
  }));
  const create = (ctx: Ctx, workspace: number) =>
    withBody(ctx.req, (b) => {
      const v = validateClusterCreate(st, ctx.org.pk, workspace, st.users.get(ctx.user)!, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const fail = st.failNextCreates > 0;
      if (fail) st.failNextCreates--;
      return ok(clusterFull(st, createCluster(st, v.ok, st.now(), fail)));
    });
  r.post("/orgs/:org/clusters", inOrg((ctx) => create(ctx, [...st.workspaces.values()].find((w) => w.org === ctx.org.pk && w.is_default)!.pk)));
  r.post("/orgs/:org/workspaces/:ws/clusters", inOrg((ctx) => {
    const w = workspaceIn(ctx.org, ctx.req.params.ws);
    return w ? create(ctx, w.pk) : notFound();
  }));
  r.get("/orgs/:org/clusters/:id", inCluster(({ cluster }) => ok(clusterFull(st, cluster))));
  r.delete("/orgs/:org/clusters/:id", inCluster(({ cluster }) => {
    // a second DELETE while tearing down is a no-op [uncertain]
    if (cluster.state !== "deleting") startDelete(st, cluster, st.now());
    return noContent();
  }));
  r.get("/orgs/:org/clusters/:id/force_delete", inCluster(({ cluster }) => {
    st.purgeCluster(cluster.pk);
    return noContent();
  }));
  r.post("/orgs/:org/clusters/:id/migrate_version", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const version = stringField(b, "version");
      if ("errors" in version) return fieldErrors(version.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const offered = clusterSummary(st, cluster).version_migrations;
      if (!offered.includes(version.ok)) return fieldErrors({ version: [`"${version.ok}" is not a valid choice.`] });
      startUpgrade(st, cluster, version.ok, st.now());
      return ok(clusterFull(st, cluster), 202);
    })));
  // [uncertain] before the kubeconfig exists: 400 with a detail
  r.get("/orgs/:org/clusters/:id/kubeconfig", inCluster(({ cluster }) =>
    cluster.is_kubeconfig_available && cluster.state !== "deleting" ? { status: 200, text: kubeconfigText(cluster), headers: { "Content-Type": "application/octet-stream" } } : detail(400, "Kubeconfig is not available until the cluster is running.")));
  r.get("/orgs/:org/clusters/:id/logs", inCluster(({ cluster }) =>
    ok(st.logs.filter((l) => l.cluster === cluster.pk).sort((a, b) => (a.created === b.created ? b.pk - a.pk : a.created < b.created ? 1 : -1)))));
  r.post("/orgs/:org/clusters/:id/buildlogs", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const errors: FieldErrors = {};
      for (const f of ["event_category", "event_type", "event_state", "message"]) if (typeof b[f] !== "string" || !b[f]) errors[f] = ["This field is required."];
      if (Object.keys(errors).length) return fieldErrors(errors);
      st.log(cluster.pk, st.now(), String(b.event_category), String(b.event_type), String(b.event_state), String(b.message), typeof b.reference === "string" ? b.reference : "", typeof b.details === "string" ? b.details : "");
      return ok(st.logs[st.logs.length - 1], 201);
    })));
  r.get("/orgs/:org/clusters/:id/volumes", inCluster(() => ok([])));
}
