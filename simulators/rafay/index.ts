import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { injectedError, invalidJson, methodNotAllowed, routeNotFound } from "./errors";
import { asObj } from "./lifecycle";
import { CONDITION_TYPES, type ConditionType } from "./model";
import { buildRouter } from "./routes";
import { seed } from "./seed";
import { RafayState } from "./state";

/** Demo credentials: a new-style key id (`ra2.<40 hex>`) and its secret (64 hex), as Rafay issues them. */
export const DEMO_API_KEY = "ra2.5f0c2a9e41d87b36e2c1a0f94d3b7e6a18c5f203";
export const DEMO_API_SECRET = "9b1e6f3c0a7d24e85f19c3b7a60d2e4f8c1b5a9073e6d2f41a8c0b7e5d3f2a16";

/**
 * Header values the simulator accepts for a key + secret (docs/providers/rafay.md §2.2): a two-part `ra2.<id>` key
 * with its secret is sent as the dotted token `ra2.<id>.<secret>`; a bare (legacy) key is sent alone.
 */
export function acceptedHeaderValues(credentials: Record<string, string>): string[] {
  const key = credentials.apiKey ?? DEMO_API_KEY;
  const secret = credentials.apiSecret ?? "";
  if (/^ra2\.[0-9a-f]+$/i.test(key) && secret) return [`${key}.${secret}`];
  return [key];
}

export function createRafaySimulator(opts: SimulatorOptions): SimulatorDefinition & { state: RafayState } {
  const state = new RafayState(opts.clock, `${opts.seed}:rafay:runtime`);
  const reset = () => {
    state.rnd = new SeededRandom(`${opts.seed}:rafay:runtime`);
    seed(state, new SeededRandom(`${opts.seed}:rafay`), acceptedHeaderValues(opts.credentials));
  };
  reset();

  /** Test hooks under /__sim (never part of the Rafay API). */
  const admin = new Router()
    // {"operation": "provision" | "upgrade", "condition"?: "ClusterCheckInSucceeded", "reason"?: "..."}:
    // the next create (or upgrade) ends in StatusFailed with that reason
    .post("/fail-next", (req) => {
      const b = asObj(req.body);
      const operation = b.operation === "upgrade" ? "upgrade" : "provision";
      const condition = (CONDITION_TYPES as readonly string[]).includes(String(b.condition)) ? (b.condition as ConditionType) : "ClusterBlueprintSyncSucceeded";
      const reason = typeof b.reason === "string" && b.reason ? b.reason : operation === "upgrade" ? "upgrade failed: control plane did not become healthy" : "blueprint sync failed: addon rafay-prometheus timed out";
      state.failNext.push({ operation, failure: { condition: operation === "provision" ? condition : undefined, reason } });
      return { status: 200, body: { pending: state.failNext.length } };
    })
    // {"expired": true}: the demo key answers 401 "API key has expired" until reset
    .post("/expire-key", (req) => {
      state.keyExpired = asObj(req.body).expired !== false;
      return { status: 200, body: { expired: state.keyExpired } };
    });

  return {
    name: "rafay",
    router: buildRouter(state),
    notFound: routeNotFound,
    methodNotAllowed,
    invalidJson,
    reset,
    injectedError,
    admin,
    state,
    describe: () => {
      state.tick();
      const byProject: Record<string, number> = {};
      for (const c of state.clusters.values()) byProject[c.project] = (byProject[c.project] ?? 0) + 1;
      return { projects: state.projects.size, blueprints: state.blueprints.length, clusters: state.clusters.size, byProject };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "rafay",
  portEnv: "SIM_RAFAY_PORT",
  defaultPort: 4104,
  credentialsFromEnv: (env) => ({ apiKey: env.SIM_RAFAY_API_KEY || DEMO_API_KEY, apiSecret: env.SIM_RAFAY_API_SECRET || DEMO_API_SECRET }),
  create: createRafaySimulator,
  demoConnections: (url, credentials) => [{ name: "Rafay (simulator)", baseUrl: url, credentials, defaultScope: "defaultproject" }],
};
