import { SOLUTIONS } from "../catalog";
import { detail, fieldErrors, notFound } from "../errors";
import type { SimCluster } from "../model";
import { isoMicro } from "../state";
import { stringField } from "../validate";
import { solutionView } from "../views";
import { ok, pk, type RouteKit } from "./kit";

/** Solutions installed on a cluster. */
export function solutionRoutes(k: RouteKit) {
  const { r, st, inCluster, withBody, running } = k;
  // newest first, as in the SDK's recorded answer (SDK-mock solutions.json; docs/providers/nks.md §2.5)
  r.get("/orgs/:org/clusters/:id/solutions", inCluster(({ cluster }) =>
    ok([...st.solutions.values()].filter((s) => s.cluster === cluster.pk).sort((a, b) => (a.created === b.created ? b.pk - a.pk : a.created < b.created ? 1 : -1)).map(solutionView))));
  r.post("/orgs/:org/clusters/:id/solutions", inCluster(({ req, cluster }) =>
    withBody(req, (b) => {
      const code = stringField(b, "solution");
      if ("errors" in code) return fieldErrors(code.errors);
      if (!SOLUTIONS[code.ok]) return fieldErrors({ solution: [`"${code.ok}" is not a valid choice.`] });
      const notRunning = running(cluster);
      if (notRunning) return notRunning;
      const at = st.now();
      const sol = { pk: st.nextId("solution", 901), name: SOLUTIONS[code.ok].name, instance_id: `sol${cluster.instance_id.slice(3)}`, cluster: cluster.pk, solution: code.ok, installer: SOLUTIONS[code.ok].installer, keyset: typeof b.keyset === "number" ? b.keyset : null, keyset_name: "", version: "latest", state: "draft", max_nodes: typeof b.max_nodes === "number" ? b.max_nodes : null, initial: false, created: isoMicro(at), updated: isoMicro(at) };
      st.solutions.set(sol.pk, sol);
      st.schedule(at + 2 * 60_000, `cluster:${cluster.pk}:solution:${sol.pk}`, (t) => {
        if (st.solutions.get(sol.pk) !== sol) return;
        sol.state = "installed";
        sol.updated = isoMicro(t);
        st.log(cluster.pk, t, "solution", "solution_install", "success", `${sol.name} installed`, sol.solution);
      });
      return ok(solutionView(sol), 201);
    })));
  const solutionIn = (c: SimCluster, id: string) => {
    const s = st.solutions.get(pk(id) ?? -1);
    return s && s.cluster === c.pk ? s : undefined;
  };
  r.get("/orgs/:org/clusters/:id/solutions/:sol", inCluster(({ req, cluster }) => {
    const s = solutionIn(cluster, req.params.sol);
    return s ? ok(solutionView(s)) : notFound();
  }));
  r.delete("/orgs/:org/clusters/:id/solutions/:sol", inCluster(({ req, cluster }) => {
    const s = solutionIn(cluster, req.params.sol);
    if (!s) return notFound();
    if (s.solution === "helm_tiller") return detail(400, "Helm Tiller is required by other solutions and can't be removed.");
    s.state = "deleting";
    st.cancel(`cluster:${cluster.pk}:solution:${s.pk}`);
    st.schedule(st.now() + 60_000, `cluster:${cluster.pk}:solution:${s.pk}:delete`, () => st.solutions.delete(s.pk));
    return ok(solutionView(s), 202);
  }));
}
