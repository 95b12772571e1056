import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { injectedError, methodNotAllowed, notFound } from "./errors";
import { buildRouter, invalidJsonResponse } from "./routes";
import { seed } from "./seed";
import { NksState } from "./state";
import { isObject } from "./validate";

export const DEFAULT_TOKEN = "nks-demo-token-0123456789abcdef";
export const DEFAULT_PORT = 4101;

export function createNksSimulator(opts: SimulatorOptions): SimulatorDefinition & { state: NksState } {
  const token = opts.credentials.token || DEFAULT_TOKEN;
  const state = new NksState(opts.clock, new SeededRandom(`${opts.seed}:nks:runtime`));
  const reset = () => {
    state.rnd = new SeededRandom(`${opts.seed}:nks:runtime`);
    seed(state, new SeededRandom(`${opts.seed}:nks`), token);
  };
  reset();
  const { router, authFirst } = buildRouter(state);

  /** Simulator-only controls under /__sim (never part of the NKS surface). */
  const admin = new Router()
    // {"count": n}: the next n cluster builds fail at server provisioning (provider_build failure)
    .post("/fail-next-creates", (req) => {
      const b = isObject(req.body) ? req.body : {};
      state.failNextCreates = typeof b.count === "number" ? Math.max(0, Math.floor(b.count)) : 1;
      return { status: 200, body: { failNextCreates: state.failNextCreates } };
    })
    // {"kind": "org" | "cluster" | "pool", "pk": n, "name": "..."}: renames a record as a hostile or odd
    // provider might name it (any length, any characters), to test how the dashboard shows such text
    .post("/rename", (req) => {
      const b = isObject(req.body) ? req.body : {};
      const maps = { org: state.orgs, cluster: state.clusters, pool: state.pools } as const;
      const map = typeof b.kind === "string" && Object.hasOwn(maps, b.kind) ? maps[b.kind as keyof typeof maps] : undefined;
      const rec = map && typeof b.pk === "number" ? map.get(b.pk) : undefined;
      if (!rec || typeof b.name !== "string") return { status: 400, body: { error: "kind (org, cluster or pool), the pk of an existing record and a name are required" } };
      rec.name = b.name;
      return { status: 200, body: { kind: b.kind, pk: b.pk, length: b.name.length } };
    })
    // {"token": "...", "user": pk}: issue another token for a seeded user
    .post("/tokens", (req) => {
      const b = isObject(req.body) ? req.body : {};
      if (typeof b.token !== "string" || !b.token || typeof b.user !== "number" || !state.users.has(b.user)) return { status: 400, body: { error: "token and a seeded user pk are required" } };
      state.tokens.set(b.token, b.user);
      return { status: 200, body: { tokens: state.tokens.size } };
    });

  return {
    name: "nks",
    router,
    // Django answers unknown URLs before authentication
    notFound: () => notFound(),
    methodNotAllowed: (req) => authFirst(req, () => methodNotAllowed(req)),
    invalidJson: (req) => authFirst(req, () => invalidJsonResponse(req)),
    reset,
    injectedError,
    admin,
    state,
    describe: () => {
      state.advance();
      const byState: Record<string, number> = {};
      for (const c of state.clusters.values()) byState[c.state] = (byState[c.state] ?? 0) + 1;
      return { orgs: state.orgs.size, clusters: state.clusters.size, nodePools: state.pools.size, nodes: state.nodes.size, byState, failNextCreates: state.failNextCreates };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "nks",
  portEnv: "SIM_NKS_PORT",
  defaultPort: DEFAULT_PORT,
  credentialsFromEnv: (env) => ({ token: env.SIM_NKS_TOKEN || DEFAULT_TOKEN }),
  create: createNksSimulator,
  demoConnections: (url, credentials) => [{ name: "NetApp Kubernetes Service (simulator)", baseUrl: url, credentials, defaultScope: "41" }],
};

