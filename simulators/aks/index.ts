import { SeededRandom } from "@/simulators/kit/random";
import { Router, type SimulatorDefinition } from "@/simulators/kit/server";
import type { SimulatorModule, SimulatorOptions } from "@/simulators/kit/types";
import { injectedError } from "./arm";
import { buildRouter, invalidJson, methodNotAllowed, routeNotFound } from "./routes";
import { seed } from "./seed";
import { AksState } from "./state";

export const DEFAULT_CREDENTIALS = {
  tenantId: "6f1d2c8e-4a3b-4c5d-9e7f-0a1b2c3d4e5f",
  clientId: "3c9e8b7a-1d2f-4e6a-8b0c-5d4e3f2a1b0c",
  clientSecret: "sim~aks.Demo-Client-Secret_0123456789abcdef",
  subscriptionId: "9b2f4c6d-8e0a-4b1c-a3d5-e7f9a1b3c5d7",
};

export function createAksSimulator(opts: SimulatorOptions): SimulatorDefinition & { state: AksState } {
  const creds = { ...DEFAULT_CREDENTIALS, ...opts.credentials };
  const state = new AksState(opts.clock, new SeededRandom(`${opts.seed}:aks:runtime`), creds);
  const reset = () => {
    state.rnd = new SeededRandom(`${opts.seed}:aks:runtime`);
    state.entra.readOnlyClients.clear();
    state.pageSize = 100;
    seed(state, new SeededRandom(`${opts.seed}:aks`));
  };
  reset();

  /** Test hooks under /__sim (never part of Azure's API). */
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  const admin = new Router()
    // {"count": n}: the next n cluster creates end Failed (operation status Failed with an error)
    .post("/fail-next-creates", (req) => {
      const b = isObj(req.body) ? req.body : {};
      state.failNextCreates = typeof b.count === "number" ? Math.max(0, Math.floor(b.count)) : 1;
      return { status: 200, body: { failNextCreates: state.failNextCreates } };
    })
    // {"clientId": "...", "readOnly": true}: that client's writes answer 403 AuthorizationFailed
    .post("/read-only-clients", (req) => {
      const b = isObj(req.body) ? req.body : {};
      if (typeof b.clientId !== "string") return { status: 400, body: { error: "clientId required" } };
      if (b.readOnly === false) state.entra.readOnlyClients.delete(b.clientId);
      else state.entra.readOnlyClients.add(b.clientId);
      return { status: 200, body: { readOnlyClients: [...state.entra.readOnlyClients] } };
    })
    // {"pageSize": n}: clusters per list page (nextLink paging)
    .put("/config", (req) => {
      const b = isObj(req.body) ? req.body : {};
      if (typeof b.pageSize === "number" && b.pageSize >= 1) state.pageSize = Math.floor(b.pageSize);
      return { status: 200, body: { pageSize: state.pageSize } };
    });

  const router = buildRouter(state);
  return {
    name: "aks",
    router,
    notFound: routeNotFound,
    methodNotAllowed,
    // Entra's token endpoint takes a form body, not JSON: route it as usual
    invalidJson: (req) => {
      const m = router.match(req.method, req.path);
      if (/application\/x-www-form-urlencoded/i.test(String(req.headers["content-type"] ?? "")) && m && m !== "method") return m.handler({ ...req, params: m.params }) as ReturnType<typeof invalidJson>;
      return invalidJson();
    },
    reset,
    injectedError,
    admin,
    state,
    describe: () => {
      state.advance();
      const byState: Record<string, number> = {};
      for (const c of state.clusters.values()) byState[c.provisioningState] = (byState[c.provisioningState] ?? 0) + 1;
      return { clusters: state.clusters.size, resourceGroups: state.resourceGroups.size, operations: state.operations.size, byState };
    },
  };
}

export const simulator: SimulatorModule = {
  kind: "aks",
  portEnv: "SIM_AKS_PORT",
  defaultPort: 4107,
  // MSAL only talks to an https authority and Azure's bearer policy refuses http
  tls: true,
  credentialsFromEnv: (env) => ({
    tenantId: env.SIM_AKS_TENANT_ID || DEFAULT_CREDENTIALS.tenantId,
    clientId: env.SIM_AKS_CLIENT_ID || DEFAULT_CREDENTIALS.clientId,
    clientSecret: env.SIM_AKS_CLIENT_SECRET || DEFAULT_CREDENTIALS.clientSecret,
    subscriptionId: env.SIM_AKS_SUBSCRIPTION_ID || DEFAULT_CREDENTIALS.subscriptionId,
  }),
  create: createAksSimulator,
  demoConnections: (url, credentials) => [{ name: "Azure AKS (simulator)", baseUrl: url, credentials, defaultScope: credentials.subscriptionId }],
};
