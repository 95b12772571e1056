/**
 * The Kubernetes API server's wire format for what Clusterdeck reads: discovery (/version, /api,
 * /apis), core/v1 nodes, namespaces, pods and events as lists with limit/continue, and errors as
 * metav1.Status objects (docs/providers/kubernetes.md, "Wire format").
 */
import { Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import type { KubernetesSimState, SimCluster } from "./state";
import { status, unauthorized, forbidden, userOf } from "./routes/status";
import { nodeJson, podJson, eventJson } from "./routes/objects";
import { list, eventFilter } from "./routes/lists";

export { injectedStatus } from "./routes/status";

export function buildRouter(state: KubernetesSimState): Router {
  const r = new Router();
  const withCluster = (need: "nodes" | "namespaces" | "pods" | "events" | null, fn: (req: SimRequest, c: SimCluster) => SimResponse): ((req: SimRequest) => SimResponse) => {
    return (req) => {
      const c = state.clusters.get(req.params.cluster);
      if (!c) return { status: 404, text: "404 page not found\n" };
      if (state.redirectTo) return { status: 302, headers: { Location: state.redirectTo }, text: "" };
      const who = userOf(req, state);
      if (!who) return unauthorized();
      if (need && ((who.access === "no-nodes" && need === "nodes") || (who.access === "no-events" && need === "events"))) return forbidden(who.user, need);
      return fn(req, c);
    };
  };
  const P = "/clusters/:cluster";
  r.get(`${P}/version`, withCluster(null, (_req, c) => {
    const m = /^v(\d+)\.(\d+)/.exec(c.gitVersion)!;
    return { status: 200, body: { major: m[1], minor: m[2], emulationMajor: m[1], emulationMinor: m[2], minCompatibilityMajor: m[1], minCompatibilityMinor: String(Number(m[2]) - 1), gitVersion: c.gitVersion, gitCommit: "6fd8f4ea9d53c1a4c3f0bbd2e0c9d1f6a4b5c7e8", gitTreeState: "clean", buildDate: c.buildDate, goVersion: c.goVersion, compiler: "gc", platform: c.platform } };
  }));
  r.get(`${P}/api`, withCluster(null, () => ({ status: 200, body: { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.10:6443" }] } })));
  r.get(`${P}/apis`, withCluster(null, () => ({
    status: 200,
    body: {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: ["apps", "batch", "events.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io"].map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: "v1" }], preferredVersion: { groupVersion: `${name}/v1`, version: "v1" } })),
    },
  })));
  r.get(`${P}/api/v1`, withCluster(null, () => ({
    status: 200,
    body: {
      kind: "APIResourceList",
      groupVersion: "v1",
      resources: [
        { name: "events", singularName: "event", namespaced: true, kind: "Event", verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["ev"] },
        { name: "namespaces", singularName: "namespace", namespaced: false, kind: "Namespace", verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"] },
        { name: "nodes", singularName: "node", namespaced: false, kind: "Node", verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["no"] },
        { name: "pods", singularName: "pod", namespaced: true, kind: "Pod", verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["po"] },
      ],
    },
  })));
  r.get(`${P}/api/v1/nodes`, withCluster("nodes", (req, c) => list(req, c, "NodeList", c.nodes, (n) => nodeJson(c, n))));
  r.get(`${P}/api/v1/namespaces`, withCluster("namespaces", (req, c) =>
    list(req, c, "NamespaceList", c.namespaces, (n) => ({ metadata: { name: n.name, uid: `${n.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: n.createdAt, labels: { "kubernetes.io/metadata.name": n.name } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } })),
  ));
  r.get(`${P}/api/v1/pods`, withCluster("pods", (req, c) => list(req, c, "PodList", c.pods, (p) => podJson(c, p))));
  r.get(`${P}/api/v1/events`, withCluster("events", (req, c) => {
    const f = eventFilter(req.query.get("fieldSelector"));
    if (typeof f !== "function") return f;
    return list(req, c, "EventList", c.events.filter(f), (e) => eventJson(c, e));
  }));
  return r;
}

export function notFound(req: SimRequest): SimResponse {
  // resource paths answer a Status; other paths the mux's plain text
  if (/\/api\/v1\//.test(req.path)) return status(404, "NotFound", "the server could not find the requested resource");
  return { status: 404, text: "404 page not found\n" };
}

export function methodNotAllowed(req: SimRequest): SimResponse {
  return status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${req.method})`);
}
