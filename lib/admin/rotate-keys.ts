import { audit } from "@/lib/audit";
import { keyring } from "@/lib/crypto";
import { rotateCredentials } from "@/lib/crypto/rotate";
import { optional, UsageError, type AdminCommand } from "./types";

const command: AdminCommand = {
  description: "re-encrypt every stored provider credential under the current ENCRYPTION_KEY (older keys in ENCRYPTION_KEYS_OLD); safe to interrupt and re-run",
  usage: "[--batch-size <rows, default 100>]",
  async run(args) {
    const sizeText = optional(args, "batch-size");
    const batchSize = sizeText ? Number(sizeText) : 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError("--batch-size must be a whole number between 1 and 10000");
    const ring = keyring();
    args.print(`current key ${ring.current.id}${ring.source === "file" ? ` (from ${ring.file})` : ""}; ${ring.byId.size - 1} older key(s) configured for decryption`);
    const r = await rotateCredentials({ batchSize, ring, onBatch: (n) => args.print(`… ${n} re-encrypted`) });
    args.print(`re-encrypted ${r.rotated} connection(s) under key ${r.currentKeyId}; ${r.skipped} changed concurrently; ${r.failed.length} failed; ${r.remaining} still under an older key`);
    for (const f of r.failed) args.print(`  ${f.id}: ${f.error}`);
    await audit({ action: "crypto.rotate_keys", actorEmail: "admin-cli", result: r.failed.length ? "failure" : "success", details: { keyId: r.currentKeyId, rotated: r.rotated, skipped: r.skipped, failed: r.failed.length, remaining: r.remaining } });
    if (r.failed.length || r.remaining) throw new Error(`${r.remaining} connection(s) are still under an older key; fix the failures above and run again (keep the older keys in ENCRYPTION_KEYS_OLD until this succeeds)`);
    args.print("done: every credential is under the current key; older keys may now be removed from ENCRYPTION_KEYS_OLD");
  },
};
export default command;
