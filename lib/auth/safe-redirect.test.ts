/**
 * Every post-sign-in / post-sign-out destination goes through lib/auth/safe-redirect.ts: a table of
 * hostile callbacks must all land on "/" (or the app's own origin), through the helper itself and
 * through next-auth's redirect callback. e2e/redirects.spec.ts runs the same table in Chromium.
 */
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
