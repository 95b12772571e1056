/**
 * Failure counters in the RateLimit table (shared by every replica). A key is locked once it has
 * `limit` failures with less than `windowMs` between each and the next; the lock lasts `windowMs`
 * after the last failure. A success clears the key.
 *
 * Sign-in uses three kinds of keys (lib/auth/password-signin.ts):
 * - per account: failures in a row slow the account down with growing delays (ACCOUNT_SLOWDOWN),
 *   applied to addresses that have been failing on it, so that a stranger who knows an email address
 *   cannot keep its owner out: a correct password from an address with no failures still signs in;
 * - per account and address: which addresses have been failing on the account;
 * - per address (across accounts): a fixed limit (ADDRESS_POLICY).
 */
import { getPrisma } from "@/lib/db/client";

export interface LimitPolicy {
  limit: number;
  windowMs: number;
}

/**
 * Growing delays per account: from the `free`-th failure in a row on, the next attempt from a
 * failing address waits baseMs × 2^(failures − free), at most maxMs (30 s, 1, 2, 4, 8, then 15 min).
 * Failures are forgotten `memoryMs` after the last one, or at a successful sign-in.
 */
export const ACCOUNT_SLOWDOWN = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, memoryMs: 24 * 3600_000 };

/** the wait after `failures` in a row on one account (0 while below the free attempts) */
export function accountDelayMs(failures: number): number {
  const s = ACCOUNT_SLOWDOWN;
  if (failures < s.free) return 0;
  return Math.min(s.maxMs, s.baseMs * 2 ** Math.min(failures - s.free, 20));
}

/** ms until the account accepts another attempt from a failing address (0 when it does now) */
export async function accountWaitMs(key: string, now = new Date()): Promise<number> {
  const row = await getPrisma().rateLimit.findUnique({ where: { key } });
  if (!row || now.getTime() - row.windowStart.getTime() > ACCOUNT_SLOWDOWN.memoryMs) return 0;
  const left = row.windowStart.getTime() + accountDelayMs(row.count) - now.getTime();
  return left > 0 ? left : 0;
}

/** failures recorded under a key within windowMs of now (0 when none) */
export async function failuresOf(key: string, windowMs: number, now = new Date()): Promise<number> {
  const row = await getPrisma().rateLimit.findUnique({ where: { key } });
  if (!row || now.getTime() - row.windowStart.getTime() > windowMs) return 0;
  return row.count;
}
/** per source address (across accounts) */
export const ADDRESS_POLICY: LimitPolicy = { limit: 30, windowMs: 15 * 60_000 };

export const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `signin:ip:${ip}`;
export const accountAddressKey = (email: string, ip: string) => `signin:account-ip:${email.trim().toLowerCase()}|${ip}`;

/** ms until the key is usable again, or 0 when not locked */
export async function lockedFor(key: string, policy: LimitPolicy, now = new Date()): Promise<number> {
  const row = await getPrisma().rateLimit.findUnique({ where: { key } });
  if (!row || row.count < policy.limit) return 0;
  const left = row.windowStart.getTime() + policy.windowMs - now.getTime();
  return left > 0 ? left : 0;
}

/** records one failure; returns the count of failures in a row */
export async function recordFailure(key: string, policy: LimitPolicy, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.windowMs);
  const rows = await getPrisma().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" < ${cutoff} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = ${now}
    RETURNING "count"`;
  return Number(rows[0]?.count ?? 1);
}

export async function clearFailures(key: string): Promise<void> {
  await getPrisma().rateLimit.deleteMany({ where: { key } });
}

/**
 * Request budget per key in fixed windows (per personal API token in lib/api/handler.ts): counts this
 * request and answers how many the window holds so far and when it ends. One statement, shared by
 * every replica.
 */
export async function countRequest(key: string, windowMs: number, now = new Date()): Promise<{ count: number; resetsInMs: number }> {
  const cutoff = new Date(now.getTime() - windowMs);
  const rows = await getPrisma().$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= ${cutoff} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= ${cutoff} THEN ${now} ELSE "RateLimit"."windowStart" END
    RETURNING "count", "windowStart"`;
  const row = rows[0];
  const start = row ? new Date(row.windowStart).getTime() : now.getTime();
  return { count: Number(row?.count ?? 1), resetsInMs: Math.max(0, start + windowMs - now.getTime()) };
}

export const apiTokenKey = (tokenId: string) => `api:token:${tokenId}`;

/**
 * A row older than its policy's memory means nothing any more (no lock, the next failure starts at 1):
 * per-account sign-in counters remember ACCOUNT_SLOWDOWN.memoryMs (the growing delays), the rest
 * (per address, per API token) at most the longest fixed window.
 */
export const RATE_LIMIT_RETENTION_MS = Math.max(ADDRESS_POLICY.windowMs, 60_000);
const ACCOUNT_PREFIXES = ["signin:account:", "signin:account-ip:"];

/** Deletes counters whose last failure is older than their policy's memory (housekeeping). */
export async function purgeStaleRateLimits(now = new Date()): Promise<number> {
  const prisma = getPrisma();
  const accounts = { OR: ACCOUNT_PREFIXES.map((p) => ({ key: { startsWith: p } })) };
  const a = await prisma.rateLimit.deleteMany({ where: { ...accounts, windowStart: { lt: new Date(now.getTime() - ACCOUNT_SLOWDOWN.memoryMs) } } });
  const b = await prisma.rateLimit.deleteMany({ where: { NOT: accounts, windowStart: { lt: new Date(now.getTime() - RATE_LIMIT_RETENTION_MS) } } });
  return a.count + b.count;
}
