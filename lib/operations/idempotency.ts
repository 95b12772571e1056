/**
 * Idempotency-Key records: an operation created with an Idempotency-Key answers a repeated request
 * with that key (lib/operations/start.ts). A key is kept for IDEMPOTENCY_KEY_RETENTION_MS after
 * the operation was created and as long as the operation is still active; after that the key is
 * cleared (the operation itself stays in the history) and may be used again.
 */
import { getPrisma } from "@/lib/db/client";
import { ACTIVE_STATES } from "./types";

export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Clears the keys of finished operations created more than 24 hours ago (housekeeping). */
export async function expireIdempotencyKeys(now = new Date()): Promise<number> {
  const r = await getPrisma().operation.updateMany({
    where: { idempotencyKey: { not: null }, state: { notIn: ACTIVE_STATES }, createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS) } },
    data: { idempotencyKey: null },
  });
  return r.count;
}
