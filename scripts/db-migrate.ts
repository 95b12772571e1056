/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database under
 * DATA_DIR (./data) — through the running server's socket when a Clusterdeck server holds it.
 */
import { resolveDatabaseUrl } from "../lib/db/embedded";
import { applyMigrations, migrationStatus } from "../lib/db/migrate";

async function main(): Promise<number> {
  const db = await resolveDatabaseUrl();
  try {
    console.log(`Migrating ${db.where}`);
    const { applied } = await applyMigrations(db.url);
    if (applied.length === 0) console.log("No pending migrations.");
    else for (const name of applied) console.log(`Applied ${name}`);
    const status = await migrationStatus(db.url);
    if (status.failed.length > 0) {
      console.error(`Failed migrations: ${status.failed.join(", ")}`);
      return 1;
    }
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
