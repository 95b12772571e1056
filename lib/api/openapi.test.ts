/** The OpenAPI document lists every route of app/api/v1 with its methods, from the routes' own schemas. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument, openApiPath } from "./openapi";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? routeFiles(p) : f === "route.ts" ? [p] : [];
  });
}

describe("openApiDocument", () => {
  const doc = openApiDocument("test");

  it("has every route file and every method it exports", () => {
    const files = routeFiles("app/api/v1").filter((f) => !f.includes("openapi.json"));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const route = openApiPath(`/${path.dirname(file).replace(/^app\//, "")}`);
      const methods = [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1].toLowerCase());
      expect(doc.paths[route], `${route} (${file}) is in the document: add it to lib/api/openapi-routes.ts`).toBeDefined();
      for (const m of methods) expect(doc.paths[route][m], `${m.toUpperCase()} ${route}`).toBeDefined();
    }
  });

  it("describes request bodies, query and path parameters from the zod schemas", () => {
    const create = doc.paths["/api/v1/clusters"].post as { requestBody: { content: { "application/json": { schema: unknown } } } };
    const text = JSON.stringify(create.requestBody.content["application/json"].schema);
    for (const field of ["connectionId", "scope", "name"]) expect(text).toContain(`"${field}"`);
    const list = doc.paths["/api/v1/clusters"].get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "sort", "page", "pageSize", "format"]));
    const one = doc.paths["/api/v1/clusters/{id}"].get as { parameters: { name: string; in: string; required: boolean }[] };
    expect(one.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => (o as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.openapi).toBe("3.1.0");
  });
});
