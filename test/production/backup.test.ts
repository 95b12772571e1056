/**
 * Backup and restore as docs/operations.md describes them, each as: write data, back up, wipe,
 * restore, the data is back.
 *   - PostgreSQL with its own tools: pg_dump -Fc / pg_restore.
 *   - PostgreSQL through `npm run admin -- backup|restore` (the real CLI, in a child process).
 *   - The embedded database (PGlite) through the CLI while the "server" (this process) holds it:
 *     the CLI reaches it through the socket URL in DATA_DIR/embedded.lock.
 *   - The embedded database by stopping it and copying DATA_DIR.
 *   - Moving an embedded installation to PostgreSQL (embedded backup restored into PostgreSQL).
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createTestDatabase } from "@/test/support/db";
import { createTestDatabase as createEmptyDatabase } from "@/test/support/postgres";

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-backup-"));
const KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

async function q<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Writes a small but varied data set: a team, a user, a connection, a cluster with JSON, audit events with odd text. */
async function writeData(url: string, tag: string) {
  await q(url, `INSERT INTO "Team" (id, name, slug, "updatedAt") VALUES ($1, $2, $3, now())`, [`team-${tag}`, `Team ${tag} ‘quoted’ 'single' "double"`, `team-${tag}`]);
  await q(url, `INSERT INTO "User" (id, email, "updatedAt", "currentTeamId") VALUES ($1, $2, now(), $3)`, [`user-${tag}`, `${tag}@example.com`, `team-${tag}`]);
  await q(url, `INSERT INTO "Membership" (id, "teamId", "userId", role, "updatedAt") VALUES ($1, $2, $3, 'owner', now())`, [`m-${tag}`, `team-${tag}`, `user-${tag}`]);
  await q(
    url,
    `INSERT INTO "Connection" (id, "teamId", provider, name, "baseUrl", "credentialsCiphertext", "credentialsKeyId", "credentialsHint", "updatedAt", "lastSuccessAt")
     VALUES ($1, $2, 'nks', 'prod', 'https://api.nks.example', 'v1.abcd.nonce.ct', 'abcd', '…1234', now(), '2026-01-02T03:04:05.678Z')`,
    [`conn-${tag}`, `team-${tag}`],
  );
  await q(
    url,
    `INSERT INTO "ClusterSnapshot" (id, "teamId", "connectionId", provider, "externalId", name, scope, status, "nodePools", "nodeCount") VALUES ($1, $2, $3, 'nks', 'ext-1', 'c1', 'org', 'running', $4::jsonb, 7)`,
    [`cl-${tag}`, `team-${tag}`, `conn-${tag}`, JSON.stringify([{ name: "pool\n'a'", size: 3, labels: { "k\\v": "ü" } }])],
  );
  // 1203 rows: more than two of the backup's 500-row batches
  await q(
    url,
    `INSERT INTO "AuditEvent" (id, "teamId", action, result, details)
     SELECT 'a-' || $1 || '-' || i, $2, 'test.event', 'success', jsonb_build_object('i', i, 'text', $3::text) FROM generate_series(0, 1202) AS i`,
    [tag, `team-${tag}`, "line1\nline2\t'\"\\ ü"],
  );
}

async function fingerprint(url: string) {
  const [team] = await q<{ name: string }>(url, `SELECT name FROM "Team" ORDER BY id LIMIT 1`);
  const [conn] = await q<{ last: Date; ct: string }>(url, `SELECT "lastSuccessAt" AS last, "credentialsCiphertext" AS ct FROM "Connection"`);
  const [cl] = await q<{ pools: unknown; n: number }>(url, `SELECT "nodePools" AS pools, "nodeCount" AS n FROM "ClusterSnapshot"`);
  const [audit] = await q<{ n: string; d: string }>(url, `SELECT count(*) AS n, md5(string_agg(details::text, ',' ORDER BY id)) AS d FROM "AuditEvent" WHERE action = 'test.event'`);
  const [role] = await q<{ role: string }>(url, `SELECT role::text FROM "Membership"`);
  return { team: team?.name, last: conn?.last?.toISOString(), ct: conn?.ct, pools: cl?.pools, nodes: cl?.n, audit: audit?.n, auditHash: audit?.d, role: role?.role };
}

function admin(args: string[], env: Record<string, string | undefined>) {
  const e: NodeJS.ProcessEnv = { ...process.env, ENCRYPTION_KEY: KEY, LOG_LEVEL: "warn", ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  return run(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "admin.ts"), ...args], { cwd: root, env: e, encoding: "utf8" });
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("PostgreSQL", () => {
  let url: string;
  let expected: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    url = await createTestDatabase("backup_pg", { setEnv: false });
    await writeData(url, "pg");
    expected = await fingerprint(url);
    expect(expected.audit).toBe("1203");
  });

  it("pg_dump -Fc, wipe, pg_restore: the data is back", async () => {
    const file = path.join(tmp, "pg.dump");
    await run("pg_dump", ["--format=custom", "--no-owner", "--file", file, "--dbname", url]);
    const fresh = await createEmptyDatabase("restore_native");
    await run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", fresh, file]);
    expect(await fingerprint(fresh)).toEqual(expected);
    // the restored database is a complete Clusterdeck database: migrations recorded, nothing pending
    expect((await applyMigrations(fresh)).applied).toEqual([]);
  });

  it("npm run admin -- backup / restore: the data is back; restore refuses to overwrite without --force", async () => {
    const file = path.join(tmp, "pg.sql");
    const b = await admin(["backup", file], { DATABASE_URL: url });
    expect(b.stdout).toMatch(/backed up \d+ row\(s\) from \d+ table\(s\)/);
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe("-- clusterdeck-backup 1");

    // wipe: a brand-new empty database (the CLI migrates it before restoring)
    const fresh = await createEmptyDatabase("restore_cli");
    const r = await admin(["restore", file], { DATABASE_URL: fresh });
    expect(r.stdout).toMatch(/restored \d+ row\(s\)/);
    expect(await fingerprint(fresh)).toEqual(expected);
    const [ev] = await q<{ n: string }>(fresh, `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'admin.restore'`);
    expect(ev.n).toBe("1");

    // a non-empty database needs --force, and then holds exactly the backup again
    await q(fresh, `DELETE FROM "AuditEvent" WHERE id = 'a-pg-7'`);
    const refused = await admin(["restore", file], { DATABASE_URL: fresh }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain("--force");
    await admin(["restore", file, "--force"], { DATABASE_URL: fresh });
    expect(await fingerprint(fresh)).toEqual(expected);
  });

  it("restore refuses files that are not Clusterdeck backups and backups from a newer version, changing nothing", async () => {
    const { restoreDatabase } = await import("@/lib/admin/restore");
    const fresh = await createTestDatabase("restore_refuse", { setEnv: false });
    const bogus = path.join(tmp, "bogus.sql");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(bogus, "DROP TABLE \"Team\";\n");
    await expect(restoreDatabase(fresh, bogus)).rejects.toThrow(/not a Clusterdeck backup/);
    const newer = path.join(tmp, "newer.sql");
    writeFileSync(newer, readFileSync(path.join(tmp, "pg.sql"), "utf8").replace(/^-- migrations: (.*)$/m, "-- migrations: $1,29990101000000_future"));
    await expect(restoreDatabase(fresh, newer)).rejects.toThrow(/newer Clusterdeck/);
    // a broken statement in the middle rolls the whole restore back
    const broken = path.join(tmp, "broken.sql");
    const text = readFileSync(path.join(tmp, "pg.sql"), "utf8").split("\n");
    const at = text.findIndex((l) => l.startsWith('INSERT INTO "AuditEvent"'));
    text.splice(at + 1, 0, `INSERT INTO "Nope" ("x") SELECT 1;`);
    writeFileSync(broken, text.join("\n"));
    await writeData(fresh, "keep");
    const before = await fingerprint(fresh);
    await expect(restoreDatabase(fresh, broken, { force: true })).rejects.toThrow();
    expect(await fingerprint(fresh)).toEqual(before);
  });
});

describe("embedded database (PGlite)", () => {
  let dataDir: string;
  let db: EmbeddedDatabase | undefined;
  let expected: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    dataDir = path.join(tmp, "data");
    db = await startEmbeddedDatabase({ dataDir });
    await applyMigrations(db.url);
    await writeData(db.url, "emb");
    expected = await fingerprint(db.url);
  });

  afterAll(async () => {
    await db?.stop();
  });

  it("npm run admin -- backup through the running server's socket, wipe DATA_DIR, restore: the data is back", async () => {
    const file = path.join(tmp, "embedded.sql");
    // this process plays the server: it holds DATA_DIR/embedded.lock, the CLI connects to its socket
    const b = await admin(["backup", file], { DATABASE_URL: undefined, DATA_DIR: dataDir });
    expect(b.stdout).toMatch(/backed up/);

    await db!.stop();
    db = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    // wiped: a new, empty embedded database; the CLI opens it itself (no server running), migrates, restores
    const r = await admin(["restore", file], { DATABASE_URL: undefined, DATA_DIR: dataDir });
    expect(r.stdout).toMatch(/restored/);
    db = await startEmbeddedDatabase({ dataDir });
    expect(await fingerprint(db.url)).toEqual(expected);

    // moving to PostgreSQL: the same file restores into a PostgreSQL database
    const pgUrl = await createEmptyDatabase("from_embedded");
    await admin(["restore", file], { DATABASE_URL: pgUrl });
    expect(await fingerprint(pgUrl)).toEqual(expected);
  });

  it("stop the server, copy DATA_DIR, wipe, copy back: the data is back", async () => {
    await db!.stop();
    db = undefined;
    const copy = path.join(tmp, "data-copy");
    cpSync(dataDir, copy, { recursive: true });
    expect(existsSync(path.join(copy, "embedded.lock"))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(copy, dataDir, { recursive: true });
    db = await startEmbeddedDatabase({ dataDir });
    expect(await fingerprint(db.url)).toEqual(expected);
  });
});
