/**
 * Direct database access for e2e checks that cannot be driven through the UI (e.g. making a session
 * expire server-side): the PostgreSQL project's E2E_DATABASE_URL, or the embedded database of the
 * pglite server through its socket (its URL is in E2E_DATA_DIR/embedded.lock).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { TestInfo } from "@playwright/test";
import pg from "pg";

export function databaseUrlFor(testInfo: TestInfo): string {
  if (testInfo.project.name === "postgres") return process.env.E2E_DATABASE_URL!;
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it for the pglite server)");
  return (JSON.parse(readFileSync(path.join(dir, "embedded.lock"), "utf8")) as { url: string }).url;
}

export async function withDatabase<T>(testInfo: TestInfo, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(testInfo) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
