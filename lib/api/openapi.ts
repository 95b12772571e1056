/**
 * The dashboard's API as an OpenAPI 3.1 document, generated from the very zod schemas the routes
 * validate with (apiRoute attaches them to each handler) and the permission each one needs.
 */
import { z } from "zod";
import { PERMISSIONS } from "@/lib/auth/roles";
import type { RouteOptions } from "./handler";
import { API_ROUTES } from "./openapi-routes";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = { route?: RouteOptions<unknown, unknown, unknown> };
type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  // what a caller sends (input side); transforms and refinements that JSON Schema cannot say become {}
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** "/api/v1/clusters/[id]" → "/api/v1/clusters/{id}" */
export function openApiPath(routePath: string): string {
  return routePath.replace(/\[(\w+)\]/g, "{$1}");
}

function parameters(opts: RouteOptions<unknown, unknown, unknown>, path: string) {
  const out: Record<string, unknown>[] = [];
  for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
    const props = opts.params ? ((jsonSchema(opts.params).properties ?? {}) as Record<string, JsonSchema>) : {};
    out.push({ name, in: "path", required: true, schema: props[name] ?? { type: "string" } });
  }
  if (opts.query) {
    const s = jsonSchema(opts.query);
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
      out.push({ name, in: "query", required: required.has(name) && !("default" in schema), schema });
    }
  }
  return out;
}

const ERROR = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ERROR } } });

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { path: routePath, module } of API_ROUTES) {
    const path = openApiPath(routePath);
    for (const method of METHODS) {
      const handler = (module as Record<string, unknown>)[method] as Handler | undefined;
      const opts = handler?.route;
      if (!opts) continue;
      const role = PERMISSIONS[opts.permission];
      (paths[path] ??= {})[method.toLowerCase()] = {
        operationId: `${method.toLowerCase()}${opts.name.replace(/^\/api\/v1/, "").replace(/\[(\w+)\]/g, "By-$1").replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
        summary: `${method} ${path}`,
        description: `Needs the ${role} role or higher (permission \`${opts.permission}\`).${method !== "GET" ? " Cookie sessions must send a matching Origin header; API tokens need none." : ""}`,
        "x-permission": opts.permission,
        parameters: parameters(opts, path),
        ...(opts.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(opts.documentedBody?.() ?? opts.body) } } } } : {}),
        responses: {
          "200": { description: "Success (JSON; 202 with the tracked operation for create, upgrade, delete and node-pool changes)" },
          "400": errorResponse("Invalid input: the message and `details.fields` name the problem"),
          "401": errorResponse("No or expired credentials"),
          "403": errorResponse("The role is below the permission, or a cross-origin cookie request"),
          "404": errorResponse("Not found (or another team's)"),
          "409": errorResponse("Conflict (e.g. an operation already runs on the cluster)"),
          "429": errorResponse("Rate limited: see Retry-After"),
          "502": errorResponse("The provider failed or answered something unexpected"),
          "503": errorResponse("A dependency (provider or database) is unavailable: see Retry-After"),
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Clusterdeck API", version, description: "The dashboard's own API: every page uses it, and so can automation with a personal API token (Settings → API tokens). See docs/api.md for examples." },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token `cdk_…`" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session (`__Secure-` prefixed over https) (mutating requests need a same-origin Origin header)" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "object" } } } },
        },
      },
    },
    paths,
  };
}
