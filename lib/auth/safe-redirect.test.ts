/**
 * Every post-sign-in / post-sign-out destination goes through lib/auth/safe-redirect.ts: a table of
 * hostile callbacks must all land on "/" (or the app's own origin), through the helper itself and
 * through next-auth's redirect callback. e2e/redirects.spec.ts runs the same table in Chromium.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { safeRedirectPath, safeRedirectUrl } from "./safe-redirect";
import { HOSTILE_CALLBACKS, SAFE_CALLBACKS } from "./safe-redirect.fixtures";

const ORIGIN = "http://127.0.0.1:5312";

describe("safeRedirectPath", () => {
  it.each(HOSTILE_CALLBACKS)("refuses %j", (value) => {
    expect(safeRedirectPath(value, ORIGIN)).toBe("/");
    expect(safeRedirectPath(value)).toBe("/");
    expect(safeRedirectUrl(value, ORIGIN)).toBe(`${ORIGIN}/`);
  });

  it.each(SAFE_CALLBACKS)("keeps %j on the app's origin", (value, expected) => {
    expect(safeRedirectPath(value, ORIGIN)).toBe(expected);
    expect(safeRedirectUrl(value, ORIGIN)).toBe(`${ORIGIN}${expected}`);
  });

  it("admits an absolute URL only on the app's own origin", () => {
    expect(safeRedirectPath(`${ORIGIN}/clusters?x=1`, ORIGIN)).toBe("/clusters?x=1");
    expect(safeRedirectPath(`${ORIGIN}/clusters`)).toBe("/");
    expect(safeRedirectPath("http://127.0.0.1:5313/clusters", ORIGIN)).toBe("/");
    expect(safeRedirectPath("https://127.0.0.1:5312/clusters", ORIGIN)).toBe("/");
  });

  it("always answers a plain ASCII path that is valid in a Location header", () => {
    for (const v of [...HOSTILE_CALLBACKS, ...SAFE_CALLBACKS.map(([v]) => v)]) {
      const out = safeRedirectPath(v, ORIGIN);
      expect(out).toMatch(/^\/(?![/\\])[\x21-\x7e]*$|^\/$/);
      expect(() => new Headers({ location: out })).not.toThrow();
    }
  });
});

describe("safeRedirectPath, fuzzed", () => {
  // pieces browsers and URL parsers treat specially, glued at random, raw and percent-encoded
  const piece = fc.constantFrom("/", "//", "\\", "\t", "\n", "\r", " ", "\u0000", "\u007f", "\u2028", "%09", "%0a", "%2f", "%5c", "%ff", "%E0%A4%A", "%", ".", "..", ":", "@", "?", "#", "http:", "https://", "javascript:", "evil.example", "127.0.0.1:5312", "localhost", "é", "x");
  const callback = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join(""));

  it("whatever the callback, the answer is a path on the app's own origin, valid in a Location header", () => {
    fc.assert(
      fc.property(callback, (cb) => {
        const out = safeRedirectPath(cb, ORIGIN);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(out).not.toMatch(/[\u0000-\u0020\u007f-\uffff\\]/);
        // what a browser makes of it: resolved against the app, it stays on the app
        expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
        expect(new URL(out.replace(/[\t\n\r]/g, ""), ORIGIN).origin).toBe(ORIGIN);
        expect(() => new Headers({ location: out })).not.toThrow();
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });
});

describe("next-auth's redirect callback", () => {
  const saved = process.env.NEXTAUTH_URL;
  beforeEach(() => {
    process.env.NEXTAUTH_URL = ORIGIN;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = saved;
  });

  it.each(HOSTILE_CALLBACKS)("sends %j to the app's home", async (url) => {
    const { authOptions } = await import("./options");
    const redirect = authOptions().callbacks!.redirect!;
    expect(await redirect({ url, baseUrl: ORIGIN })).toBe(`${ORIGIN}/`);
    // even when next-auth derived another base URL from request headers
    expect(await redirect({ url, baseUrl: "http://evil.example" })).toBe(`${ORIGIN}/`);
  });

  it("keeps same-origin destinations", async () => {
    const { authOptions } = await import("./options");
    const redirect = authOptions().callbacks!.redirect!;
    expect(await redirect({ url: "/clusters?x=1", baseUrl: ORIGIN })).toBe(`${ORIGIN}/clusters?x=1`);
    expect(await redirect({ url: `${ORIGIN}/settings`, baseUrl: ORIGIN })).toBe(`${ORIGIN}/settings`);
  });
});
