/**
 * proxy.ts on paths Next cannot decode (issue 12 item 4): the API answers its JSON 404, pages are
 * rewritten to the app's not-found page; well-formed paths pass through untouched.
 * e2e/hardening.spec.ts checks the same through the real server.
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { hasMalformedEncoding, proxy, UNDECODABLE_PAGE } from "./proxy";

const call = (path: string, method = "GET") => proxy(new NextRequest(`http://localhost${path}`, { method }));

describe("proxy: malformed percent-encoding", () => {
  it.each(["/api/v1/clusters/%ff", "/api/v1/tokens/%E0%A4%A", "/api/v1/connections/%c0%af/sync", "/api/%"])("API %s → JSON 404", async (p) => {
    for (const method of ["GET", "DELETE", "POST"]) {
      const res = call(p, method);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "resource not found" } });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it.each(["/clusters/%E0%A4%A", "/%ff", "/connections/%ed%a0%80"])("page %s → the app's not-found page", (p) => {
    const res = call(p);
    expect(new URL(res.headers.get("x-middleware-rewrite")!).pathname).toBe(UNDECODABLE_PAGE);
    expect(res.headers.get("content-security-policy")).toContain("nonce-");
  });

  it("leaves well-formed paths alone", () => {
    for (const p of ["/clusters/abc", "/api/v1/clusters/%C3%A9", "/clusters?q=%ff"]) {
      expect(hasMalformedEncoding(new URL(`http://localhost${p}`).pathname)).toBe(false);
      const res = call(p);
      expect(res.headers.get("x-middleware-rewrite")).toBeNull();
      expect(res.headers.get("x-middleware-next")).toBe("1");
    }
  });
});
