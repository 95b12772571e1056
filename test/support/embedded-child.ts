/** Child process for the embedded tests: opens the embedded database in argv[2], migrates, writes rows until killed. */
import pg from "pg";
import { startEmbeddedDatabase } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

const dataDir = process.argv[2];
if (!dataDir) process.exit(2);
const db = await startEmbeddedDatabase({ dataDir });
await applyMigrations(db.url);
const client = new pg.Client({ connectionString: db.url });
await client.connect();
for (let i = 0; ; i++) {
  await client.query(`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES ($1, now(), $2)`, [`k${i}`, i]);
  if (i === 5) process.stdout.write(`READY ${db.url}\n`);
}
