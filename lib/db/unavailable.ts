/**
 * "The database cannot be reached right now" — refused or dropped connections, a server shutting
 * down or starting up, an exhausted pool — as opposed to a bug or bad data. The API answers these
 * with a typed 503 `database_unavailable` and Retry-After (lib/api/handler.ts), pages with a
 * friendly "temporarily unavailable" page (components/shell/database-unavailable.tsx); never a 500.
 *
 * Errors arrive wrapped: pg's DatabaseError or a Node socket error, inside @prisma/adapter-pg's
 * DriverAdapterError, inside a PrismaClient*Error (or not wrapped at all for raw pg clients), so the
 * whole cause chain is inspected.
 */

/** seconds a client should wait before retrying */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now (starting up, shutting down), connection exceptions, too many connections */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57P05", "08000", "08001", "08003", "08004", "08006", "08007", "53300"]);
/** @prisma/adapter-pg's error kinds for the same */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Prisma's: can't reach the server, timed out, server closed the connection, pool timeout */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** Node socket errors */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENOENT", "EACCES"]);
/** what pg says when the server goes away between queries (no code attached) */
const MESSAGES = [
  /connection terminated unexpectedly/i,
  /connection terminated due to connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error and is not queryable/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up|in recovery mode|not yet accepting connections)/i,
  /can't reach database server/i,
  /server has closed the connection/i,
  /timed out fetching a new connection from the connection pool/i,
];

function codesOf(e: Record<string, unknown>): unknown[] {
  return [e.code, e.originalCode, e.errno, e.kind];
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown>;
    for (const c of codesOf(o)) {
      if (typeof c !== "string") continue;
      if (SQLSTATES.has(c) || ADAPTER_KINDS.has(c) || PRISMA_CODES.has(c)) return true;
      // socket codes only with a syscall attached (ENOENT/EACCES of a file are not database outages)
      if (SOCKET_CODES.has(c) && (typeof o.syscall === "string" || c === "ECONNREFUSED" || c === "ECONNRESET")) return true;
    }
    const message = typeof o.message === "string" ? o.message : "";
    if (MESSAGES.some((re) => re.test(message))) return true;
    queue.push(o.cause, o.meta, (o.meta as Record<string, unknown> | undefined)?.driverAdapterError);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return false;
}
