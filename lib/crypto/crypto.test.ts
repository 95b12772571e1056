/** Unit tests of the credential encryption (no database). */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { credentialsHint, decryptCredentials, encryptCredentials, envelopeKeyId, keyId, keyring, resetKeyring } from "./index";
import { EncryptionKeyError } from "./keys";

const b64 = () => randomBytes(32).toString("base64");
const envWith = (e: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "cd-keys-")), ...e }) as NodeJS.ProcessEnv;
const binding = { teamId: "team-a", connectionId: "conn-1" };
const secret = { token: "s3cr3t-token-value-0123456789" };

describe("encryptCredentials / decryptCredentials", () => {
  const ring = keyring(envWith({ ENCRYPTION_KEY: b64() }));

  it("round-trips, with a fresh nonce every time and nothing readable in the envelope", () => {
    const a = encryptCredentials(secret, binding, ring);
    const b = encryptCredentials(secret, binding, ring);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext.split(".")[2]).not.toBe(b.ciphertext.split(".")[2]);
    expect(Buffer.from(a.ciphertext.split(".")[2], "base64url")).toHaveLength(12);
    expect(a.ciphertext).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+$/);
    expect(a.keyId).toBe(ring.current.id);
    expect(envelopeKeyId(a.ciphertext)).toBe(ring.current.id);
    expect(a.ciphertext).not.toContain("s3cr3t");
    expect(decryptCredentials(a.ciphertext, binding, ring)).toEqual(secret);
  });

  it("binds the ciphertext to its team and connection (a copied ciphertext does not decrypt)", () => {
    const { ciphertext } = encryptCredentials(secret, binding, ring);
    expect(() => decryptCredentials(ciphertext, { ...binding, connectionId: "conn-2" }, ring)).toThrow(/belong to another connection/);
    expect(() => decryptCredentials(ciphertext, { ...binding, teamId: "team-b" }, ring)).toThrow(/belong to another connection/);
  });

  it("detects tampering and never echoes secrets in errors", () => {
    const { ciphertext } = encryptCredentials(secret, binding, ring);
    const parts = ciphertext.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    const tampered = [...parts.slice(0, 3), body.toString("base64url")].join(".");
    try {
      decryptCredentials(tampered, binding, ring);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cr3t");
      expect((e as Error).message).not.toContain(parts[3]);
    }
    expect(() => decryptCredentials("plaintext-token", binding, ring)).toThrow(/not in a known encrypted format/);
  });

  it("old keys decrypt; an unknown key id is named", () => {
    const oldKey = b64();
    const oldRing = keyring(envWith({ ENCRYPTION_KEY: oldKey }));
    const { ciphertext } = encryptCredentials(secret, binding, oldRing);
    const newRing = keyring(envWith({ ENCRYPTION_KEY: b64(), ENCRYPTION_KEYS_OLD: `${b64()}, ${oldKey}` }));
    expect(newRing.byId.size).toBe(3);
    expect(decryptCredentials(ciphertext, binding, newRing)).toEqual(secret);
    const id = keyId(Buffer.from(oldKey, "base64"));
    expect(() => decryptCredentials(ciphertext, binding, ring)).toThrow(new RegExp(`key ${id}, which is not configured`));
    resetKeyring();
  });

  it("refuses bad keys by name without echoing them", () => {
    const short = randomBytes(16).toString("base64");
    expect(() => keyring(envWith({ ENCRYPTION_KEY: short }))).toThrow(/ENCRYPTION_KEY must be base64 of exactly 32 bytes/);
    try {
      keyring(envWith({ ENCRYPTION_KEY: short }));
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
    expect(() => keyring(envWith({ ENCRYPTION_KEY: b64(), ENCRYPTION_KEYS_OLD: "not base64!" }))).toThrow(/ENCRYPTION_KEYS_OLD entry 1/);
  });

  it("production with an external database refuses to run without ENCRYPTION_KEY", () => {
    expect(() => keyring(envWith({ NODE_ENV: "production", DATABASE_URL: "postgresql://db.example/clusterdeck" }))).toThrow(EncryptionKeyError);
    expect(() => keyring(envWith({ NODE_ENV: "production", DATABASE_URL: "postgresql://db.example/clusterdeck" }))).toThrow(/ENCRYPTION_KEY is required in production/);
  });

  it("the embedded default generates an owner-only key file once and reuses it", () => {
    const env = envWith({});
    const a = keyring(env);
    expect(a.source).toBe("file");
    const file = path.join(env.DATA_DIR!, "encryption.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    resetKeyring();
    const b = keyring(env);
    expect(b.current.id).toBe(a.current.id);
    expect(keyId(Buffer.from(readFileSync(file, "utf8").trim(), "base64"))).toBe(a.current.id);
    // setting ENCRYPTION_KEY later: the generated key keeps decrypting (until rotate-keys)
    const c = keyring({ ...env, ENCRYPTION_KEY: b64() });
    expect(c.source).toBe("env");
    expect(c.byId.has(a.current.id)).toBe(true);
  });

  it("hints show only the last four characters of long secrets", () => {
    expect(credentialsHint({ token: "abcdefghijklmnop" }, ["token"])).toBe("mnop");
    expect(credentialsHint({ apiKey: "ra2.0123456789abcdef", apiSecret: "x" }, ["apiKey", "apiSecret"])).toBe("cdef");
    expect(credentialsHint({ token: "short" }, ["token"])).toBe("");
  });
});
