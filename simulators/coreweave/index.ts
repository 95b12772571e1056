import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { DEFAULT_SUPPORTED_VERSIONS } from "./catalog";
import { injectedError } from "./errors";
import { buildRouter, invalidJson, methodNotAllowed, routeNotFound } from "./routes";
import { seed } from "./seed";
import { CoreWeaveState, type SimConfig } from "./state";
import { isObj } from "./validate";

export const DEFAULT_TOKEN = "cw-demo-token-0123456789abcdef";

function defaultConfig(env: NodeJS.ProcessEnv = process.env): SimConfig {
  const versions = env.SIM_COREWEAVE_VERSIONS?.split(",").map((s) => s.trim()).filter(Boolean);
  return { supportedVersions: versions?.length ? versions : [...DEFAULT_SUPPORTED_VERSIONS], clusterQuotaPerZone: 50, emitDefaults: false };
}

export function createCoreWeaveSimulator(opts: SimulatorOptions): SimulatorDefinition & { state: CoreWeaveState } {
  const token = opts.credentials.token ?? DEFAULT_TOKEN;
  const state = new CoreWeaveState(opts.clock, new SeededRandom(`${opts.seed}:coreweave:runtime`), defaultConfig());
  const reset = () => {
    state.config = defaultConfig();
    state.rnd = new SeededRandom(`${opts.seed}:coreweave:runtime`);
    seed(state, new SeededRandom(`${opts.seed}:coreweave`), token);
  };
  reset();

  /** Test hooks under /__sim (never part of the CoreWeave API). */
  const admin = new Router()
    // {"token": "...", "access": "read" | "write"}: read tokens get 403 PERMISSION_DENIED on mutations
    .post("/tokens", (req) => {
      const b = isObj(req.body) ? req.body : {};
      if (typeof b.token !== "string" || !b.token) return { status: 400, body: { error: "token required" } };
      state.tokens.set(b.token, b.access === "read" ? "read" : "write");
      return { status: 200, body: { tokens: state.tokens.size } };
    })
    // {"count": n}: the next n creates end in STATUS_FAILED instead of STATUS_RUNNING
    .post("/fail-next-creates", (req) => {
      const b = isObj(req.body) ? req.body : {};
      state.failNextCreates = typeof b.count === "number" ? Math.max(0, Math.floor(b.count)) : 1;
      return { status: 200, body: { failNextCreates: state.failNextCreates } };
    })
    // {"emitDefaults"?: bool, "clusterQuotaPerZone"?: n, "supportedVersions"?: ["v1.34", ...]}
    .put("/config", (req) => {
      const b = isObj(req.body) ? req.body : {};
      if (typeof b.emitDefaults === "boolean") state.config.emitDefaults = b.emitDefaults;
      if (typeof b.clusterQuotaPerZone === "number") state.config.clusterQuotaPerZone = b.clusterQuotaPerZone;
      if (Array.isArray(b.supportedVersions) && b.supportedVersions.every((v) => typeof v === "string")) state.config.supportedVersions = b.supportedVersions as string[];
      return { status: 200, body: state.config };
    });

  return {
    name: "coreweave",
    router: buildRouter(state),
    notFound: routeNotFound,
    methodNotAllowed,
    invalidJson,
    reset,
    injectedError,
    admin,
    state,
    describe: () => {
      state.advance();
      const byStatus: Record<string, number> = {};
      for (const c of state.clusters.values()) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      return { clusters: state.clusters.size, vpcs: state.vpcs.size, byStatus, config: state.config };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "coreweave",
  portEnv: "SIM_COREWEAVE_PORT",
  defaultPort: 4103,
  credentialsFromEnv: (env) => ({ token: env.SIM_COREWEAVE_TOKEN || DEFAULT_TOKEN }),
  create: createCoreWeaveSimulator,
  demoConnections: (url, credentials) => [{ name: "CoreWeave (simulator)", baseUrl: url, credentials, defaultScope: "US-EAST-04A" }],
};
