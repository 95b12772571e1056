import { getPrisma } from "@/lib/db/client";
import { decryptCredentials, encryptCredentials } from "./index";
import { keyring, type Keyring } from "./keys";

export interface RotateResult {
  currentKeyId: string;
  rotated: number;
  /** rows changed by someone else between read and write (re-run to pick them up) */
  skipped: number;
  failed: { id: string; error: string }[];
  /** rows still under an older key when this run stopped */
  remaining: number;
}

/**
 * Re-encrypts every connection's credentials under the current key, in batches. Each row is updated
 * on its own with an optimistic check (the ciphertext read must still be there), so the run can be
 * interrupted at any point and run again: rows already under the current key are not touched.
 */
export async function rotateCredentials(opts: { batchSize?: number; maxBatches?: number; ring?: Keyring; onBatch?: (done: number) => void } = {}): Promise<RotateResult> {
  const prisma = getPrisma();
  const ring = opts.ring ?? keyring();
  const current = ring.current.id;
  const batchSize = opts.batchSize ?? 100;
  const result: RotateResult = { currentKeyId: current, rotated: 0, skipped: 0, failed: [], remaining: 0 };
  let cursor: string | undefined;
  for (let batch = 0; opts.maxBatches === undefined || batch < opts.maxBatches; batch++) {
    const rows = await prisma.connection.findMany({
      where: { credentialsKeyId: { not: current }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, teamId: true, credentialsCiphertext: true },
    });
    if (!rows.length) break;
    for (const row of rows) {
      let next: { ciphertext: string; keyId: string };
      try {
        const plain = decryptCredentials(row.credentialsCiphertext, { teamId: row.teamId, connectionId: row.id }, ring);
        next = encryptCredentials(plain, { teamId: row.teamId, connectionId: row.id }, ring);
      } catch (e) {
        result.failed.push({ id: row.id, error: (e as Error).message });
        continue;
      }
      const { count } = await prisma.connection.updateMany({
        where: { id: row.id, credentialsCiphertext: row.credentialsCiphertext },
        data: { credentialsCiphertext: next.ciphertext, credentialsKeyId: next.keyId },
      });
      if (count === 1) result.rotated++;
      else result.skipped++;
    }
    cursor = rows[rows.length - 1].id;
    opts.onBatch?.(result.rotated);
  }
  result.remaining = await prisma.connection.count({ where: { credentialsKeyId: { not: current } } });
  return result;
}
