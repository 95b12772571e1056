/**
 * A provider answering malformed or huge bodies, through adapterForConnection (the app's only way to
 * a provider): bodies over PROVIDER_MAX_RESPONSE_BYTES are cut off while streaming (declared,
 * chunked, or a small gzip that inflates past the cap) and malformed or wrongly shaped JSON is
 * refused — each as a clear ProviderError, quickly; a background sync records the error and writes
 * no snapshots.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";
import { createConnections, seedOwner, TEST_KEY } from "./support";

const CAP = 64 * 1024;
let server: http.Server;
let base: string;
let ids: Record<string, string>;
/** bytes each mode actually sent before the client hung up */
const sent: Record<string, number> = {};

function stream(res: http.ServerResponse, mode: string, total: number) {
  let written = 0;
  const chunk = Buffer.alloc(16 * 1024, "a");
  const push = () => {
    while (written < total) {
      written += chunk.length;
      sent[mode] = written;
      if (!res.write(chunk)) return void res.once("drain", push);
    }
    res.end();
  };
  res.on("close", () => (sent[mode] = written));
  push();
}

beforeAll(async () => {
  process.env.ENCRYPTION_KEY = TEST_KEY;
  process.env.LOG_LEVEL = "fatal";
  process.env.PROVIDER_MAX_RESPONSE_BYTES = String(CAP);
  await createTestDatabase("bodies");
  server = http.createServer((req, res) => {
    const mode = (req.url ?? "/").split("/")[1];
    if (mode === "huge-declared") {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) });
      return stream(res, mode, 200 * 1024 * 1024);
    }
    if (mode === "huge-chunked") {
      res.writeHead(200, { "content-type": "application/json" });
      return stream(res, mode, 200 * 1024 * 1024);
    }
    if (mode === "gzip-bomb") {
      const body = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, " "));
      sent[mode] = body.length;
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(body.length) });
      return res.end(body);
    }
    if (mode === "malformed") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"items": [ {"id": 1, "name": "oops"  <html>');
    }
    if (mode === "html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html><body>Bad gateway</body></html>");
    }
    if (mode === "wrong-shape") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ results: "not a list", count: "many" }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.ALLOWED_PROVIDER_HOSTS = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  (await import("@/lib/config")).resetConfig();
  const { team } = await seedOwner("bodies");
  ids = await createConnections(team.id, ["huge-declared", "huge-chunked", "gzip-bomb", "malformed", "html", "wrong-shape"], (n) => `${base}/${n}`, { token: "nks-token-0123456789" });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(mode: string) {
  const { adapterForConnection } = await import("@/lib/connections");
  const adapter = await adapterForConnection(ids[mode], { http: { maxAttempts: 1 } });
  const started = Date.now();
  const err = await adapter.listScopes().then(
    () => null,
    (e: unknown) => e as { name: string; kind: string; message: string; provider: string },
  );
  return { err, ms: Date.now() - started };
}

describe("provider bodies through adapterForConnection", () => {
  it.each(["huge-declared", "huge-chunked", "gzip-bomb"])("%s: cut off at PROVIDER_MAX_RESPONSE_BYTES with a clear error", async (mode) => {
    const { err, ms } = await failure(mode);
    expect(err?.name).toBe("ProviderError");
    expect(err?.kind).toBe("bad_response");
    expect(err?.message).toMatch(new RegExp(`larger than ${CAP} bytes`));
    expect(ms).toBeLessThan(5000);
    // the stream was abandoned early, not read to the end (200 MB)
    if (mode !== "gzip-bomb") expect(sent[mode] ?? 0).toBeLessThan(50 * 1024 * 1024);
  });

  it.each(["malformed", "html", "wrong-shape"])("%s: refused as a bad response naming the problem", async (mode) => {
    const { err } = await failure(mode);
    expect(err?.name).toBe("ProviderError");
    expect(err?.kind).toBe("bad_response");
    expect(err?.provider).toBe("nks");
    expect(err?.message.length).toBeGreaterThan(10);
    expect(err?.message).not.toContain("nks-token-0123456789");
  });

  it("a background sync of such a connection records the error and writes no snapshot", async () => {
    const { syncConnectionNow } = await import("@/lib/inventory/job");
    const { getPrisma } = await import("@/lib/db/client");
    for (const mode of ["huge-chunked", "malformed"]) {
      const r = await syncConnectionNow(ids[mode], { workerId: "bodies-test" });
      expect(r?.ok).toBe(false);
      const row = await getPrisma().connection.findUniqueOrThrow({ where: { id: ids[mode] } });
      expect(row.lastError, mode).toBeTruthy();
      expect(row.lastErrorKind).toBe("bad_response");
      expect(row.lastSuccessAt).toBeNull();
      expect(await getPrisma().clusterSnapshot.count({ where: { connectionId: ids[mode] } })).toBe(0);
      expect(row.syncLeaseOwner).toBeNull();
    }
  });
});
