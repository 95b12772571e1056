/**
 * `npm run admin -- backup <file>`: a consistent logical backup of every Clusterdeck table as plain
 * SQL, for the embedded database and for PostgreSQL alike.
 *
 * Why not pg_dump for the embedded database: PGlite is PostgreSQL 18 and pg_dump refuses to dump a
 * server newer than itself (Debian 12 ships pg_dump 15). This dump is made with ordinary queries in
 * one REPEATABLE READ snapshot, so it needs no client tools, works across PostgreSQL versions and also
 * moves an embedded installation to PostgreSQL (restore it there).
 *
 * The file is data only: one `INSERT … SELECT … FROM json_populate_recordset(…)` per 500 rows, tables
 * in foreign-key order, preceded by a header naming the migrations the data belongs to. Restore it
 * with `npm run admin -- restore <file>` (migrates, checks the header, truncates, loads, in one
 * transaction) or by hand into an empty migrated database: `psql --single-transaction -f <file>`.
 */
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import pg from "pg";
import { UsageError, type AdminCommand } from "./types";

export const BACKUP_FORMAT = "clusterdeck-backup 1";
const BATCH = 500;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Application tables (public schema, without `_prisma_migrations`), parents before children. */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const t = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations' ORDER BY 1`,
  );
  const fk = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.relname <> pa.relname`,
  );
  const names = t.rows.map((r) => r.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of fk.rows) parents.get(r.child)?.add(r.parent);
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (n: string, stack: Set<string>) => {
    if (done.has(n) || stack.has(n)) return;
    stack.add(n);
    for (const p of parents.get(n) ?? []) visit(p, stack);
    stack.delete(n);
    done.add(n);
    out.push(n);
  };
  for (const n of names) visit(n, new Set());
  return out;
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const r = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return r.rows.map((x) => x.migration_name);
}

export interface BackupResult {
  file: string;
  tables: { name: string; rows: number }[];
  migrations: string[];
}

/** Writes the backup of `databaseUrl` to `file` (via a temporary file, renamed when complete). */
export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  const tmp = `${target}.partial-${process.pid}`;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "clusterdeck-backup" });
  await client.connect();
  const out = createWriteStream(tmp, { encoding: "utf8", mode: 0o600 });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  const result: BackupResult = { file: target, tables: [], migrations: [] };
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await tablesInDependencyOrder(client);
    result.migrations = await appliedMigrations(client);
    await write(`-- ${BACKUP_FORMAT}\n-- created: ${new Date().toISOString()}\n-- migrations: ${result.migrations.join(",")}\n`);
    await write(`-- Data only. Restore: npm run admin -- restore <this file>   (or, into an empty migrated database: psql --single-transaction -f <this file>)\n`);
    await write(`SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n`);
    for (const table of tables) {
      const cols = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      const colList = cols.rows.map((c) => ident(c.column_name)).join(", ");
      let rows = 0;
      // keyset-free paging over the snapshot: a cursor keeps memory flat for big audit tables
      const cursorName = `cd_backup_${result.tables.length}`;
      await client.query(`DECLARE ${cursorName} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t`);
      for (;;) {
        const batch = await client.query<{ j: string }>(`FETCH ${BATCH} FROM ${cursorName}`);
        if (!batch.rows.length) break;
        rows += batch.rows.length;
        const json = `[${batch.rows.map((r) => r.j).join(",")}]`;
        await write(`INSERT INTO ${ident(table)} (${colList}) SELECT ${colList} FROM json_populate_recordset(NULL::${ident(table)}, ${literal(json)});\n`);
      }
      await client.query(`CLOSE ${cursorName}`);
      await write(`-- ${table}: ${rows} row(s)\n`);
      result.tables.push({ name: table, rows });
    }
    await write(`-- end of ${BACKUP_FORMAT}\n`);
    await client.query("COMMIT");
    out.end();
    await once(out, "finish");
    await rename(tmp, target);
    return result;
  } catch (e) {
    out.destroy();
    await import("node:fs/promises").then((fs) => fs.rm(tmp, { force: true }));
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const command: AdminCommand = {
  description: "write a consistent logical backup (plain SQL, data only) of the database — embedded or PostgreSQL — to <file>",
  usage: "<file>",
  async run(args) {
    const file = args.positional[0];
    if (!file) throw new UsageError("name the backup file, e.g. npm run admin -- backup clusterdeck-$(date +%F).sql");
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("no database URL (the admin CLI sets it)");
    const r = await backupDatabase(url, file);
    const total = r.tables.reduce((n, t) => n + t.rows, 0);
    args.print(`backed up ${total} row(s) from ${r.tables.length} table(s) at migration ${r.migrations[r.migrations.length - 1] ?? "(none)"} to ${r.file}`);
  },
};
export default command;
