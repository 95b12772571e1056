/**
 * The Kubernetes API server's wire format for what Clusterdeck reads: discovery (/version, /api,
 * /apis), core/v1 nodes, namespaces, pods and events as lists with limit/continue, and errors as
 * metav1.Status objects (docs/providers/kubernetes.md, "Wire format").
 */
import { authorization, Router, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import type { KubernetesSimState, SimCluster, TokenAccess } from "./state";

/** metav1.Status as the API server writes it */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): SimResponse {
  return { status: code, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code } };
}

const unauthorized = () => status(401, "Unauthorized", "Unauthorized");

export function forbidden(user: string, resource: string): SimResponse {
  return status(403, "Forbidden", `${resource} is forbidden: User "${user}" cannot list resource "${resource}" in API group "" at the cluster scope`, { kind: resource });
}

export function injectedStatus(code: number): unknown {
  const [reason, message] =
    code === 429 ? ["TooManyRequests", "Too many requests, please try again later."] : code === 503 ? ["ServiceUnavailable", "the server is currently unable to handle the request"] : code === 502 ? ["InternalError", "Bad Gateway"] : ["InternalError", "Internal error occurred: etcdserver: request timed out"];
  return status(code, reason, message, code === 429 ? { retryAfterSeconds: 1 } : undefined).body;
}

function userOf(req: SimRequest, state: KubernetesSimState): { user: string; access: TokenAccess } | null {
  const a = authorization(req);
  if (!a) return null;
  if (a.scheme === "bearer") {
    const access = state.tokens.get(a.value);
    if (!access || access === "expired") return null;
    return { user: `system:serviceaccount:kube-system:clusterdeck-${access}`, access };
  }
  if (a.scheme === "basic") {
    const pair = Buffer.from(a.value, "base64").toString("utf8");
    if (state.basic.has(pair)) return { user: pair.split(":")[0], access: "full" };
  }
  return null;
}

const ts = (s: string) => s;

function nodeJson(c: SimCluster, n: SimCluster["nodes"][number]) {
  const labels: Record<string, string> = { "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux" };
  for (const r of n.roles) labels[`node-role.kubernetes.io/${r}`] = "";
  if (n.pool) labels["node.kubernetes.io/pool"] = n.pool;
  const hb = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    metadata: { name: n.name, uid: `${n.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: ts(n.createdAt), labels, annotations: { "node.alpha.kubernetes.io/ttl": "0" } },
    spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"], ...(n.ready ? {} : { taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: hb }] }) },
    status: {
      capacity: { cpu: "8", memory: "32807948Ki", pods: "110", "ephemeral-storage": "101430960Ki" },
      allocatable: { cpu: "7910m", memory: "31608332Ki", pods: "110", "ephemeral-storage": "93478772582" },
      conditions: [
        { type: "MemoryPressure", status: n.ready ? "False" : "Unknown", lastHeartbeatTime: hb, lastTransitionTime: n.createdAt, reason: n.ready ? "KubeletHasSufficientMemory" : "NodeStatusUnknown", message: n.ready ? "kubelet has sufficient memory available" : "Kubelet stopped posting node status." },
        { type: "Ready", status: n.ready ? "True" : "Unknown", lastHeartbeatTime: hb, lastTransitionTime: n.createdAt, reason: n.ready ? "KubeletReady" : "NodeStatusUnknown", message: n.ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status." },
      ],
      addresses: [{ type: "InternalIP", address: "10.0.0.10" }, { type: "Hostname", address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: "ec2d3f0e5b1a4c6e8f2a9b7c1d3e5f70",
        systemUUID: "ec2d3f0e-5b1a-4c6e-8f2a-9b7c1d3e5f70",
        bootID: "4b9f2c1e-7a3d-4e8b-9c0f-1a2b3c4d5e6f",
        kernelVersion: "6.8.0-1019-aws",
        osImage: "Ubuntu 24.04.1 LTS",
        containerRuntimeVersion: "containerd://1.7.24",
        kubeletVersion: n.kubelet,
        kubeProxyVersion: n.kubelet,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

function podJson(c: SimCluster, p: SimCluster["pods"][number]) {
  const containerStatus = {
    name: "app",
    image: "registry.example/app:1.4.2",
    imageID: "registry.example/app@sha256:2f0c7a3b",
    containerID: `containerd://${p.name}`,
    ready: p.phase === "Running" && !p.crashLoop,
    started: p.phase === "Running" && !p.crashLoop,
    restartCount: p.restarts,
    state: p.crashLoop
      ? { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" } }
      : p.phase === "Pending"
        ? { waiting: { reason: "ContainerCreating" } }
        : { running: { startedAt: p.createdAt } },
    ...(p.restarts ? { lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: p.createdAt, finishedAt: p.createdAt } } } : {}),
  };
  return {
    metadata: { name: p.name, namespace: p.namespace, uid: `${p.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: p.createdAt, labels: { app: "app" } },
    spec: { nodeName: p.phase === "Pending" ? undefined : p.node, containers: [{ name: "app", image: "registry.example/app:1.4.2", resources: {} }], restartPolicy: "Always", serviceAccountName: "default" },
    status: { phase: p.phase, podIP: "10.244.1.17", startTime: p.createdAt, qosClass: "BestEffort", containerStatuses: [containerStatus] },
  };
}

function eventJson(c: SimCluster, e: SimCluster["events"][number]) {
  return {
    metadata: { name: e.name, namespace: e.namespace, uid: `${e.name}-uid`, resourceVersion: String(c.rv), creationTimestamp: e.first },
    involvedObject: { kind: e.kind, namespace: e.kind === "Node" ? undefined : e.namespace, name: e.object, uid: `${e.object}-uid`, apiVersion: "v1" },
    reason: e.reason,
    message: e.message,
    source: { component: e.kind === "Node" ? "node-controller" : "kubelet" },
    firstTimestamp: e.first,
    lastTimestamp: e.last,
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.kind === "Node" ? "node-controller" : "kubelet",
    reportingInstance: "",
  };
}

/** continue tokens: base64 of {rv, start} as the API server's are opaque base64 JSON */
function decodeContinue(token: string): { rv: number; start: number } | null {
  try {
    const v = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    return Number.isInteger(v.rv) && Number.isInteger(v.start) && v.start >= 0 ? { rv: v.rv, start: v.start } : null;
  } catch {
    return null;
  }
}

function list<T>(req: SimRequest, c: SimCluster, kind: string, items: T[], render: (t: T) => unknown): SimResponse {
  const limitRaw = req.query.get("limit");
  const limit = limitRaw && /^\d+$/.test(limitRaw) ? Number(limitRaw) : 0;
  const cont = req.query.get("continue");
  let start = 0;
  if (cont) {
    const d = decodeContinue(cont);
    if (!d) return status(400, "BadRequest", "continue key is not valid: illegal base64 data at input byte 0");
    if (d.rv !== c.rv) return status(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
    start = d.start;
  }
  const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
  const metadata: Record<string, unknown> = { resourceVersion: String(c.rv) };
  if (end < items.length) {
    metadata.continue = Buffer.from(JSON.stringify({ rv: c.rv, start: end })).toString("base64");
    metadata.remainingItemCount = items.length - end;
  }
  return { status: 200, body: { kind, apiVersion: "v1", metadata, items: items.slice(start, end).map(render) } };
}

/** fieldSelector for events: the API server supports type=, involvedObject.kind=, reason= (and more); others are 400 */
function eventFilter(selector: string | null): ((e: SimCluster["events"][number]) => boolean) | SimResponse {
  if (!selector) return () => true;
  const tests: ((e: SimCluster["events"][number]) => boolean)[] = [];
  for (const part of selector.split(",")) {
    const m = /^([\w.]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) return status(400, "BadRequest", `unable to parse requirement: invalid field selector: '${part}'`);
    const [, field, op, value] = m;
    const get: Record<string, (e: SimCluster["events"][number]) => string> = { type: (e) => e.type, reason: (e) => e.reason, "involvedObject.kind": (e) => e.kind, "involvedObject.name": (e) => e.object, "metadata.namespace": (e) => e.namespace };
    const g = get[field];
    if (!g) return status(400, "BadRequest", `field label not supported: ${field}`);
    tests.push(op === "!=" ? (e) => g(e) !== value : (e) => g(e) === value);
  }
  return (e) => tests.every((t) => t(e));
}

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
