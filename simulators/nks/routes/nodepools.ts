import { detail, fieldErrors, notFound } from "../errors";
import { addNodes, createPool, deleteNode, deletePool } from "../lifecycle";
import type { SimCluster, SimPool } from "../model";
import { isoMicro } from "../state";
import { validateAddNode, validateAddToPool, validateAutoscale, validatePoolCreate } from "../validate";
import { nodeView, poolView } from "../views";
import { busy, noContent, ok, pk, type RouteKit } from "./kit";

/** Node pools and nodes of a cluster. */
export function nodePoolRoutes(k: RouteKit) {
  const { r, st, inCluster, withBody, running } = k;
  const poolIn = (c: SimCluster, id: string): SimPool | undefined => {
    const p = st.pools.get(pk(id) ?? -1);
    return p && p.cluster === c.pk ? p : undefined;
  };
  r.get("/orgs/:org/clusters/:id/nodepools", inCluster(({ cluster }) => ok(st.clusterPools(cluster.pk).sort((a, b) => a.pk - b.pk).map((p) => poolView(st, p)))));
  r.post("/orgs/:org/clusters/:id/nodepools", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const v = validatePoolCreate(st, cluster, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      return ok(poolView(st, createPool(st, cluster, v.ok, st.now())), 202);
    })));
  r.get("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    return p ? ok(poolView(st, p)) : notFound();
  }));
  // autoscaling switch; [uncertain] status: 200 with the pool
  r.post("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    return withBody(req, (b) => {
      const v = validateAutoscale(b);
      if ("errors" in v) return fieldErrors(v.errors);
      if (p.state !== "active") return busy("Node pool", p.state);
      Object.assign(p, { autoscaled: v.ok.autoscaled, min_count: v.ok.min, max_count: v.ok.max, updated: isoMicro(st.now()) });
      return ok(poolView(st, p));
    });
  }));
  r.post("/orgs/:org/clusters/:id/nodepools/:pool/add", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    return withBody(req, (b) => {
      const v = validateAddToPool(b, p.pk);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      if (p.state !== "active") return busy("Node pool", p.state);
      return ok(addNodes(st, cluster, p, "worker", p.instance_size, v.ok, st.now()).map((n) => nodeView(st, n)), 201);
    });
  }));
  r.delete("/orgs/:org/clusters/:id/nodepools/:pool", inCluster(({ req, cluster }) => {
    const p = poolIn(cluster, req.params.pool);
    if (!p) return notFound();
    if (p.state === "deleting" || p.state === "deleted") return noContent();
    // [uncertain] TF empties a pool before deleting it; we accept a non-empty pool and tear its nodes
    // down with it, but keep the default pool (the cluster's workers start there)
    if (p.is_default) return detail(400, "The default node pool can't be deleted.");
    const notRunning = running(cluster);
    if (notRunning) return notRunning;
    deletePool(st, cluster, p, st.now());
    return noContent();
  }));

  // ---- nodes ----
  const nodeIn = (c: SimCluster, id: string) => {
    const n = st.nodes.get(pk(id) ?? -1);
    return n && n.cluster === c.pk ? n : undefined;
  };
  const INITIAL_MASTER = "Initial master node is essential to the cluster and can't be removed.";
  // only transitioning or running nodes are listed (DOCS-2017)
  r.get("/orgs/:org/clusters/:id/nodes", inCluster(({ cluster }) => ok(st.clusterNodes(cluster.pk, true).filter((n) => n.state !== "deleted").sort((a, b) => a.pk - b.pk).map((n) => nodeView(st, n)))));
  r.get("/orgs/:org/clusters/:id/nodes/:node", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    return n ? ok(nodeView(st, n)) : notFound();
  }));
  r.get("/orgs/:org/clusters/:id/nodes/:node/can_delete", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    if (!n) return notFound();
    return n.initial ? detail(400, INITIAL_MASTER) : ok({ eligible: true });
  }));
  r.delete("/orgs/:org/clusters/:id/nodes/:node", inCluster(({ req, cluster }) => {
    const n = nodeIn(cluster, req.params.node);
    if (!n) return notFound();
    if (n.initial) return detail(400, INITIAL_MASTER);
    if (n.state === "deleting" || n.state === "deleted") return noContent();
    const notRunning = running(cluster);
    if (notRunning) return notRunning;
    deleteNode(st, cluster, n, st.now());
    return noContent();
  }));
  r.post("/orgs/:org/clusters/:id/add_node", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const v = validateAddNode(st, cluster, b);
      if ("errors" in v) return fieldErrors(v.errors);
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const pool = v.ok.pool === null ? null : st.pools.get(v.ok.pool) ?? null;
      return ok(addNodes(st, cluster, pool, v.ok.role, v.ok.size, v.ok.count, st.now()).map((n) => nodeView(st, n)), 201);
    })));
}
