import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { normalizeAddress, peerAddress } from "./peer-address";

export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

/** TRUST_PROXY_HOPS: how many proxies in front of the server append trusted X-Forwarded-For entries */
export function trustProxyHops(): number {
  return config().TRUST_PROXY_HOPS;
}

/**
 * The client's address, for rate limits and the audit log. With TRUST_PROXY_HOPS=0 (the default)
 * it is the connection's own remote address (lib/api/peer-address.ts) and X-Forwarded-For is
 * ignored: any client can write that header. With N trusted proxies in front, it is the address N
 * hops from the right of X-Forwarded-For + the connection's address (each proxy appends the address
 * it was connected from); when the chain is shorter, the leftmost (furthest) address. Null when the
 * request did not come through a stamped server (nothing trustworthy is known).
 */
export function clientIp(headers: Headers, hops = trustProxyHops()): string | null {
  const peer = peerAddress(headers);
  if (!peer) return null;
  if (hops === 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const picked = chain[Math.max(0, chain.length - 1 - hops)];
  // an entry may carry a port ("1.2.3.4:5678", "[::1]:5678") from some proxies
  const bare = /^\[([^\]]+)\](?::\d+)?$/.exec(picked)?.[1] ?? (/^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(picked)?.[1] ?? picked);
  return normalizeAddress(bare).slice(0, 64);
}

/** NEXTAUTH_URL's origin (the configured public URL), or null when it is not set. */
export function appOrigin(): string | null {
  const configured = process.env.NEXTAUTH_URL;
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}

/**
 * The origins a same-origin request may come from: NEXTAUTH_URL's origin when configured (never a
 * client-sent X-Forwarded-Host); without it (the local try-it default) the Host the browser addressed.
 */
function allowedOrigins(req: Request): string[] {
  const configured = appOrigin();
  if (configured) return [configured];
  const host = req.headers.get("host");
  return host ? [`http://${host}`, `https://${host}`] : [];
}

/** Where this app is reached, for absolute redirects: NEXTAUTH_URL's origin, else the Host the request was sent to. */
export function requestOrigin(req: Request): string {
  const configured = appOrigin();
  if (configured) return configured;
  const host = req.headers.get("host");
  const proto = new URL(req.url).protocol;
  return host ? `${proto}//${host}` : new URL(req.url).origin;
}

/** Same-origin check for cookie-authenticated mutations (CSRF): the Origin (or Referer) must be the app's own. */
export function isSameOrigin(req: Request): boolean {
  let origin = req.headers.get("origin");
  if (!origin) {
    const referer = req.headers.get("referer");
    if (!referer) return false;
    try {
      origin = new URL(referer).origin;
    } catch {
      return false;
    }
  }
  return allowedOrigins(req).includes(origin);
}
