/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted on disk, served to
 * Prisma (and to any PostgreSQL client) over the wire protocol through @electric-sql/pglite-socket.
 *
 * PGlite accepts any user and password, so it is never served on a TCP port (anyone who can reach
 * loopback could read it): it listens on a Unix socket in `<dataDir>/run/` — the directory mode
 * 0700, the socket 0600 — so only the account running Clusterdeck can connect. When that path is too
 * long for a Unix socket (about 100 bytes), a fresh 0700 directory under the system temp dir is used.
 *
 * PGlite admits one process per data directory, so the serving process holds an exclusive lock file
 * (`<dataDir>/embedded.lock`, JSON: pid, port, url). Other processes (admin CLI, db:migrate) read the
 * lock and connect through the running server's socket; a stale lock (dead pid) is taken over.
 */
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync, closeSync, fsyncSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface EmbeddedDatabase {
  /** postgresql:// URL of the Unix socket server (`?host=<socket dir>`). */
  url: string;
  /** The Unix socket file. */
  socketPath: string;
  /** The data directory given (the PGlite files live in `<dataDir>/pglite`). */
  dataDir: string;
  /** Closes the socket server and PGlite (flushing it), then releases the lock. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedLock {
  pid: number;
  port: number;
  url: string;
  dataDir: string;
  startedAt: string;
}

export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lock: EmbeddedLock,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${lock.pid} (serving ${lock.url}); ` +
        `stop it first or set DATABASE_URL.`,
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/** Where the data lives when DATABASE_URL is not set: DATA_DIR or ./data. */
export function defaultDataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || "data");
}

export const lockPath = (dataDir: string) => path.join(dataDir, "embedded.lock");
const pgliteDir = (dataDir: string) => path.join(dataDir, "pglite");

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads the lock file; null if absent or unreadable (a torn write counts as absent/stale). */
export function readLock(dataDir: string): EmbeddedLock | null {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<EmbeddedLock>;
    if (typeof v.pid === "number" && typeof v.port === "number" && typeof v.url === "string") {
      return { pid: v.pid, port: v.port, url: v.url, dataDir: v.dataDir ?? dataDir, startedAt: v.startedAt ?? "" };
    }
  } catch {
    /* fall through */
  }
  return { pid: -1, port: 0, url: "", dataDir, startedAt: "" };
}

/** A lock that names a live process. */
function liveLock(dataDir: string): EmbeddedLock | null {
  const lock = readLock(dataDir);
  return lock && pidAlive(lock.pid) ? lock : null;
}

/**
 * Takes the lock exclusively (O_EXCL), replacing a stale one. The file's content is written after
 * the port is known (`writeLock`); until then it names our pid with port 0.
 */
function acquireLock(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath(dataDir), "wx", 0o600);
      const content: EmbeddedLock = { pid: process.pid, port: 0, url: "", dataDir, startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(content));
      fsyncSync(fd);
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const lock = readLock(dataDir);
    if (lock && lock.pid === process.pid) {
      throw new Error(`The embedded database in ${dataDir} is already open in this process.`);
    }
    if (lock && pidAlive(lock.pid)) throw new EmbeddedDatabaseInUseError(dataDir, lock);
    // Stale: the previous owner died without cleaning up. Remove and retry the exclusive create;
    // if two processes race here only one wins the O_EXCL create.
    try {
      unlinkSync(lockPath(dataDir));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  throw new Error(`Could not take the embedded database lock ${lockPath(dataDir)}.`);
}

function writeLock(dataDir: string, lock: EmbeddedLock): void {
  const fd = openSync(lockPath(dataDir), "r+");
  try {
    const text = JSON.stringify(lock);
    writeSync(fd, text.padEnd(512, " "), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function releaseLock(dataDir: string): void {
  const lock = readLock(dataDir);
  if (lock && lock.pid === process.pid) {
    try {
      unlinkSync(lockPath(dataDir));
    } catch {
      /* already gone */
    }
  }
}

export interface StartEmbeddedOptions {
  dataDir: string;
  /** Concurrent socket connections (queries are queued; a transaction holds the database). */
  maxConnections?: number;
  /** PostgreSQL's shared_buffers in MB (EMBEDDED_SHARED_BUFFERS_MB) */
  sharedBuffersMb?: number;
}

/**
 * The embedded database's shared buffer pool, in MB. PostgreSQL's default (128 MB, PGlite's too) is
 * touched in full when PGlite starts, inside the server process's WebAssembly memory, which never
 * shrinks: measured on Node 24, PGlite alone took 396 MB of resident memory at 128 MB and 240 MB at
 * 16 MB right after opening a data directory. Its data files are read through the operating
 * system's page cache anyway, so a smaller pool costs little: 300 trigram searches over 10,000 rows
 * took as long at 32 MB as at 128 MB (docs/operations.md, "The embedded database's buffer pool").
 * 32 MB holds the cluster list's working set at 10,000 clusters (its table and indexes: about 31 MB).
 */
export const EMBEDDED_SHARED_BUFFERS_MB = 32;

/** the port number in the socket's name (`.s.PGSQL.<port>`, as libpq and pg expect); nothing listens on TCP */
const SOCKET_PORT = 5432;
/** sun_path is 108 bytes on Linux, 104 on macOS */
const MAX_SOCKET_PATH = 100;

/** A 0700 directory for the socket: `<dataDir>/run`, or a private temp dir when that path is too long. */
function socketDirFor(dataDir: string): { dir: string; temporary: boolean } {
  const dir = path.join(dataDir, "run");
  if (Buffer.byteLength(path.join(dir, `.s.PGSQL.${SOCKET_PORT}`)) <= MAX_SOCKET_PATH) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return { dir, temporary: false };
  }
  return { dir: mkdtempSync(path.join(os.tmpdir(), "clusterdeck-db-")), temporary: true };
}

export function embeddedUrl(socketDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}&sslmode=disable`;
}

/** Instances opened by this process, by data dir (for `connectEmbeddedDatabase` in-process). */
const g = globalThis as typeof globalThis & { __clusterdeckEmbedded?: Map<string, EmbeddedDatabase> };
const openInstances = (g.__clusterdeckEmbedded ??= new Map());

/**
 * Opens the PGlite data directory and serves it on its owner-only Unix socket. Refuses with EmbeddedDatabaseInUseError
 * if another live process holds the lock.
 */
export async function startEmbeddedDatabase(opts: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  acquireLock(dataDir);
  let db: import("@electric-sql/pglite").PGlite | undefined;
  let server: import("@electric-sql/pglite-socket").PGLiteSocketServer | undefined;
  let socketDir: { dir: string; temporary: boolean } | undefined;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
    // pg_trgm: the cluster search's trigram index (schema.prisma lists it; the migration creates it)
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    mkdirSync(pgliteDir(dataDir), { recursive: true });
    // A path data dir selects PGlite's nodefs: PostgreSQL's own files and WAL, written in place.
    db = await PGlite.create(pgliteDir(dataDir), { extensions: { pg_trgm }, postgresqlconf: [`shared_buffers = ${opts.sharedBuffersMb ?? EMBEDDED_SHARED_BUFFERS_MB}MB`] });
    const sock = socketDirFor(dataDir);
    socketDir = sock;
    const socketPath = path.join(sock.dir, `.s.PGSQL.${SOCKET_PORT}`);
    // we hold the lock: a socket file left by a killed server is stale
    rmSync(socketPath, { force: true });
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: opts.maxConnections ?? 16 });
    try {
      await server.start();
    } catch (err) {
      throw new Error(`Cannot serve the embedded database on the Unix socket ${socketPath}: ${(err as Error).message}`, { cause: err });
    }
    chmodSync(socketPath, 0o600);
    const url = embeddedUrl(sock.dir);
    writeLock(dataDir, { pid: process.pid, port: SOCKET_PORT, url, dataDir, startedAt: new Date().toISOString() });

    let stopping: Promise<void> | undefined;
    const s = server;
    const d = db;
    const instance: EmbeddedDatabase = {
      url,
      socketPath,
      dataDir,
      stop() {
        stopping ??= (async () => {
          openInstances.delete(dataDir);
          try {
            await s.stop();
          } finally {
            removeSocket(sock, socketPath);
            try {
              await d.close();
            } finally {
              releaseLock(dataDir);
            }
          }
        })();
        return stopping;
      },
    };
    openInstances.set(dataDir, instance);
    return instance;
  } catch (err) {
    await server?.stop().catch(() => undefined);
    if (socketDir) removeSocket(socketDir, path.join(socketDir.dir, `.s.PGSQL.${SOCKET_PORT}`));
    await db?.close().catch(() => undefined);
    releaseLock(dataDir);
    throw err;
  }
}

function removeSocket(sock: { dir: string; temporary: boolean }, socketPath: string) {
  rmSync(sock.temporary ? sock.dir : socketPath, { recursive: true, force: true });
}

export interface EmbeddedConnection {
  url: string;
  dataDir: string;
  /** True when this call started a server (it must be stopped); false when reusing a running one. */
  owned: boolean;
  /** Process id serving the database. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * For processes other than the server (admin CLI, db:migrate): reach the embedded database through
 * the running server's socket if one holds the lock; otherwise (no lock or a stale one) open it
 * here. `stop()` only stops what this call started.
 */
export async function connectEmbeddedDatabase(dataDir: string): Promise<EmbeddedConnection> {
  const dir = path.resolve(dataDir);
  const mine = openInstances.get(dir);
  if (mine) return { url: mine.url, dataDir: dir, owned: false, pid: process.pid, stop: async () => undefined };
  for (let attempt = 0; attempt < 50; attempt++) {
    const lock = liveLock(dir);
    if (lock) {
      if (lock.url) return { url: lock.url, dataDir: dir, owned: false, pid: lock.pid, stop: async () => undefined };
      // The server is still starting (lock taken, port not yet written).
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      const db = await startEmbeddedDatabase({ dataDir: dir });
      return { url: db.url, dataDir: dir, owned: true, pid: process.pid, stop: db.stop };
    } catch (err) {
      if (err instanceof EmbeddedDatabaseInUseError) continue; // lost a race; use the winner
      throw err;
    }
  }
  throw new Error(`The embedded database in ${dir} is locked by a process that never finished starting.`);
}

export interface ResolvedDatabase {
  url: string;
  kind: "postgresql" | "embedded";
  /** Human-readable location, for logs ("postgresql://host:port/db" without credentials, or the data dir). */
  where: string;
  stop(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`;
  } catch {
    return "<invalid DATABASE_URL>";
  }
}

/** DATABASE_URL if set, otherwise the embedded database under DATA_DIR (through a running server if any). */
export async function resolveDatabaseUrl(): Promise<ResolvedDatabase> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return { url, kind: "postgresql", where: redactUrl(url), stop: async () => undefined };
  const dataDir = defaultDataDir();
  const conn = await connectEmbeddedDatabase(dataDir);
  return {
    url: conn.url,
    kind: "embedded",
    where: conn.owned ? `${dataDir} (embedded, opened here)` : `${dataDir} (embedded, through process ${conn.pid})`,
    stop: conn.stop,
  };
}
