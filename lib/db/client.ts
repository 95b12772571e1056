/**
 * The Prisma client singleton. Reads DATABASE_URL at first use (the embedded boot sets it to the
 * PGlite socket URL and sets CLUSTERDECK_DB_KIND=embedded). Kept on globalThis so the separate
 * bundles Next builds (route handlers, server components, instrumentation) share one pool.
 */
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "./generated/client";

export { Prisma, PrismaClient };
export type TransactionClient = Prisma.TransactionClient;

const g = globalThis as typeof globalThis & { __clusterdeckPrisma?: { client: PrismaClient; url: string } };

/** Pool size: DATABASE_POOL_MAX, else 10 for PostgreSQL and 4 for the embedded database. */
export function poolMax(): number {
  const fromEnv = Number(process.env.DATABASE_POOL_MAX);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  // PGlite is one session behind the socket: concurrent extended-protocol queries from several pool
  // connections can interleave there, so the embedded database gets exactly one connection.
  return process.env.CLUSTERDECK_DB_KIND === "embedded" ? 1 : 10;
}

/** distinct statements named per process at most; beyond it a statement runs unnamed (planned each time) */
export const PREPARED_STATEMENTS_MAX = 500;
/**
 * Longer statements run unnamed: the snapshot writes' multi-row INSERTs (up to 2,000 rows, their text
 * differs with each batch's row count) run once per sync, and a prepared statement's parse tree would
 * stay in the database connection's memory.
 */
export const PREPARED_STATEMENT_MAX_CHARS = 8192;

/**
 * Named (prepared) statements: pg sends a statement's text once per connection and PostgreSQL keeps
 * its plan, choosing a generic plan once it costs no more than planning each time (plan_cache_mode
 * auto). Planning was the larger part of the database's CPU on the cluster list's request (0.6 of 1 ms
 * for the authenticating statement, issue 20). The name is the SQL text's hash, so every process names
 * a statement alike. Short statements only, at most PREPARED_STATEMENTS_MAX of them. Off for the
 * embedded database (one PGlite session behind its socket, shared by whatever connects) and with
 * DATABASE_PREPARED_STATEMENTS=0 (a PgBouncer in transaction mode older than 1.21 does not keep
 * prepared statements).
 */
export function statementNamer(env: Record<string, string | undefined> = process.env): ((query: { sql: string }) => string) | undefined {
  if (env.CLUSTERDECK_DB_KIND === "embedded" || env.DATABASE_PREPARED_STATEMENTS === "0" || env.DATABASE_PREPARED_STATEMENTS === "false") return undefined;
  const names = new Map<string, string>();
  return ({ sql }) => {
    if (sql.length > PREPARED_STATEMENT_MAX_CHARS) return "";
    let name = names.get(sql);
    if (name === undefined && names.size < PREPARED_STATEMENTS_MAX) {
      name = `cd_${createHash("sha1").update(sql).digest("base64url")}`;
      names.set(sql, name);
    }
    return name ?? ""; // pg runs a statement named "" unnamed
  };
}

export function getPrisma(): PrismaClient {
  const existing = g.__clusterdeckPrisma;
  if (existing) return existing.client;
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm start` (it opens the embedded database when DATABASE_URL is unset) " +
        "or set DATABASE_URL to a PostgreSQL connection string.",
    );
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: poolMax(),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  }, { statementNameGenerator: statementNamer() });
  const client = new PrismaClient({ adapter });
  g.__clusterdeckPrisma = { client, url };
  return client;
}

/** Disconnects and forgets the singleton (graceful shutdown, tests). */
export async function disconnectPrisma(): Promise<void> {
  const existing = g.__clusterdeckPrisma;
  g.__clusterdeckPrisma = undefined;
  await existing?.client.$disconnect();
}

/** A client for an explicit URL, not shared (scripts, tests). The caller disconnects it. */
export function createPrismaClient(url: string, max = 2): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
