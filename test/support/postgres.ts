/**
 * A throwaway PostgreSQL server for tests, built from the installed server binaries (initdb, pg_ctl,
 * postgres) in a temporary directory on a free loopback port. As root, the server binaries run as the
 * `postgres` user through `runuser` (PostgreSQL refuses to run as root).
 */
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);

export interface TestPostgres {
  /** URL of the default `postgres` database (superuser `postgres`). */
  url: string;
  /** Same server, `postgres` database: use it to create/drop databases. */
  adminUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server but keeps its data (outage tests); `resume()` starts it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Starts a smart shutdown without waiting: open sessions go on, new connections are refused (57P03). */
  requestSmartStop(): void;
  /** Waits until the server has stopped (after requestSmartStop and the last session ended). */
  waitStopped(): Promise<void>;
  stop(): Promise<void>;
}

function which(bin: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const missing = ["initdb", "pg_ctl", "postgres"].filter((b) => !which(b));
  if (missing.length > 0) {
    throw new Error(
      `PostgreSQL server binaries not found on PATH: ${missing.join(", ")}. ` +
        `Install PostgreSQL 15 (Debian: apt-get install -y postgresql-15 and add /usr/lib/postgresql/15/bin to PATH), ` +
        `or point TEST_DATABASE_URL at an existing server you may create databases on.`,
    );
  }
  const isRoot = process.getuid?.() === 0;
  const asPg = (cmd: string, args: string[]): [string, string[]] =>
    isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];

  const base = mkdtempSync(path.join(os.tmpdir(), "clusterdeck-pg-"));
  const dataDir = path.join(base, "data");
  const logFile = path.join(base, "postgres.log");
  if (isRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    if (!Number.isInteger(uid) || Number.isNaN(uid)) {
      throw new Error("Running as root but there is no `postgres` user to run the test PostgreSQL server as.");
    }
    chownSync(base, uid, gid);
    chmodSync(base, 0o700);
  }

  const run = async (cmd: string, args: string[]) => {
    const [c, a] = asPg(cmd, args);
    try {
      return await execFileAsync(c, a, { encoding: "utf8" });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${cmd} failed: ${e.stderr || e.stdout || e.message}`);
    }
  };

  await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"]);
  const port = await freePort();
  const conf = [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = '${base}'`,
    `fsync = off`,
    `synchronous_commit = off`,
    `full_page_writes = off`,
    `max_connections = 200`,
    `shared_buffers = 32MB`,
  ].join("\n");
  writeFileSync(path.join(dataDir, "postgresql.auto.conf"), conf + "\n");
  if (isRoot) spawnSync("chown", ["postgres:postgres", path.join(dataDir, "postgresql.auto.conf")]);
  await run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "start"]);

  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url: adminUrl,
    adminUrl,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid test database name: ${name}`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async pause() {
      await run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
    async resume() {
      await run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "start"]);
    },
    requestSmartStop() {
      const [c, a] = asPg("pg_ctl", ["-D", dataDir, "-m", "smart", "-W", "stop"]);
      spawnSync(c, a, { encoding: "utf8" });
    },
    async waitStopped() {
      for (let i = 0; i < 600; i++) {
        const [c, a] = asPg("pg_ctl", ["-D", dataDir, "status"]);
        if (spawnSync(c, a, { encoding: "utf8" }).status === 3) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("the test PostgreSQL server did not stop");
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}

/** Creates a database on the server named by TEST_DATABASE_URL (set by the Vitest global setup). */
export async function createTestDatabase(prefix: string): Promise<string> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    throw new Error("TEST_DATABASE_URL is not set: run the tests through Vitest (test/support/global-setup.ts starts PostgreSQL).");
  }
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
