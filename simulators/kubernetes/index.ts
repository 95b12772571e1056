import { dump as yamlDump } from "js-yaml";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { buildRouter, injectedStatus, methodNotAllowed, notFound } from "./routes";
import { KubernetesSimState, SPECS, type TokenAccess } from "./state";

export const DEFAULT_TOKEN = "k8s-demo-token-0123456789abcdef";

/**
 * A kubeconfig for the simulated clusters at `url` (one context per cluster, server
 * `<url>/clusters/<name>`), trusting `ca` as certificate-authority-data, authenticating with `token`.
 */
export function simulatorKubeconfig(url: string, token: string, ca: string | undefined, clusters: string[] = SPECS.map((s) => s.name)): string {
  const caData = ca ? Buffer.from(ca).toString("base64") : undefined;
  return yamlDump({
    apiVersion: "v1",
    kind: "Config",
    "current-context": clusters[0],
    clusters: clusters.map((name) => ({ name, cluster: { server: `${url}/clusters/${name}`, ...(caData ? { "certificate-authority-data": caData } : {}) } })),
    users: [{ name: "clusterdeck-reader", user: { token } }],
    contexts: clusters.map((name) => ({ name, context: { cluster: name, user: "clusterdeck-reader" } })),
    preferences: {},
  });
}

export function createKubernetesSimulator(opts: SimulatorOptions): SimulatorDefinition & { state: KubernetesSimState } {
  const token = opts.credentials.token ?? DEFAULT_TOKEN;
  const state = new KubernetesSimState(opts.clock);
  const reset = () => state.seed(opts.seed, token);
  reset();

  /** Test hooks under /__sim (never part of the Kubernetes API). */
  const admin = new Router()
    // {"token": "...", "access": "full" | "no-nodes" | "no-events" | "expired"}
    .post("/tokens", (req) => {
      const b = (req.body ?? {}) as { token?: unknown; access?: unknown };
      const access = (["full", "no-nodes", "no-events", "expired"] as const).find((a) => a === b.access) ?? "full";
      if (typeof b.token !== "string" || !b.token) return { status: 400, body: { error: "token required" } };
      state.tokens.set(b.token, access as TokenAccess);
      return { status: 200, body: { tokens: state.tokens.size } };
    })
    // {"user": "...", "password": "..."}: accepted as basic auth
    .post("/basic", (req) => {
      const b = (req.body ?? {}) as { user?: unknown; password?: unknown };
      if (typeof b.user !== "string" || typeof b.password !== "string") return { status: 400, body: { error: "user and password required" } };
      state.basic.add(`${b.user}:${b.password}`);
      return { status: 200, body: { basic: state.basic.size } };
    })
    // {"to": "https://..." | null}: every cluster answer becomes a 302 there
    .put("/redirect", (req) => {
      const b = (req.body ?? {}) as { to?: unknown };
      state.redirectTo = typeof b.to === "string" && b.to ? b.to : null;
      return { status: 200, body: { redirectTo: state.redirectTo } };
    })
    // the kubeconfig of the simulated clusters (tests and the demo); ?token= overrides the token
    .get("/kubeconfig", (req) => ({ status: 200, text: simulatorKubeconfig(`${req.headers["x-forwarded-proto"] ?? "https"}://${req.headers.host}`, req.query.get("token") ?? token, undefined) }));

  return {
    name: "kubernetes",
    router: buildRouter(state),
    notFound,
    methodNotAllowed,
    reset,
    injectedError: injectedStatus,
    admin,
    state,
    describe: () => ({
      clusters: [...state.clusters.values()].map((c) => ({ name: c.name, version: c.gitVersion, nodes: c.nodes.length, notReady: c.nodes.filter((n) => !n.ready).length, pods: c.pods.length, events: c.events.length })),
    }),
  };
}

export const simulator: SimulatorModule = {
  kind: "kubernetes",
  portEnv: "SIM_KUBERNETES_PORT",
  defaultPort: 4108,
  tls: true,
  credentialsFromEnv: (env) => ({ token: env.SIM_KUBERNETES_TOKEN || DEFAULT_TOKEN }),
  create: createKubernetesSimulator,
  demoConnections: (url, credentials, tls) => [
    { name: "Kubernetes API (simulator)", baseUrl: `${url}/clusters/${SPECS[0].name}`, credentials: { kubeconfig: simulatorKubeconfig(url, credentials.token ?? DEFAULT_TOKEN, tls?.ca) } },
  ],
};
