/**
 * Row leases shared by every background job that several replicas run against one database
 * (inventory sync: Connection.syncLease*, operations: Operation.lease*):
 *
 * - claim: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING` takes up to `limit`
 *   due rows whose lease is free or expired, so two workers never get the same row and a crashed
 *   replica's rows come back when its lease runs out;
 * - renew: extends a lease the worker still holds;
 * - release: gives the lease back (only the owner's) and sets the row's next due time.
 *
 * Every lease end and due time is computed on the database's clock (lib/db/clock.ts): replicas'
 * clocks may disagree, the database's is the one they share.
 */
import { getPrisma, Prisma } from "./client";
import { dbNow, dbNowPlus } from "./clock";

/** where a table keeps its lease: the owner and lease-end columns and the "due at" column claims order by */
export interface LeaseColumns {
  table: string;
  owner: string;
  until: string;
  due: string;
}

const ident = (name: string): Prisma.Sql => {
  // identifiers come from constants in our code, never from input; refuse anything unusual anyway
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad SQL identifier ${JSON.stringify(name)}`);
  return Prisma.raw(`"${name}"`);
};

export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  limit: number;
  /** which rows may be claimed; by default those whose due time has come */
  eligible?: Prisma.Sql;
  /** more `"column" = value` assignments made with the claim */
  set?: Prisma.Sql[];
  /** columns returned for each claimed row (default: id) */
  returning?: Prisma.Sql;
  /** the claim order among eligible rows (default: the due column, longest overdue first) */
  order?: Prisma.Sql;
}

/** claims free (or expired) eligible rows for `workerId`; the rows another worker holds are skipped, never waited for */
export async function claimLeases<T = { id: string }>(lease: LeaseColumns, opts: ClaimOptions): Promise<T[]> {
  const table = ident(lease.table);
  const until = ident(lease.until);
  const due = ident(lease.due);
  const eligible = opts.eligible ?? Prisma.sql`${due} <= ${dbNow()}`;
  const assignments = [Prisma.sql`${ident(lease.owner)} = ${opts.workerId}`, Prisma.sql`${until} = ${dbNowPlus(opts.leaseMs)}`, ...(opts.set ?? [])];
  return getPrisma().$queryRaw<T[]>`
    UPDATE ${table} SET ${Prisma.join(assignments, ", ")}
    WHERE id IN (
      SELECT id FROM ${table}
      WHERE (${until} IS NULL OR ${until} < ${dbNow()}) AND (${eligible})
      ORDER BY ${opts.order ?? due}
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING ${opts.returning ?? Prisma.sql`id`}`;
}

/** extends a held lease to the database's now + `leaseMs`; false when the lease is no longer this worker's */
export async function renewLease(lease: LeaseColumns, id: string, workerId: string, leaseMs: number): Promise<boolean> {
  const n = await getPrisma().$executeRaw`
    UPDATE ${ident(lease.table)} SET ${ident(lease.until)} = ${dbNowPlus(leaseMs)}
    WHERE id = ${id} AND ${ident(lease.owner)} = ${workerId}`;
  return n > 0;
}

/** gives the lease back and makes the row due again `nextDueInMs` from the database's now (with `set`'s assignments); false when it was not this worker's */
export async function releaseLease(lease: LeaseColumns, id: string, workerId: string, nextDueInMs: number, set: Prisma.Sql[] = []): Promise<boolean> {
  const assignments = [Prisma.sql`${ident(lease.owner)} = NULL`, Prisma.sql`${ident(lease.until)} = NULL`, Prisma.sql`${ident(lease.due)} = ${dbNowPlus(nextDueInMs)}`, ...set];
  const n = await getPrisma().$executeRaw`
    UPDATE ${ident(lease.table)} SET ${Prisma.join(assignments, ", ")}
    WHERE id = ${id} AND ${ident(lease.owner)} = ${workerId}`;
  return n > 0;
}
