/**
 * CloudFerro Managed Kubernetes simulator.
 *
 * Env: SIM_CLOUDFERRO_PORT (default 4102), SIM_CLOUDFERRO_TOKEN (default DEFAULT_TOKEN),
 * SIM_CLOUDFERRO_TOKENS (optional JSON list of extra tokens: [{"token","region","roles": [...] | "all" | "read-only"}]).
 * Regions are path prefixes: http://127.0.0.1:4102/{waw3-1,waw4-1,fra1-2}/api/v1.
 * Tokens: WAW3-1 accepts SIM_CLOUDFERRO_TOKEN itself, the other regions `<token>-<region lower-case>`;
 * each region also has `<region token>-readonly` with the read-only roles. More via POST /__sim/tokens.
 */
import type { SimulatorDefinition } from "../kit/server";
import type { SimulatorModule } from "../kit/types";
import { DEFAULT_TOKEN, GRPC, READ_ONLY_ROLES, REGIONS, ROLES, regionToken, type Role } from "./config";
import type { SimToken } from "./model";
import { buildAdminRouter } from "./admin";
import { buildRouter } from "./routes";
import { CloudferroState, isRegionName, isRole } from "./state";
import { errorBody } from "./wire";

function extraTokensFromEnv(value: string | undefined): SimToken[] {
  if (!value) return [];
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch (e) {
    throw new Error(`SIM_CLOUDFERRO_TOKENS is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(list)) throw new Error("SIM_CLOUDFERRO_TOKENS must be a JSON list");
  return list.map((t: { token?: unknown; region?: unknown; roles?: unknown }) => {
    if (typeof t.token !== "string" || typeof t.region !== "string" || !isRegionName(t.region)) throw new Error("SIM_CLOUDFERRO_TOKENS items need token and a simulated region");
    const roles: Role[] =
      t.roles === "read-only" ? [...READ_ONLY_ROLES] : Array.isArray(t.roles) ? t.roles.filter((r): r is Role => typeof r === "string" && isRole(r)) : [...ROLES];
    return { token: t.token, region: t.region, roles: new Set(roles) };
  });
}

export const simulator: SimulatorModule = {
  kind: "cloudferro",
  portEnv: "SIM_CLOUDFERRO_PORT",
  defaultPort: 4102,
  credentialsFromEnv: (env) => ({ token: env.SIM_CLOUDFERRO_TOKEN || DEFAULT_TOKEN }),
  create({ clock, seed, credentials }): SimulatorDefinition {
    const state = new CloudferroState(clock, seed, credentials.token || DEFAULT_TOKEN, extraTokensFromEnv(process.env.SIM_CLOUDFERRO_TOKENS));
    const now = () => clock.now();
    return {
      name: "cloudferro",
      router: buildRouter(state, now),
      admin: buildAdminRouter(state, now),
      // gRPC-gateway answers for unknown routes and methods
      notFound: () => ({ status: 404, body: errorBody(GRPC.NOT_FOUND, "Not Found") }),
      methodNotAllowed: () => ({ status: 405, body: errorBody(GRPC.UNIMPLEMENTED, "Method Not Allowed") }),
      invalidJson: () => ({ status: 400, body: errorBody(GRPC.INVALID_ARGUMENT, "proto: syntax error: unexpected token in request body") }),
      reset: () => state.reset(),
      describe: () => state.describe(),
      injectedError: (status) => {
        if (status === 429) return errorBody(GRPC.RESOURCE_EXHAUSTED, "too many requests");
        if (status === 500) return errorBody(GRPC.INTERNAL, "internal error");
        return errorBody(GRPC.UNAVAILABLE, status === 502 ? "upstream connect error or disconnect/reset before headers" : "service unavailable");
      },
    };
  },
  demoConnections: (url, credentials) =>
    REGIONS.map((r, i) => ({
      name: `CloudFerro ${r.name} (simulator)`,
      baseUrl: `${url.replace(/\/+$/, "")}/${r.prefix}/api/v1`,
      credentials: { token: regionToken(credentials.token || DEFAULT_TOKEN, i) },
      defaultScope: r.name,
    })),
};
