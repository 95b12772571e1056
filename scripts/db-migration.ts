/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
 * changes between the existing migrations and prisma/schema.prisma (offline: the existing migrations
 * are replayed into an in-memory PGlite and diffed with Prisma's schema engine).
 */
import { createMigration } from "../lib/db/migrate";

const name = process.argv.slice(2).filter((a) => a !== "--").join("_");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. npm run db:migration -- add_cluster_labels)");
  process.exit(2);
}
try {
  // Prints what it wrote, or that there was nothing to do (both exit 0).
  await createMigration(name);
} catch (err) {
  console.error(`db:migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
