/** Outbound safety: address classes, URL checks, redirects, address pinning (loopback servers only). */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { ProviderHttpClient } from "@/lib/providers/http";
import { ProviderError } from "@/lib/providers/types";
import { allowProviderHosts, blockedReason, checkProviderUrl, createGuardedFetch, fetchPinned, OutboundBlockedError } from "./outbound";

describe("blockedReason", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["10.0.0.1", /private/],
    ["172.16.5.4", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /metadata/],
    ["169.254.10.1", /link-local/],
    ["100.64.0.1", /carrier-grade/],
    ["0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /reserved/],
    ["::1", /loopback/],
    ["::", /unspecified/],
    ["fe80::1", /link-local/],
    ["fc00::1", /unique local/],
    ["fd00:ec2::254", /metadata/],
    ["ff02::1", /multicast/],
    ["::ffff:127.0.0.1", /loopback.*IPv4-mapped/],
    ["::ffff:7f00:1", /loopback.*IPv4-mapped/],
    ["::ffff:169.254.169.254", /metadata/],
    ["::ffff:10.0.0.1", /private/],
    ["::127.0.0.1", /loopback.*IPv4-compatible/],
    ["64:ff9b::a9fe:a9fe", /metadata.*NAT64/],
    ["2002:7f00:1::1", /loopback.*6to4/],
    ["2001:db8::1", /documentation/],
  ])("%s is refused", (addr, reason) => {
    expect(blockedReason(addr)).toMatch(reason);
  });

  it.each(["8.8.8.8", "1.1.1.1", "185.178.84.10", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e"])("%s is public", (addr) => {
    expect(blockedReason(addr)).toBeNull();
  });

  it.each([
    ["[fe80::1%eth0]", /link-local/],
    ["fe80::1%25eth0", /link-local/],
    ["::ffff:0:127.0.0.1", /loopback.*IPv4-translated 127\.0\.0\.1/],
    ["::ffff:0:7f00:1", /loopback.*IPv4-translated/],
    ["::7f00:1", /loopback.*IPv4-compatible 127\.0\.0\.1/],
    ["64:ff9b:1::1", /local-use NAT64/],
    ["2001::1", /Teredo/],
    ["fec0::1", /site-local/],
    ["100::1", /discard-only/],
    ["3fff::1", /documentation/],
    ["192.0.2.1", /documentation/],
    ["198.18.0.1", /benchmarking/],
    ["168.63.129.16", /metadata/],
    ["2002:a9fe:a9fe::1", /metadata.*6to4 169\.254\.169\.254/],
    ["not-an-ip", /not an IP address/],
  ])("%s is classified through its embedded or special-purpose range", (addr, reason) => {
    expect(blockedReason(addr)).toMatch(reason);
  });

  it.each(["::8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "192.175.48.1"])("%s (a public address in a special form) is public", (addr) => {
    expect(blockedReason(addr)).toBeNull();
  });
});

describe("checkProviderUrl", () => {
  beforeAll(() => {
    process.env.ALLOWED_PROVIDER_HOSTS = "";
    resetConfig();
  });

  const refused = async (url: string, re: RegExp, resolve?: (h: string) => Promise<{ address: string; family: number }[]>) => {
    const p = checkProviderUrl(url, { resolve });
    await expect(p).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(p).rejects.toThrow(re);
  };

  it("refuses private, loopback and metadata addresses with a clear message", async () => {
    await refused("https://127.0.0.1/api", /127\.0\.0\.1 is a loopback address; provider APIs must be reached at public addresses; if this is intended, list "127\.0\.0\.1" in ALLOWED_PROVIDER_HOSTS/);
    await refused("https://169.254.169.254/latest/meta-data", /the cloud metadata address/);
    await refused("https://10.0.0.1/", /private address/);
    await refused("https://[::1]:8443/", /loopback/);
    await refused("https://[::ffff:169.254.169.254]/", /metadata/);
    await refused("https://0x7f000001/", /loopback/); // URL parsing normalises odd IPv4 forms
    await refused("https://api.localhost:8443/", /api\.localhost:8443 is a loopback name/);
  });

  it("checks every address a name resolves to", async () => {
    await refused("https://internal.example.com/", /internal\.example\.com resolves to 10\.0\.0\.1, a private address/, async () => [{ address: "10.0.0.1", family: 4 }]);
    await refused("https://mixed.example.com/", /resolves to 169\.254\.169\.254/, async () => [
      { address: "8.8.8.8", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ]);
    await refused("https://v6.example.com/", /IPv4-mapped/, async () => [{ address: "::ffff:127.0.0.1", family: 6 }]);
    const ok = await checkProviderUrl("https://api.example.com/", { resolve: async () => [{ address: "93.184.216.34", family: 4 }] });
    expect(ok).toMatchObject({ address: "93.184.216.34", family: 4, allowed: false });
  });

  it("real DNS: localhost (resolved by the system) is refused", async () => {
    await expect(checkProviderUrl("https://localhost:8443/")).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it("https only; http and user:password URLs are refused", async () => {
    await refused("http://api.example.com/", /must use https/);
    await refused("ftp://api.example.com/", /must use https/);
    await refused("https://user:pw@api.example.com/", /must not contain a user name or password/);
  });

  it("ALLOWED_PROVIDER_HOSTS allows specific host:port (and then http)", async () => {
    process.env.ALLOWED_PROVIDER_HOSTS = "127.0.0.1:4101, sim.internal";
    resetConfig();
    try {
      expect(await checkProviderUrl("http://127.0.0.1:4101/")).toMatchObject({ allowed: true });
      await refused("http://127.0.0.1:4102/", /loopback/);
      await refused("https://127.0.0.1:4102/", /loopback/);
      expect(await checkProviderUrl("http://sim.internal:9999/")).toMatchObject({ allowed: true, address: null });
    } finally {
      process.env.ALLOWED_PROVIDER_HOSTS = "";
      resetConfig();
    }
  });

  it("follows a changed ALLOWED_PROVIDER_HOSTS and hosts allowed at runtime (the parsed set is kept between requests)", async () => {
    try {
      process.env.ALLOWED_PROVIDER_HOSTS = "first.internal";
      resetConfig();
      expect(await checkProviderUrl("http://first.internal/")).toMatchObject({ allowed: true });
      await refused("http://second.internal/", /must use https/);
      process.env.ALLOWED_PROVIDER_HOSTS = "second.internal";
      resetConfig();
      expect(await checkProviderUrl("http://second.internal/")).toMatchObject({ allowed: true });
      await refused("http://first.internal/", /must use https/);
      await refused("http://127.0.0.1:4199/", /loopback/);
      allowProviderHosts(["127.0.0.1:4199"]);
      expect(await checkProviderUrl("http://127.0.0.1:4199/")).toMatchObject({ allowed: true });
    } finally {
      process.env.ALLOWED_PROVIDER_HOSTS = "";
      resetConfig();
    }
  });
});

describe("guarded fetch", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/redirect-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
      if (req.url === "/redirect-private") return void res.writeHead(302, { location: "https://10.1.2.3/api" }).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ host: req.headers.host, path: req.url }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    process.env.ALLOWED_PROVIDER_HOSTS = `127.0.0.1:${port}`;
    resetConfig();
  });
  afterAll(async () => {
    process.env.ALLOWED_PROVIDER_HOSTS = "";
    resetConfig();
    await new Promise((r) => server.close(r));
  });

  const client = () =>
    new ProviderHttpClient({ provider: "test", baseUrl: `http://127.0.0.1:${port}`, authHeaders: () => ({ Authorization: "Bearer canary-secret-value" }), extractError: () => undefined, options: { fetchImpl: createGuardedFetch(), maxAttempts: 1 } });

  it("reaches an allowed host", async () => {
    const r = await client().request({ method: "GET", path: "/hello", operation: "t", schema: undefined });
    expect(r.status).toBe(200);
  });

  it("checks every redirect: a hop to a metadata or private address is refused", async () => {
    for (const p of ["/redirect-metadata", "/redirect-private"]) {
      const e = await client().request({ method: "GET", path: p, operation: "t" }).catch((x) => x);
      expect(e).toBeInstanceOf(ProviderError);
      expect(e.kind).toBe("forbidden");
      expect(e.status).toBeNull();
      expect(e.message).toMatch(/metadata|private/);
      expect(e.message).not.toContain("canary-secret-value");
    }
  });

  it("pins the connection to the checked address (the name is never resolved again)", async () => {
    // ".invalid" never resolves: reaching the server proves the pinned address was used
    const res = await fetchPinned(new URL(`http://pinned.invalid:${port}/x?y=1`), { method: "GET" }, { address: "127.0.0.1", family: 4 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ host: `pinned.invalid:${port}`, path: "/x?y=1" });
  });
});
