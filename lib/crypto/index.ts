/**
 * Encryption at rest for provider credentials: AES-256-GCM, a fresh random 96-bit nonce per value,
 * and additional authenticated data binding each ciphertext to its team and connection (a ciphertext
 * copied onto another row does not decrypt). Envelope: "v1.<keyId>.<nonce>.<ciphertext+tag>" (base64url).
 *
 * Unlike a "decrypt or pass through" helper, nothing here ever falls back to plaintext, and no error
 * message contains a plaintext, a ciphertext or a key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { keyring, type Keyring } from "./keys";

export { ensureEncryptionKey, keyId, keyring, resetKeyring, EncryptionKeyError, type Keyring } from "./keys";

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** plaintexts are padded to a multiple of this, so ciphertext length says little about a token's length */
const PAD_TO = 64;

/** What a ciphertext is bound to (its AAD). Generate the connection id before encrypting. */
export interface CredentialBinding {
  teamId: string;
  connectionId: string;
}

export class CredentialDecryptError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = "CredentialDecryptError";
  }
}

function aad(binding: CredentialBinding, kid: string): Buffer {
  if (!binding.teamId || !binding.connectionId) throw new Error("encrypting credentials needs both the team id and the connection id");
  return Buffer.from(`clusterdeck/connection-credentials/${VERSION}\u0000${kid}\u0000${binding.teamId}\u0000${binding.connectionId}`, "utf8");
}

/** Encrypts a credentials object under the current key. */
export function encryptCredentials(credentials: Record<string, string>, binding: CredentialBinding, ring: Keyring = keyring()): { ciphertext: string; keyId: string } {
  const { id, key } = ring.current;
  const json = JSON.stringify(credentials);
  // JSON ignores trailing whitespace: pad with spaces
  const padded = json + " ".repeat((PAD_TO - (Buffer.byteLength(json) % PAD_TO)) % PAD_TO);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(binding, id));
  const body = Buffer.concat([cipher.update(padded, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: `${VERSION}.${id}.${nonce.toString("base64url")}.${body.toString("base64url")}`, keyId: id };
}

/** The key id an envelope was encrypted with (without decrypting). */
export function envelopeKeyId(ciphertext: string): string | null {
  const parts = ciphertext.split(".");
  return parts.length === 4 && parts[0] === VERSION ? parts[1] : null;
}

/** Decrypts an envelope made by encryptCredentials for the same binding; throws CredentialDecryptError otherwise. */
export function decryptCredentials(ciphertext: string, binding: CredentialBinding, ring: Keyring = keyring()): Record<string, string> {
  const parts = ciphertext.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CredentialDecryptError("stored credentials are not in a known encrypted format");
  const [, kid, nonceText, bodyText] = parts;
  const k = ring.byId.get(kid);
  if (!k) {
    throw new CredentialDecryptError(
      `stored credentials were encrypted with key ${kid}, which is not configured: set it as ENCRYPTION_KEY or add it to ENCRYPTION_KEYS_OLD (or enter the credentials again)`,
      kid,
    );
  }
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new CredentialDecryptError("stored credentials are truncated", kid);
  try {
    const decipher = createDecipheriv("aes-256-gcm", k.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(binding, kid));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    const parsed = JSON.parse(plain) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as Record<string, string>;
  } catch {
    throw new CredentialDecryptError(`stored credentials do not decrypt with key ${kid} (they were altered or belong to another connection)`, kid);
  }
}

/** "…abcd": the last four characters of the main secret (nothing for short values). */
export function credentialsHint(credentials: Record<string, string>, fieldOrder: string[]): string {
  const main = fieldOrder.map((f) => credentials[f]).find((v) => typeof v === "string" && v.length > 0) ?? "";
  return main.length >= 12 ? main.slice(-4) : "";
}
