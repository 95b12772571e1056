import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client";
import { connectEmbeddedDatabase, EMBEDDED_SHARED_BUFFERS_MB, EmbeddedDatabaseInUseError, lockPath, readLock, startEmbeddedDatabase } from "./embedded";
import { applyMigrations, migrationStatus } from "./migrate";

const root = path.resolve(__dirname, "../..");
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "cd-embedded-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("embedded database (PGlite)", () => {
  it("persists across restarts, holds a lock, and refuses a second server", async () => {
    const dataDir = tmp();
    const db = await startEmbeddedDatabase({ dataDir });
    try {
      const lock = readLock(dataDir)!;
      expect(lock.pid).toBe(process.pid);
      expect(lock.url).toBe(db.url);
      expect((await applyMigrations(db.url)).applied.length).toBeGreaterThan(0);
      expect(await migrationStatus(db.url)).toEqual({ pending: [], failed: [] });

      const prisma = createPrismaClient(db.url, 4);
      await prisma.team.create({ data: { name: "Persisted", slug: "persisted" } });
      // a small shared buffer pool by default (EMBEDDED_SHARED_BUFFERS_MB: PGlite touches all of it at start)
      expect(await prisma.$queryRaw`SELECT current_setting('shared_buffers') AS v`).toEqual([{ v: `${EMBEDDED_SHARED_BUFFERS_MB}MB` }]);
      await prisma.$disconnect();

      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
      const conn = await connectEmbeddedDatabase(dataDir);
      expect(conn.url).toBe(db.url);
      expect(conn.owned).toBe(false);
    } finally {
      await db.stop();
    }
    expect(existsSync(lockPath(dataDir))).toBe(false);

    const again = await startEmbeddedDatabase({ dataDir, sharedBuffersMb: 24 });
    try {
      expect((await applyMigrations(again.url)).applied).toEqual([]);
      const prisma = createPrismaClient(again.url, 4);
      expect(await prisma.$queryRaw`SELECT current_setting('shared_buffers') AS v`).toEqual([{ v: "24MB" }]);
      const team = await prisma.team.findUnique({ where: { slug: "persisted" } });
      expect(team?.name).toBe("Persisted");
      await prisma.$disconnect();
    } finally {
      await again.stop();
    }
  });

  it("listens only on an owner-only Unix socket in DATA_DIR: another local account cannot connect, whatever user and password", async () => {
    const dataDir = tmp();
    const db = await startEmbeddedDatabase({ dataDir });
    try {
      // another account on the machine, even with a readable DATA_DIR: refused (today's TCP port let `nobody` in)
      if (process.getuid?.() === 0) {
        chmodSync(dataDir, 0o755);
        const probe = `
          const pg = require(${JSON.stringify(require.resolve("pg"))});
          const url = process.argv[1];
          const attempts = [url.replace("postgresql://postgres@", "postgresql://nobody:anything@")];
          (async () => {
            for (const a of attempts) {
              const c = new pg.Client({ connectionString: a, connectionTimeoutMillis: 3000 });
              try { await c.connect(); await c.query("SELECT 1"); console.log("CONNECTED"); await c.end(); } catch (e) { console.log("REFUSED " + (e.code || e.message)); }
            }
          })();`;
        // asynchronously: the database is served by this very process
        const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
          const child = spawn("runuser", ["-u", "nobody", "--", process.execPath, "-e", probe, db.url], { stdio: ["ignore", "pipe", "pipe"] });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("exit", () => resolve({ stdout, stderr }));
        });
        expect(r.stdout, r.stderr).toMatch(/REFUSED (EACCES|EPERM)/);
        expect(r.stdout).not.toMatch(/CONNECTED/);
      }
      // no TCP: the URL names the socket directory, which is DATA_DIR/run (0700) holding a 0600 socket
      const u = new URL(db.url);
      expect(u.searchParams.get("host")).toBe(path.join(dataDir, "run"));
      expect(db.socketPath).toBe(path.join(dataDir, "run", ".s.PGSQL.5432"));
      expect(statSync(db.socketPath).isSocket()).toBe(true);
      expect(statSync(db.socketPath).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(dataDir, "run")).mode & 0o777).toBe(0o700);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      await c.end();
    } finally {
      await db.stop();
    }
    expect(existsSync(path.join(dataDir, "run", ".s.PGSQL.5432"))).toBe(false);
  });

  it("keeps transactions isolated across pooled connections", async () => {
    const dataDir = tmp();
    const db = await startEmbeddedDatabase({ dataDir });
    const prisma = createPrismaClient(db.url, 4);
    try {
      await applyMigrations(db.url);
      const work = Array.from({ length: 8 }, (_, i) =>
        prisma
          .$transaction(async (tx) => {
            await tx.rateLimit.create({ data: { key: `t${i}`, windowStart: new Date(), count: 0 } });
            for (let j = 0; j < 5; j++) await tx.rateLimit.update({ where: { key: `t${i}` }, data: { count: { increment: 1 } } });
            if (i % 2 === 1) throw new Error("rollback");
          })
          .catch((e: Error) => e.message),
      );
      const plain = Array.from({ length: 20 }, (_, i) => prisma.rateLimit.create({ data: { key: `p${i}`, windowStart: new Date(), count: i } }));
      const results = await Promise.all([...work, ...plain]);
      expect(results.slice(0, 8).filter((r) => r === "rollback").length).toBe(4);
      const rows = await prisma.rateLimit.findMany({ orderBy: { key: "asc" } });
      expect(rows.filter((r) => r.key.startsWith("t")).map((r) => [r.key, r.count])).toEqual([
        ["t0", 5],
        ["t2", 5],
        ["t4", 5],
        ["t6", 5],
      ]);
      expect(rows.filter((r) => r.key.startsWith("p")).length).toBe(20);
    } finally {
      await prisma.$disconnect();
      await db.stop();
    }
  });

  it("another process reaches a running server through its socket; a second server refuses; a SIGKILLed server's data survives", async () => {
    const dataDir = tmp();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "test/support/embedded-child.ts"), dataDir], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /READY (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`child exited: ${out}\n${err}`)));
    });
    try {
      const lock = readLock(dataDir)!;
      expect(lock.pid).toBe(child.pid);
      const err2 = await startEmbeddedDatabase({ dataDir }).catch((e: unknown) => e);
      expect(err2).toBeInstanceOf(EmbeddedDatabaseInUseError);
      expect((err2 as Error).message).toBe(
        `The embedded database in ${dataDir} is in use by process ${child.pid} (serving ${url}); stop it first or set DATABASE_URL.`,
      );
      const conn = await connectEmbeddedDatabase(dataDir);
      expect(conn).toMatchObject({ url, owned: false, pid: child.pid });
      const c = new pg.Client({ connectionString: conn.url });
      await c.connect();
      const n = Number((await c.query(`SELECT count(*) AS n FROM "RateLimit"`)).rows[0].n);
      await c.end();
      expect(n).toBeGreaterThan(5);
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    // Stale lock (dead pid): taken over; PostgreSQL recovers the data written before the kill.
    expect(JSON.parse(readFileSync(lockPath(dataDir), "utf8")).pid).toBe(child.pid);
    const conn = await connectEmbeddedDatabase(dataDir);
    try {
      expect(conn.owned).toBe(true);
      const c = new pg.Client({ connectionString: conn.url });
      await c.connect();
      const n = Number((await c.query(`SELECT count(*) AS n FROM "RateLimit"`)).rows[0].n);
      await c.end();
      expect(n).toBeGreaterThan(5);
      expect(await migrationStatus(conn.url)).toEqual({ pending: [], failed: [] });
    } finally {
      await conn.stop();
    }
  });
});
