/**
 * Client addresses and same-origin checks (issue 12 item 2), over real HTTP: a Node server with the
 * peer-address stamp installed (as instrumentation.ts does in the app) hands each request to
 * clientIp(); clients forge X-Forwarded-For and the stamp header itself.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { installPeerAddressStamp, PEER_HEADER } from "./peer-address";
import { clientIp, isSameOrigin } from "./request";

let server: http.Server;
let url: string;

function toHeaders(h: http.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(", ") : v);
  return out;
}

beforeAll(async () => {
  installPeerAddressStamp();
  server = http.createServer((req, res) => {
    const hops = Number(new URL(req.url ?? "/", "http://x").searchParams.get("hops") ?? 0);
    res.end(JSON.stringify({ ip: clientIp(toHeaders(req.headers), hops) }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ipVia = async (hops: number, headers: Record<string, string> = {}) => ((await (await fetch(`${url}/?hops=${hops}`, { headers })).json()) as { ip: string | null }).ip;

describe("clientIp", () => {
  it("TRUST_PROXY_HOPS=0: the connection's own address, whatever X-Forwarded-For says", async () => {
    expect(await ipVia(0)).toBe("127.0.0.1");
    expect(await ipVia(0, { "x-forwarded-for": "6.6.6.6" })).toBe("127.0.0.1");
    expect(await ipVia(0, { "x-forwarded-for": "6.6.6.6, 7.7.7.7", "x-real-ip": "8.8.8.8" })).toBe("127.0.0.1");
  });

  it("a forged stamp header is replaced by the server", async () => {
    expect(await ipVia(0, { [PEER_HEADER]: "guess 9.9.9.9" })).toBe("127.0.0.1");
  });

  it("N trusted hops: the address N from the right of X-Forwarded-For + the connection", async () => {
    // one proxy (the ingress) appended the address it saw; the client's own entries are to its left
    expect(await ipVia(1, { "x-forwarded-for": "6.6.6.6, 203.0.113.7" })).toBe("203.0.113.7");
    expect(await ipVia(2, { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.5" })).toBe("203.0.113.7");
    expect(await ipVia(1, { "x-forwarded-for": "[2001:db8::1]:4711" })).toBe("2001:db8::1");
    expect(await ipVia(1, { "x-forwarded-for": "198.51.100.2:4711" })).toBe("198.51.100.2");
    // fewer entries than hops: the furthest known address
    expect(await ipVia(5, { "x-forwarded-for": "198.51.100.2" })).toBe("198.51.100.2");
    expect(await ipVia(1)).toBe("127.0.0.1");
  });

  it("without the stamp nothing is trusted: forged headers give no address", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6" }), 0)).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6" }), 1)).toBeNull();
    expect(clientIp(new Headers({ [PEER_HEADER]: "guess 9.9.9.9" }), 0)).toBeNull();
  });
});

describe("isSameOrigin (CSRF)", () => {
  const saved = process.env.NEXTAUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = saved;
    resetConfig();
  });
  const post = (headers: Record<string, string>) => new Request("http://10.0.0.9:3000/api/v1/tokens", { method: "POST", headers });

  it("compares with NEXTAUTH_URL's origin, never with a client-sent X-Forwarded-Host", () => {
    process.env.NEXTAUTH_URL = "https://clusterdeck.example.com";
    expect(isSameOrigin(post({ origin: "https://clusterdeck.example.com", host: "10.0.0.9:3000" }))).toBe(true);
    expect(isSameOrigin(post({ referer: "https://clusterdeck.example.com/settings", host: "10.0.0.9:3000" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "https://evil.example", "x-forwarded-host": "evil.example", host: "10.0.0.9:3000" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "http://evil.example", host: "evil.example" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "http://clusterdeck.example.com", host: "clusterdeck.example.com" }))).toBe(false);
    expect(isSameOrigin(post({ referer: "not a url", host: "10.0.0.9:3000" }))).toBe(false);
    expect(isSameOrigin(post({ host: "clusterdeck.example.com" }))).toBe(false);
  });

  it("without NEXTAUTH_URL: the Host the browser addressed (X-Forwarded-Host ignored)", () => {
    delete process.env.NEXTAUTH_URL;
    expect(isSameOrigin(post({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "http://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" }))).toBe(false);
  });
});
