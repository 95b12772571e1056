/**
 * Encryption keys for provider credentials.
 *
 *   ENCRYPTION_KEY       base64 of 32 random bytes (`openssl rand -base64 32`): encrypts and decrypts
 *   ENCRYPTION_KEYS_OLD  comma-separated older keys: still decrypt (until `npm run admin -- rotate-keys`)
 *
 * Every key has an id: the first 8 hex digits of sha256(key); the id is stored beside each ciphertext.
 * Without ENCRYPTION_KEY the embedded default generates one into DATA_DIR/encryption.key (mode 0600)
 * and warns; production with an external database (NODE_ENV=production + DATABASE_URL) refuses.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "@/lib/config";
import { logger } from "@/lib/log";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: EncryptionKey;
  /** every key that decrypts, by id (current included) */
  byId: Map<string, EncryptionKey>;
  source: "env" | "file";
  file?: string;
}

export const KEY_FILE_NAME = "encryption.key";

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionKeyError";
  }
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** Parses one base64 key; the message names where it came from, never its value. */
export function parseKey(value: string, where: string): EncryptionKey {
  const text = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new EncryptionKeyError(`${where} is not base64; generate a key with: openssl rand -base64 32`);
  const key = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== 32) throw new EncryptionKeyError(`${where} must be base64 of exactly 32 bytes (it decodes to ${key.length}); generate a key with: openssl rand -base64 32`);
  return { id: keyId(key), key };
}

const g = globalThis as unknown as { __clusterdeckKeyring?: { signature: string; ring: Keyring } };

/** The keyring for the current environment (cached until the relevant variables change). */
export function keyring(env: NodeJS.ProcessEnv = process.env): Keyring {
  const signature = [env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS_OLD, env.DATA_DIR, env.NODE_ENV, env.DATABASE_URL, env.CLUSTERDECK_DB_KIND].join("\u0000");
  if (g.__clusterdeckKeyring?.signature === signature) return g.__clusterdeckKeyring.ring;
  const ring = loadKeyring(env);
  g.__clusterdeckKeyring = { signature, ring };
  return ring;
}

/** forget the cached keyring (tests) */
export function resetKeyring() {
  g.__clusterdeckKeyring = undefined;
}

function loadKeyring(env: NodeJS.ProcessEnv): Keyring {
  const cfg = loadConfig(env);
  const file = path.join(cfg.dataDir, KEY_FILE_NAME);
  const old = (cfg.ENCRYPTION_KEYS_OLD ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((v, i) => parseKey(v, `ENCRYPTION_KEYS_OLD entry ${i + 1}`));
  let current: EncryptionKey;
  let source: Keyring["source"];
  if (cfg.ENCRYPTION_KEY) {
    current = parseKey(cfg.ENCRYPTION_KEY, "ENCRYPTION_KEY");
    source = "env";
    // a key the embedded default generated earlier keeps decrypting after ENCRYPTION_KEY is set
    const generated = readKeyFile(file);
    if (generated && generated.id !== current.id) old.push(generated);
  } else {
    if (cfg.NODE_ENV === "production" && !cfg.embedded) {
      throw new EncryptionKeyError(
        "ENCRYPTION_KEY is required in production with an external database (DATABASE_URL): set it to base64 of 32 random bytes (openssl rand -base64 32) and keep it safe; without it stored provider credentials cannot be decrypted",
      );
    }
    current = readKeyFile(file) ?? generateKeyFile(file);
    source = "file";
  }
  const byId = new Map<string, EncryptionKey>();
  byId.set(current.id, current);
  for (const k of old) if (!byId.has(k.id)) byId.set(k.id, k);
  return { current, byId, source, file: source === "file" ? file : undefined };
}

function readKeyFile(file: string): EncryptionKey | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new EncryptionKeyError(`cannot read the encryption key file ${file}: ${(e as Error).message}`);
  }
  try {
    // keep it owner-only even if someone loosened it
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    /* best effort */
  }
  return parseKey(text, `the encryption key file ${file}`);
}

let generatedThisProcess = false;

function generateKeyFile(file: string): EncryptionKey {
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    // "wx": never overwrite a key another process wrote a moment ago
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return readKeyFile(file)!;
    throw new EncryptionKeyError(`cannot write the encryption key file ${file}: ${(e as Error).message}`);
  }
  chmodSync(file, 0o600);
  generatedThisProcess = true;
  logger.warn(
    { file },
    `ENCRYPTION_KEY is not set: generated an encryption key in ${file} (owner-only). Back it up with the data directory — without it the stored provider credentials cannot be decrypted. Set ENCRYPTION_KEY for production.`,
  );
  return { id: keyId(key), key };
}

/**
 * Boot step (before migrations): makes sure a usable key exists — fails start-up with a clear message
 * in production without ENCRYPTION_KEY, generates the embedded default's key file otherwise.
 */
export function ensureEncryptionKey(env: NodeJS.ProcessEnv = process.env): Keyring {
  resetKeyring();
  const ring = keyring(env);
  if (ring.source === "file") {
    if (!generatedThisProcess) logger.warn({ file: ring.file, keyId: ring.current.id }, `ENCRYPTION_KEY is not set: provider credentials are encrypted with the key in ${ring.file}; set ENCRYPTION_KEY in production`);
  } else logger.info({ keyId: ring.current.id, olderKeys: ring.byId.size - 1 }, `credential encryption key ${ring.current.id}${ring.byId.size > 1 ? ` (+${ring.byId.size - 1} older key(s) for decryption)` : ""}`);
  return ring;
}
