import { createHash } from "node:crypto";

/**
 * Key material in keyset requests (docs/providers/nks.md §3.8). The API docs show keys base64-encoded;
 * the SDK (its live tests, examples and the Terraform provider) sends the raw text instead: an SSH
 * public key as `ssh-rsa AAAA… comment`, cloud credentials as the provider's own JSON or token. The
 * live suite ran against the real service, so it took both: a value that is valid base64 is decoded
 * first, anything else is taken as the raw text.
 */
export const MAX_KEY_BYTES = 64 * 1024;
const SSH_TYPES = /^(ssh-rsa|ssh-dss|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** the text a key field carries: base64 decoded when it is base64 of UTF-8 text, else as sent */
export function keyText(value: string): string {
  const compact = value.replace(/\s+/g, "");
  if (compact.length % 4 === 0 && BASE64.test(compact)) {
    const decoded = Buffer.from(compact, "base64");
    const text = decoded.toString("utf8");
    // printable text only (a random token that happens to be base64 stays as it was sent)
    if (Buffer.from(text, "utf8").equals(decoded) && /^[\x09\x0a\x0d\x20-\x7e]+$/.test(text)) return text;
  }
  return value;
}

/** An OpenSSH public key line → its MD5 fingerprint (aa:bb:…), or undefined when it is not one. */
export function sshFingerprint(text: string): string | undefined {
  const m = /^\s*(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+.*)?\s*$/s.exec(text);
  if (!m || !SSH_TYPES.test(m[1])) return undefined;
  const blob = Buffer.from(m[2], "base64");
  // the blob starts with the key type, length-prefixed
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (len <= 0 || blob.length < 4 + len || blob.subarray(4, 4 + len).toString("latin1") !== m[1]) return undefined;
  return createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");
}

/** Checks one key of a keyset; returns its fingerprint ("" where none applies) or the problem. */
export function checkKey(category: string, keyType: unknown, value: unknown): { fingerprint: string } | { error: string } {
  if (typeof keyType !== "string" || !keyType) return { error: "Each key needs a key_type." };
  if (typeof value !== "string" || !value.trim()) return { error: `The ${keyType} key is empty.` };
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) return { error: `The ${keyType} key is longer than ${MAX_KEY_BYTES} bytes.` };
  if (category === "user_ssh" && keyType === "pub") {
    const fingerprint = sshFingerprint(keyText(value));
    return fingerprint ? { fingerprint } : { error: "Enter a valid SSH public key (e.g. ssh-rsa AAAA… comment), as text or base64." };
  }
  return { fingerprint: "" };
}
