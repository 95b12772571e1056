/**
 * One fresh, migrated PostgreSQL database per test file:
 *
 *   const url = await createTestDatabase();   // also sets process.env.DATABASE_URL
 *
 * Call it before the first getPrisma() (e.g. in beforeAll). Needs the Vitest global setup's server.
 */
import { applyMigrations } from "@/lib/db/migrate";
import { createTestDatabase as createEmptyDatabase } from "./postgres";

export async function createTestDatabase(prefix = "t", opts: { setEnv?: boolean } = {}): Promise<string> {
  const url = await createEmptyDatabase(prefix.replace(/[^a-z0-9_]/gi, "_"));
  await applyMigrations(url);
  if (opts.setEnv !== false) {
    process.env.DATABASE_URL = url;
    delete process.env.CLUSTERDECK_DB_KIND;
  }
  return url;
}
