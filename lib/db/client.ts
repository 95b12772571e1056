/**
 * The Prisma client singleton. Reads DATABASE_URL at first use (the embedded boot sets it to the
 * PGlite socket URL and sets CLUSTERDECK_DB_KIND=embedded). Kept on globalThis so the separate
 * bundles Next builds (route handlers, server components, instrumentation) share one pool.
 */
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
  });
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
