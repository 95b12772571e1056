/**
 * `npm run admin -- restore <file> [--force]`: loads a backup written by `npm run admin -- backup`
 * into the database (embedded or PostgreSQL). The admin CLI has applied the migrations first; the
 * file's migrations must all be applied here (a backup from a newer Clusterdeck is refused). Then, in
 * ONE transaction: every application table is emptied and the backup's rows are inserted — a failure
 * anywhere leaves the database as it was. A database that already holds data needs --force.
 */
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { audit } from "@/lib/audit";
import { BACKUP_FORMAT, tablesInDependencyOrder } from "./backup";
import { UsageError, type AdminCommand } from "./types";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class RestoreRefused extends Error {}

export interface RestoreResult {
  statements: number;
  tables: { name: string; rows: number }[];
}

async function lines(file: string): Promise<AsyncIterable<string>> {
  return readline.createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
}

/** Reads the header: format line and the migrations the data belongs to. */
export async function readBackupHeader(file: string): Promise<{ migrations: string[] }> {
  let first = true;
  for await (const line of await lines(file)) {
    if (first) {
      if (line.trim() !== `-- ${BACKUP_FORMAT}`) throw new RestoreRefused(`${file} is not a Clusterdeck backup (first line must be "-- ${BACKUP_FORMAT}"); restore pg_dump files with pg_restore or psql instead`);
      first = false;
      continue;
    }
    const m = /^-- migrations: (.*)$/.exec(line);
    if (m) return { migrations: m[1].split(",").filter(Boolean) };
    if (!line.startsWith("--")) break;
  }
  throw new RestoreRefused(`${file} has no "-- migrations:" header line`);
}

export async function restoreDatabase(databaseUrl: string, file: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const src = path.resolve(file);
  await access(src);
  const header = await readBackupHeader(src);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "clusterdeck-restore" });
  await client.connect();
  try {
    const applied = new Set(
      (await client.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map((r) => r.migration_name),
    );
    const missing = header.migrations.filter((m) => !applied.has(m));
    if (missing.length) throw new RestoreRefused(`the backup was made by a newer Clusterdeck (migrations not in this database: ${missing.join(", ")}); upgrade first, then restore`);
    const tables = await tablesInDependencyOrder(client);
    if (!opts.force) {
      const counts = await client.query<{ n: string }>(tables.map((t) => `SELECT count(*) AS n FROM ${ident(t)}`).join(" UNION ALL "));
      if (counts.rows.some((r) => Number(r.n) > 0)) throw new RestoreRefused("the database already holds data; pass --force to replace ALL of it with the backup");
    }
    let statements = 0;
    await client.query("BEGIN");
    try {
      await client.query(`TRUNCATE ${tables.map(ident).join(", ")}`);
      for await (const line of await lines(src)) {
        if (!line || line.startsWith("--")) continue;
        if (!/^(INSERT INTO |SET )/.test(line)) throw new RestoreRefused(`unexpected statement in the backup: ${line.slice(0, 80)}`);
        await client.query(line);
        statements++;
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
    const counts = await client.query<{ t: string; n: string }>(tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${ident(t)}`).join(" UNION ALL "));
    return { statements, tables: counts.rows.map((r) => ({ name: r.t, rows: Number(r.n) })) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const command: AdminCommand = {
  description: "replace the database's data with a backup written by `backup` (one transaction; --force when the database is not empty)",
  usage: "<file> [--force]",
  async run(args) {
    const file = args.positional[0];
    if (!file) throw new UsageError("name the backup file to restore");
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("no database URL (the admin CLI sets it)");
    const r = await restoreDatabase(url, file, { force: args.flags.force === true || args.flags.force === "true" });
    const total = r.tables.reduce((n, t) => n + t.rows, 0);
    await audit({ action: "admin.restore", actorEmail: "admin-cli", result: "success", details: { file: path.basename(file), rows: total } });
    args.print(`restored ${total} row(s) into ${r.tables.length} table(s) from ${path.resolve(file)}`);
  },
};
export default command;
