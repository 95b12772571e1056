/**
 * Housekeeping: one background job that removes what has expired — sessions (and e-mail verification
 * tokens), invitations, sign-in rate-limit counters — and clears old Idempotency-Key records. Each
 * rule lives with its domain; this job only runs them. Every replica may run it (the deletes are
 * idempotent), at most every HOUSEKEEPING_INTERVAL_MS.
 */
import { logger } from "@/lib/log";
import type { Job } from "./index";

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

export interface HousekeepingResult {
  sessions: number;
  invitations: number;
  rateLimits: number;
  idempotencyKeys: number;
}

/** One pass; `now` is for tests. */
export async function runHousekeeping(now = new Date()): Promise<HousekeepingResult> {
  const [{ purgeExpiredSessions }, { purgeExpiredInvitations }, { purgeStaleRateLimits }, { expireIdempotencyKeys }] = await Promise.all([
    import("@/lib/auth/sessions"),
    import("@/lib/teams"),
    import("@/lib/auth/rate-limit"),
    import("@/lib/operations/idempotency"),
  ]);
  const result: HousekeepingResult = {
    sessions: await purgeExpiredSessions(now),
    invitations: await purgeExpiredInvitations(now),
    rateLimits: await purgeStaleRateLimits(now),
    idempotencyKeys: await expireIdempotencyKeys(now),
  };
  if (Object.values(result).some((n) => n > 0)) logger.info(result, "housekeeping removed expired records");
  return result;
}

export const housekeepingJob: Job = {
  name: "housekeeping",
  intervalMs: HOUSEKEEPING_INTERVAL_MS,
  async run() {
    await runHousekeeping();
  },
};
