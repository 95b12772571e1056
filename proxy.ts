/**
 * Runs before every page and API request (Next 16's successor to middleware): security headers and a
 * per-request Content-Security-Policy nonce that Next applies to its own scripts (no unsafe-inline
 * scripts), frame-ancestors 'none', a strict referrer policy, and HSTS when served over https.
 */
import { NextResponse, type NextRequest } from "next/server";

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(n: string, dev = process.env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${n}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React style attributes need inline styles; scripts stay nonce-only
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // sign-in and sign-out forms redirect to the identity provider
    "form-action 'self' https: http:",
    "frame-ancestors 'none'",
  ].join("; ");
}

function isHttps(req: NextRequest): boolean {
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https" || (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

/** a path segment that is not valid percent-encoded UTF-8 ("%ff", "%E0%A4%A") */
export function hasMalformedEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** where a page path that cannot be decoded is rewritten to: matches no route, so the app's not-found page (404) */
export const UNDECODABLE_PAGE = "/_clusterdeck/not-found";

export function proxy(req: NextRequest) {
  // Next cannot decode such a path into route params and would answer a plain-text 500: answer like
  // any other unknown id instead (the API's JSON 404, the app's not-found page)
  const malformed = hasMalformedEncoding(req.nextUrl.pathname);
  if (malformed && req.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "not_found", message: "resource not found" } }, { status: 404, headers: { "Cache-Control": "no-store" } });
  }
  const n = nonce();
  const csp = contentSecurityPolicy(n);
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", n);
  requestHeaders.set("Content-Security-Policy", csp);
  // for the app layout's redirect to /signin?callbackUrl=
  requestHeaders.set("x-pathname", malformed ? "/" : `${req.nextUrl.pathname}${req.nextUrl.search}`.slice(0, 1000));
  if (malformed) return securityHeaders(req, NextResponse.rewrite(new URL(UNDECODABLE_PAGE, req.nextUrl.origin), { request: { headers: requestHeaders } }), csp);
  return securityHeaders(req, NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

function securityHeaders(req: NextRequest, res: NextResponse, csp?: string): NextResponse {
  if (csp) res.headers.set("Content-Security-Policy", csp);
  res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("X-Frame-Options", "DENY");
  if (isHttps(req)) res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}

export const config = {
  matcher: [{ source: "/((?!_next/|favicon.ico|robots.txt).*)" }],
};
