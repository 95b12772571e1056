/**
 * The database's clock, for times several replicas compare (leases, expiry). Replicas' clocks may
 * disagree; the database's is the one they share. Time columns are TIMESTAMP(3) without time zone
 * holding UTC (Prisma writes and reads Dates as UTC), so "now" is taken as UTC wall time whatever
 * the server's TimeZone setting: `now() AT TIME ZONE 'UTC'`.
 */
import { Prisma } from "./client";

/** SQL text of the database's "now" (for $queryRawUnsafe strings) */
export const DB_NOW_SQL = `(now() AT TIME ZONE 'UTC')`;

/** the database's "now" as a Prisma.sql fragment */
export const dbNow = (): Prisma.Sql => Prisma.raw(DB_NOW_SQL);

/** the database's "now" plus `ms` milliseconds (a lease end) */
export const dbNowPlus = (ms: number): Prisma.Sql => Prisma.sql`(${dbNow()} + (${Math.round(ms)}::int * interval '1 millisecond'))`;
