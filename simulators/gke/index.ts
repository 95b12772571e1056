import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { simulatorKeyFile } from "./keys";
import { buildRouter, invalidJsonFor, methodNotAllowed, routeNotFound } from "./routes";
import { seed } from "./seed";
import { GkeState } from "./state";
import { injectedError } from "./wire";

export const DEFAULT_PROJECT = "clusterdeck-demo";

function projectNumber(project: string): string {
  let h = 7;
  for (const ch of project) h = (h * 31 + ch.charCodeAt(0)) % 900_000_000_000;
  return String(100_000_000_000 + h);
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function createGkeSimulator(opts: SimulatorOptions, tls = false): SimulatorDefinition & { state: GkeState } {
  const keyText = opts.credentials.serviceAccountKey;
  const project = opts.credentials.projectId || (keyText ? (JSON.parse(keyText) as { project_id?: string }).project_id : undefined) || DEFAULT_PROJECT;
  const state = new GkeState(opts.clock, new SeededRandom(`${opts.seed}:gke:runtime`), { project, projectNumber: projectNumber(project), scheme: tls ? "https" : "http" });
  const reset = () => {
    state.rnd = new SeededRandom(`${opts.seed}:gke:runtime`);
    state.accounts.clear();
    if (keyText) state.accounts.add(JSON.parse(keyText), [project], "admin");
    seed(state, new SeededRandom(`${opts.seed}:gke`));
  };
  reset();

  /** Test hooks under /__sim (never part of Google's API). */
  const admin = new Router()
    // {"key": <service-account key JSON object>, "projects"?: [...], "role"?: "admin" | "viewer"}: trust another key
    .post("/keys", (req) => {
      const b = obj(req.body);
      const k = obj(b.key);
      if (typeof k.client_email !== "string" || typeof k.private_key !== "string") return { status: 400, body: { error: "key with client_email and private_key required" } };
      const projects = Array.isArray(b.projects) ? (b.projects as string[]) : [project];
      state.accounts.add(k as { client_email: string; private_key: string; private_key_id?: string }, projects, b.role === "viewer" ? "viewer" : "admin");
      return { status: 200, body: { keys: state.accounts.size } };
    })
    // {"count": n}: the next n creates end in ERROR (GCE_STOCKOUT) instead of RUNNING
    .post("/fail-next-creates", (req) => {
      const b = obj(req.body);
      state.failNextCreates = typeof b.count === "number" ? Math.max(0, Math.floor(b.count)) : 1;
      return { status: 200, body: { failNextCreates: state.failNextCreates } };
    });

  return {
    name: "gke",
    router: buildRouter(state),
    notFound: routeNotFound,
    methodNotAllowed,
    invalidJson: invalidJsonFor(state),
    reset,
    injectedError,
    admin,
    state,
    describe: () => {
      state.advance();
      const byStatus: Record<string, number> = {};
      for (const c of state.clusters.values()) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      return { project, clusters: state.clusters.size, operations: state.operations.size, byStatus, keys: state.accounts.size };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "gke",
  portEnv: "SIM_GKE_PORT",
  defaultPort: 4106,
  /**
   * The simulator's service-account key: SIM_GKE_KEY_FILE (made there on first start; the demo points
   * it into its data folder), else one generated for this process. SIM_GKE_PROJECT names the project.
   */
  credentialsFromEnv: (env) => {
    const project = env.SIM_GKE_PROJECT || DEFAULT_PROJECT;
    const key = simulatorKeyFile(project, env.SIM_GKE_KEY_FILE || undefined);
    return { serviceAccountKey: JSON.stringify(key), projectId: key.project_id === project ? "" : project };
  },
  create: (opts) => createGkeSimulator(opts),
  demoConnections: (url, credentials) => [{ name: "Google GKE (simulator)", baseUrl: url, credentials, defaultScope: "us-central1" }],
};
