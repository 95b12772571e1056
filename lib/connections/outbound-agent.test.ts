/** The SDK agents: the same outbound rules as the guarded fetch, applied when a socket opens; extra CAs. */
import http from "node:http";
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { simulatorTls } from "@/simulators/kit/tls";
import { allowProviderHosts } from "./outbound";
import { createGuardedAgents, trustProviderCAs } from "./outbound-agent";

function get(url: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  const mod = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    mod
      .get(url, { agent }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

let plain: http.Server;
let secure: https.Server;
let plainPort = 0;
let securePort = 0;
const tlsMaterial = simulatorTls();

beforeAll(async () => {
  resetConfig();
  plain = http.createServer((_q, r) => r.end("plain"));
  secure = https.createServer({ cert: tlsMaterial.cert, key: tlsMaterial.key }, (_q, r) => r.end("secure"));
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => secure.listen(0, "127.0.0.1", r));
  plainPort = (plain.address() as { port: number }).port;
  securePort = (secure.address() as { port: number }).port;
});
afterAll(() => {
  plain.close();
  secure.close();
});

describe("createGuardedAgents", () => {
  it("refuses a loopback literal that is not allowed, over http and https", async () => {
    const agents = createGuardedAgents();
    await expect(get(`http://127.0.0.1:${plainPort}/`, agents.http)).rejects.toThrow(/loopback/);
    await expect(get(`https://127.0.0.1:${securePort}/`, agents.https)).rejects.toThrow(/loopback/);
  });

  it("refuses a name that resolves to loopback (checked after DNS)", async () => {
    const agents = createGuardedAgents();
    await expect(get(`https://localhost:${securePort}/`, agents.https)).rejects.toThrow(/resolves to .*loopback/);
  });

  it("reaches an allowed host, and verifies TLS against the extra CA only once it is trusted", async () => {
    allowProviderHosts([`127.0.0.1:${plainPort}`, `127.0.0.1:${securePort}`, `localhost:${securePort}`]);
    expect(await get(`http://127.0.0.1:${plainPort}/`, createGuardedAgents().http)).toEqual({ status: 200, body: "plain" });
    await expect(get(`https://127.0.0.1:${securePort}/`, createGuardedAgents().https)).rejects.toThrow(/certificate/);
    trustProviderCAs([tlsMaterial.ca]);
    expect(await get(`https://127.0.0.1:${securePort}/`, createGuardedAgents().https)).toEqual({ status: 200, body: "secure" });
    expect(await get(`https://localhost:${securePort}/`, createGuardedAgents().https)).toEqual({ status: 200, body: "secure" });
  });

  it("refuses plain http to a host that is not allowed even when it is public", async () => {
    await expect(get(`http://93.184.216.34:80/`, createGuardedAgents().http)).rejects.toThrow(/https/);
  });
});
