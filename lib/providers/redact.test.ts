/**
 * Redaction of provider-supplied text (issue 12 item 5): a credential echoed by a hostile provider in
 * another letter case, URL-encoded, JSON-escaped or as base64 of `user:secret` never survives into
 * a ProviderError (what the connection's last error, the API and the log show), and the text kept
 * for display is capped. The provider here is a real HTTP server echoing what it was sent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderError } from "./types";
import { PROVIDER_TEXT_MAX, ProviderHttpClient, providerText, redact, secretsInHeaders } from "./http";

const TOKEN = "AbCdEf0123456789GhIjKlMnOpQrStUv";
const USER = "svc-user";
const SECRET = "S3cr3t/Pa$$+word=";
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** every form the secrets must not appear in, compared case-insensitively */
const leaks = (text: string) =>
  [TOKEN, SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1), b64(`${USER}:${SECRET}`), b64(`anyone:${SECRET}`), b64(TOKEN)].filter((f) => text.toLowerCase().includes(f.toLowerCase()));

describe("redact", () => {
  const secrets = [TOKEN, SECRET];
  it.each([
    ["as sent", `token ${TOKEN} refused`],
    ["lower-cased header", `invalid authorization: bearer ${TOKEN.toLowerCase()}`],
    ["upper-cased", `BEARER ${TOKEN.toUpperCase()}`],
    ["URL-encoded", `redirect_uri=https://x/?p=${encodeURIComponent(SECRET)}`],
    ["URL-encoded, lower-case hex", `p=${encodeURIComponent(SECRET).toLowerCase()}`],
    ["form-encoded", `password=${encodeURIComponent(SECRET).replace(/%20/g, "+")}`],
    ["JSON-escaped", JSON.stringify({ echo: `secret ${SECRET}` })],
    ["JSON-escaped slashes", `{"p":"${SECRET.replace(/\//g, "\\/")}"}`],
    ["base64 of user:secret", `Authorization: Basic ${b64(`${USER}:${SECRET}`)}`],
    ["base64 of another user:secret", `basic ${b64(`anyone:${SECRET}`)}`],
    ["base64 of the token", `x-echo: ${b64(TOKEN)}`],
    ["base64url of the token", `x-echo: ${b64(TOKEN).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`],
  ])("%s", (_label, text) => {
    const out = redact(text, secrets);
    expect(leaks(out)).toEqual([]);
    expect(out).toContain("[redacted]");
  });

  it("leaves text without secrets alone", () => {
    expect(redact("cluster prod-1 not found (request 1234)", [TOKEN, SECRET])).toBe("cluster prod-1 not found (request 1234)");
    expect(redact("anything", [])).toBe("anything");
  });

  it("takes the token, not the scheme word, from auth headers", () => {
    expect(secretsInHeaders({ Authorization: `Bearer ${TOKEN}` })).toEqual([`Bearer ${TOKEN}`, TOKEN]);
    expect(redact("Bearer tokens are required", secretsInHeaders({ Authorization: `Bearer ${TOKEN}` }))).toBe("Bearer tokens are required");
  });

  it("caps provider text kept for display", () => {
    const out = providerText(`${"x".repeat(100_000)} ${TOKEN}`, [TOKEN]);
    expect(out.length).toBeLessThanOrEqual(PROVIDER_TEXT_MAX);
    expect(providerText(`${TOKEN.toLowerCase()} ${"y".repeat(10)}`, [TOKEN])).toBe("[redacted] yyyyyyyyyy");
  });
});

describe("a hostile provider echoing credentials", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const auth = String(req.headers.authorization ?? "");
      const basic = String(req.headers["x-basic"] ?? "");
      const message = [
        `authorization: ${auth.toLowerCase()}`,
        `AUTHORIZATION: ${auth.toUpperCase()}`,
        `x-basic: ${basic}`,
        `decoded password=${encodeURIComponent(SECRET).toLowerCase()}`,
        "z".repeat(20_000),
      ].join("; ");
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ message }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("gets none of them into the ProviderError, and its message is capped", async () => {
    const client = new ProviderHttpClient({
      provider: "hostile",
      baseUrl: base,
      authHeaders: () => ({ Authorization: `Bearer ${TOKEN}`, "X-Basic": `Basic ${b64(`${USER}:${SECRET}`)}`, "X-Secret": SECRET }),
      extractError: (body) => ({ message: (body as { message?: string })?.message }),
      options: { maxAttempts: 1, timeoutMs: 5000 },
    });
    const err = await client.request({ method: "GET", path: "/v1/clusters", operation: "listClusters" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isProviderError(err)).toBe(true);
    const message = (err as Error).message;
    expect(leaks(message)).toEqual([]);
    expect(message).toContain("[redacted]");
    expect(message.length).toBeLessThanOrEqual(PROVIDER_TEXT_MAX);
  });
});
