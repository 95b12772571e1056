/**
 * Password hashing with scrypt (memory-hard): N=2^15, r=8, p=1 (32 MiB per hash), 16-byte per-user
 * salt, 64-byte key. Stored as "scrypt$<N>$<r>$<p>$<salt b64>$<key b64>" so parameters can be raised
 * later without invalidating existing hashes. Verification is constant-time.
 */
export { MIN_PASSWORD_LENGTH, passwordProblem } from "./password-policy";
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 64;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize("NFKC"), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

const maxmem = (n: number, r: number) => 128 * n * r * 2;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

// a fixed hash to compare against when the user does not exist, so timing does not reveal it
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const target = stored ?? (await (dummyHash ??= hashPassword("not-a-real-password-0000")));
  const parts = target.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 2 ** 20) return false;
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: maxmem(n, r) });
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  return ok && stored != null;
}
