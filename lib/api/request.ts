import { randomUUID } from "node:crypto";

export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

/** Client address as seen through at most one trusted proxy hop. */
export function clientIp(headers: Headers): string | null {
  const fwd = headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0].trim().slice(0, 64);
  return headers.get("x-real-ip")?.slice(0, 64) ?? null;
}

/**
 * Same-origin check for cookie-authenticated mutations (CSRF): the Origin (or Referer) must match
 * the host the request was sent to, or NEXTAUTH_URL.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin") ?? (req.headers.get("referer") ? new URL(req.headers.get("referer")!).origin : null);
  if (!origin) return false;
  const allowed = new Set<string>();
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (process.env.NEXTAUTH_URL) allowed.add(new URL(process.env.NEXTAUTH_URL).origin);
  return allowed.has(origin);
}
