/**
 * Signature Version 4 verification, written from the published algorithm (docs/providers/eks.md §2),
 * independently of the SDK's signer: the canonical request, the string to sign and the signature are
 * recomputed with the secret the simulator knows for the access key id, and compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { SimRequest } from "@/simulators/kit/server";

export interface KnownKey {
  secretAccessKey: string;
  /** temporary credentials (STS) carry a session token that must accompany every request */
  sessionToken?: string;
  /** epoch ms after which temporary credentials stop working */
  expiresAt?: number;
  /** the IAM identity the key belongs to */
  arn: string;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string; region: string; service: string; key: KnownKey }
  | { ok: false; reason: "missing" | "unknown_key" | "bad_signature" | "expired" | "malformed" | "bad_token"; message: string; service?: string; region?: string };

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/** RFC 3986 encoding as SigV4 wants it (A-Z a-z 0-9 - _ . ~ unreserved) */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** the canonical URI: every segment of the path as received, URI-encoded once more (all services but S3) */
function canonicalUri(rawPath: string): string {
  if (!rawPath || rawPath === "/") return "/";
  return rawPath
    .split("/")
    .map((seg) => uriEncode(seg))
    .join("/");
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf("=");
      const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, "%20"));
      const v = i < 0 ? "" : decodeURIComponent(p.slice(i + 1).replace(/\+/g, "%20"));
      return [uriEncode(k), uriEncode(v)] as const;
    });
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Verifies the Authorization header of `req` (raw path and query as received in `url`).
 * `keys` maps access key ids to what the simulator knows; `nowMs` is real time (signing uses wall clocks).
 */
export function verifySigV4(req: SimRequest, url: string, keys: (id: string) => KnownKey | undefined, nowMs = Date.now()): SigV4Result {
  const auth = req.headers.authorization;
  if (!auth) return { ok: false, reason: "missing", message: "Missing Authentication Token" };
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return { ok: false, reason: "malformed", message: "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters for AWS4-HMAC-SHA256" };
  const [, accessKeyId, date, region, service, signedHeadersText, signature] = m;
  const key = keys(accessKeyId);
  if (!key) return { ok: false, reason: "unknown_key", message: "The security token included in the request is invalid.", service, region };
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return { ok: false, reason: "bad_signature", message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP", service, region };
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (Math.abs(nowMs - signedAt) > 15 * 60_000) return { ok: false, reason: "bad_signature", message: `Signature expired: ${amzDate} is now earlier or later than 15 minutes from the server time`, service, region };
  const signedHeaders = signedHeadersText.split(";");
  if (!signedHeaders.includes("host")) return { ok: false, reason: "bad_signature", message: "'Host' must be a 'SignedHeader' in the AWS Authorization.", service, region };
  if (key.sessionToken !== undefined) {
    if (req.headers["x-amz-security-token"] !== key.sessionToken) return { ok: false, reason: "bad_token", message: "The security token included in the request is invalid.", service, region };
    if (key.expiresAt !== undefined && nowMs > key.expiresAt) return { ok: false, reason: "expired", message: "The security token included in the request is expired", service, region };
  }
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? "" : url.slice(q + 1);
  const canonicalHeaders = signedHeaders
    .map((h) => {
      const v = req.headers[h];
      const text = Array.isArray(v) ? v.join(",") : (v ?? "");
      return `${h}:${String(text).trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  // the body as received is what is signed; a declared x-amz-content-sha256 must match it
  const payloadHash = sha256(req.rawBody);
  const declared = req.headers["x-amz-content-sha256"];
  if (typeof declared === "string" && declared !== payloadHash) return { ok: false, reason: "bad_signature", message: "The provided 'x-amz-content-sha256' header does not match what was computed.", service, region };
  const canonicalRequest = [req.method, canonicalUri(rawPath), canonicalQuery(rawQuery), canonicalHeaders, signedHeadersText, payloadHash].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${key.secretAccessKey}`, date);
  const kSigning = hmac(hmac(hmac(kDate, region), service), "aws4_request");
  const expected = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature", message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", service, region };
  }
  return { ok: true, accessKeyId, region, service, key };
}
