import pg from "pg";
import { migrationStatus } from "@/lib/db/migrate";

export type Readiness = { status: "ready"; database: "ok" } | { status: "not_ready"; reason: string; pending?: string[]; failed?: string[] };

/**
 * A fresh short-lived connection each time (not the Prisma pool), so a database that went away
 * and came back is noticed both ways without a restart.
 */
export async function readiness(timeoutMs = 3000): Promise<Readiness> {
  const url = process.env.DATABASE_URL;
  if (!url) return { status: "not_ready", reason: "database not started yet" };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    return { status: "not_ready", reason: `database unreachable: ${(e as Error).message}` };
  } finally {
    await client.end().catch(() => {});
  }
  try {
    const s = await migrationStatus(url);
    if (s.failed.length) return { status: "not_ready", reason: "a migration failed", failed: s.failed, pending: s.pending };
    if (s.pending.length) return { status: "not_ready", reason: "migrations pending", pending: s.pending };
  } catch (e) {
    return { status: "not_ready", reason: `migration status unknown: ${(e as Error).message}` };
  }
  return { status: "ready", database: "ok" };
}
