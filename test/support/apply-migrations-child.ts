/** Child process for the SIGKILL test: applies migrations from argv[3] to argv[2], printing progress. */
import { applyMigrations } from "../../lib/db/migrate";

const [url, dir] = process.argv.slice(2);
if (!url || !dir) {
  console.error("usage: apply-migrations-child <databaseUrl> <migrationsDir>");
  process.exit(2);
}
const { applied } = await applyMigrations(url, {
  migrationsDir: dir,
  beforeEach: (name) => {
    process.stdout.write(`START ${name}\n`);
  },
});
process.stdout.write(`DONE ${applied.join(",")}\n`);
process.exit(0);
