import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/postgres";
import { applyMigrations, createMigration, listMigrationFolders, migrationStatus, schemaSqlFromEmpty } from "./migrate";

const root = path.resolve(__dirname, "../..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaPath = path.join(root, "prisma", "schema.prisma");
const tmpDirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), p));
  tmpDirs.push(d);
  return d;
};
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

function schemaDump(url: string): string {
  const r = spawnSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--no-comments", "--exclude-table=_prisma_migrations", url], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => !l.startsWith("--") && !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict") && l.trim() !== "")
    .join("\n");
}

/**
 * What the migrations create that schema.prisma cannot express (Prisma models no triggers or
 * functions): the inventory revision's trigger function and its constraint triggers (migration
 * inventory_revision, lib/inventory/list-cache.ts). Each must exist after migrating; the drift
 * comparison leaves exactly these out.
 */
const NOT_IN_PRISMA = [
  /^CREATE FUNCTION public\.clusterdeck_bump_inventory_revision\(\)[\s\S]*?\n\$\$;$/m,
  /^CREATE CONSTRAINT TRIGGER "ClusterSnapshot_inventory_revision" .*$/m,
  /^CREATE CONSTRAINT TRIGGER "Connection_inventory_revision" .*$/m,
  /^CREATE CONSTRAINT TRIGGER "Connection_inventory_revision_update" .*$/m,
  /^CREATE CONSTRAINT TRIGGER "Operation_inventory_revision" .*$/m,
  /^CREATE CONSTRAINT TRIGGER "Operation_inventory_revision_update" .*$/m,
];

function withoutNonPrismaObjects(dump: string): string {
  let out = dump;
  for (const re of NOT_IN_PRISMA) {
    expect(out, `the migrations create ${re.source.slice(0, 80)}`).toMatch(re);
    out = out.replace(re, "").replace(/\n{2,}/g, "\n");
  }
  return out;
}

describe("migrations", () => {
  it("has an initial migration in Prisma's layout", async () => {
    const names = await listMigrationFolders(migrationsDir);
    expect(names.length).toBeGreaterThan(0);
    expect(names[0]).toMatch(/^\d{14}_init$/);
    expect(readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  });

  it("migrations produce exactly the schema of schema.prisma (no drift)", async () => {
    const migrated = await createTestDatabase("drift_migrated");
    const fromSchema = await createTestDatabase("drift_schema");
    await applyMigrations(migrated);
    const sql = await schemaSqlFromEmpty(schemaPath, fromSchema);
    const c = new pg.Client({ connectionString: fromSchema });
    await c.connect();
    await c.query(sql);
    await c.end();
    const a = withoutNonPrismaObjects(schemaDump(migrated));
    expect(a).toContain('CREATE TABLE public."User"');
    expect(a).toBe(schemaDump(fromSchema));
  });

  it("records _prisma_migrations like prisma migrate deploy; re-running is a no-op", async () => {
    const url = await createTestDatabase("records");
    const names = await listMigrationFolders(migrationsDir);
    expect(await migrationStatus(url)).toEqual({ pending: names, failed: [] });
    const first = await applyMigrations(url);
    expect(first.applied).toEqual(names);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null; logs: string | null }>(
      url,
      "SELECT * FROM _prisma_migrations ORDER BY started_at",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const r of rows) {
      const sql = readFileSync(path.join(migrationsDir, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
      expect(r.logs).toBeNull();
    }
    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect((await query(url, "SELECT 1 FROM _prisma_migrations")).length).toBe(names.length);
    expect(await migrationStatus(url)).toEqual({ pending: [], failed: [] });
  });

  it("serializes concurrent runners", async () => {
    const url = await createTestDatabase("concurrent");
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const all = results.flatMap((r) => r.applied);
    expect(all).toEqual(await listMigrationFolders(migrationsDir));
  });

  it("recovers after the runner is SIGKILLed in the middle of a migration", async () => {
    const dir = tmp("cd-migs-");
    cpSync(migrationsDir, dir, { recursive: true });
    const slow = "29990101000000_slow";
    mkdirSync(path.join(dir, slow));
    writeFileSync(
      path.join(dir, slow, "migration.sql"),
      `CREATE TABLE "KillA" ("id" INTEGER NOT NULL);\nSELECT pg_sleep(2);\nCREATE TABLE "KillB" ("id" INTEGER NOT NULL);\n`,
    );
    const after = "29990102000000_after";
    mkdirSync(path.join(dir, after));
    writeFileSync(path.join(dir, after, "migration.sql"), `CREATE TABLE "KillC" ("id" INTEGER NOT NULL);\n`);
    const url = await createTestDatabase("sigkill");

    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/apply-migrations-child.ts"), url, dir], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes(`START ${slow}`)) resolve();
      });
      child.on("exit", () => reject(new Error(`child exited early: ${out}\n${err}`)));
    });
    // Let the slow migration's script start (it sleeps 2s inside its transaction), then kill.
    await new Promise((r) => setTimeout(r, 700));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const rows = await query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      url,
      "SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
    );
    const slowRow = rows.find((r) => r.migration_name === slow);
    expect(slowRow, `killed run should have started ${slow}`).toBeDefined();
    expect(slowRow!.finished_at).toBeNull();

    const { applied } = await applyMigrations(url, { migrationsDir: dir });
    expect(applied).toEqual([slow, after]);
    const tables = (await query<{ t: string }>(url, `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining(["User", "KillA", "KillB", "KillC"]));
    expect(await migrationStatus(url, { migrationsDir: dir })).toEqual({ pending: [], failed: [] });
    const final = await query<{ migration_name: string; rolled_back_at: Date | null; finished_at: Date | null }>(
      url,
      "SELECT migration_name, rolled_back_at, finished_at FROM _prisma_migrations WHERE migration_name = $1 ORDER BY started_at",
      [slow],
    );
    expect(final.length).toBe(2); // the interrupted attempt, marked rolled back, and the successful one
    expect(final[0].rolled_back_at).toBeInstanceOf(Date);
    expect(final[1].finished_at).toBeInstanceOf(Date);
  });

  it("refuses a migration that failed with an SQL error", async () => {
    const dir = tmp("cd-migs-bad-");
    cpSync(migrationsDir, dir, { recursive: true });
    mkdirSync(path.join(dir, "29990101000000_bad"));
    writeFileSync(path.join(dir, "29990101000000_bad", "migration.sql"), `CREATE TABLE "Ok1" ("id" INTEGER);\nSELECT no_such_function();\n`);
    const url = await createTestDatabase("badmig");
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/no_such_function/);
    // All or nothing: the failed script left no table behind.
    expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Ok1'`)).toEqual([]);
    expect((await migrationStatus(url, { migrationsDir: dir })).failed).toEqual(["29990101000000_bad"]);
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/failed earlier/);
  });

  it("createMigration writes the next migration from schema changes, and nothing when in sync", async () => {
    const dir = tmp("cd-create-");
    cpSync(migrationsDir, path.join(dir, "migrations"), { recursive: true });
    const schema = path.join(dir, "schema.prisma");
    writeFileSync(schema, readFileSync(schemaPath, "utf8"));
    const logs: string[] = [];
    const opts = { migrationsDir: path.join(dir, "migrations"), schemaPath: schema, log: (l: string) => logs.push(l) };
    expect(await createMigration("nothing", opts)).toBeNull();
    writeFileSync(schema, readFileSync(schemaPath, "utf8") + `\nmodel ExtraThing {\n  id   String @id\n  note String?\n}\n`);
    const created = await createMigration("add extra thing", opts);
    expect(created).toMatch(/\d{14}_add_extra_thing$/);
    const sql = readFileSync(path.join(created!, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "ExtraThing"');
    expect(sql).not.toContain('CREATE TABLE "User"');
    expect(readdirSync(path.join(dir, "migrations")).length).toBe(readdirSync(migrationsDir).length + 1);
    // And the new folder applies on top of the old ones.
    const url = await createTestDatabase("created");
    const { applied } = await applyMigrations(url, { migrationsDir: path.join(dir, "migrations") });
    expect(applied.at(-1)).toBe(path.basename(created!));
  }, 180_000); // replays every migration into PGlite twice and runs the schema engine: minutes on a loaded 2-core machine
});
