/**
 * The one rule for where a browser may be sent after signing in or out (the sign-in page's server
 * redirect, the password form's router.replace, next-auth's redirect callback, sign-out): the value
 * is resolved against the app's own origin and accepted only if it stays there. Anything else —
 * another host, a scheme (`javascript:`, `data:`), a protocol-relative `//host` or `/\host`, control
 * characters (browsers strip tabs and newlines, so `/\t/host` becomes `//host`), backslashes — gives
 * "/". The result is a path (`/x?y#z`) that serializes to plain ASCII, safe in a Location header.
 *
 * Shared by server and browser code: no Node or Next imports here.
 */

/** stands in for the app's origin when the caller has none: only paths can then match it */
const PLACEHOLDER_ORIGIN = "http://clusterdeck.invalid";
const MAX_LENGTH = 2048;
// C0 controls and space, DEL, C1 controls, and the invisible/format characters browsers drop or reorder
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\\]/;

/**
 * A same-origin path for `value`, or "/" when it is missing or would leave `appOrigin`.
 * `appOrigin` (e.g. NEXTAUTH_URL's origin, or window.location.origin) also admits absolute URLs on
 * that origin; without it only paths are admitted.
 */
export function safeRedirectPath(value: unknown, appOrigin?: string | null): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || !v || v.length > MAX_LENGTH || FORBIDDEN.test(v)) return "/";
  // percent-encoded controls and backslashes are refused too: some servers and proxies decode once more
  if (/%(?:[01][0-9a-f]|7f|5c)/i.test(v)) return "/";
  let origin: string;
  try {
    origin = new URL(appOrigin || PLACEHOLDER_ORIGIN).origin;
  } catch {
    origin = PLACEHOLDER_ORIGIN;
  }
  // a path must be exactly that: "/" then not a second "/" (protocol-relative)
  const isPath = v.startsWith("/") && !v.startsWith("//");
  if (!isPath && !/^https?:\/\//i.test(v)) return "/";
  let u: URL;
  try {
    u = new URL(v, `${origin}/`);
  } catch {
    return "/";
  }
  if (u.origin !== origin || u.username || u.password) return "/";
  const path = `${u.pathname}${u.search}${u.hash}`;
  // dot segments can normalize "/.//host" into "//host": the result must still be a plain path
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  return path;
}

/** The same rule for callers that need an absolute URL (next-auth's redirect callback). */
export function safeRedirectUrl(value: unknown, appOrigin: string): string {
  const origin = new URL(appOrigin).origin;
  return `${origin}${safeRedirectPath(value, origin)}`;
}
