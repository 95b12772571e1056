/**
 * Vitest global setup: one throwaway PostgreSQL for the whole run. Its URL reaches the test files as
 * `process.env.TEST_DATABASE_URL` (and through `inject("testDatabaseUrl")`). An externally provided
 * TEST_DATABASE_URL is used as is.
 */
import type { TestProject } from "vitest/node";
import { startTestPostgres, type TestPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

let server: TestPostgres | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    server = await startTestPostgres();
    url = server.adminUrl;
    process.env.TEST_DATABASE_URL = url;
  }
  project.provide("testDatabaseUrl", url);
  return async () => {
    await server?.stop();
  };
}
