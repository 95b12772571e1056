/**
 * Failure counters in the RateLimit table (shared by every replica). A key is locked once it has
 * `limit` failures with less than `windowMs` between each and the next; the lock lasts `windowMs`
 * after the last failure. A success clears the key.
 */
import { getPrisma } from "@/lib/db/client";

export interface LimitPolicy {
  limit: number;
  windowMs: number;
}

/** five wrong passwords in a row for one account → refused for 15 minutes */
export const ACCOUNT_POLICY: LimitPolicy = { limit: 5, windowMs: 15 * 60_000 };
/** per source address (across accounts) */
export const ADDRESS_POLICY: LimitPolicy = { limit: 30, windowMs: 15 * 60_000 };

export const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `signin:ip:${ip}`;

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

/** a row older than the longest window means nothing any more: no lock, and the next failure starts at 1 */
export const RATE_LIMIT_RETENTION_MS = Math.max(ACCOUNT_POLICY.windowMs, ADDRESS_POLICY.windowMs);

/** Deletes counters whose last failure is older than every policy's window (housekeeping). */
export async function purgeStaleRateLimits(now = new Date()): Promise<number> {
  const r = await getPrisma().rateLimit.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - RATE_LIMIT_RETENTION_MS) } } });
  return r.count;
}
