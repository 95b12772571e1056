/**
 * Provider connections over real HTTP and a real PostgreSQL: the route handlers with real Requests,
 * the four simulators on loopback (allowed through ALLOWED_PROVIDER_HOSTS), recognisable credentials
 * searched for in every response, the captured server log and a pg_dump of the test database.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";

// capture every log line of this process (all levels, no redaction) before lib/log is loaded
let logText = "";
(globalThis as unknown as { __clusterdeckLogger?: pino.Logger }).__clusterdeckLogger = pino(
  { level: "trace" },
  new Writable({
    write(chunk, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  }),
);

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<string, Handler>;
const ORIGIN = "http://localhost";

const hex = (n: number) => randomBytes(n).toString("hex");
const CANARY = "LEAKCANARY";
const SECRETS = {
  nks: `${CANARY}-nks-${hex(12)}`,
  cloudferro: `${CANARY}-cf-${hex(12)}`,
  coreweave: `${CANARY}-cw-${hex(12)}`,
  rafayKey: `ra2.${hex(20)}`,
  rafaySecret: `${CANARY}${hex(16)}`,
  wrong: `${CANARY}-wrong-${hex(12)}`,
  rotated: `${CANARY}-rotated-${hex(12)}`,
  limited: `${CANARY}-limited-${hex(12)}`,
};
const responses: string[] = [];
let dbUrl: string;
let sims: RunningSimulators;
let owner: string;
let viewer: string;
let outsider: string;
let teamId: string;
let list: Routes, one: Routes, test: Routes, demo: Routes;

async function call(h: Handler, method: string, p: string, opts: { token?: string; body?: unknown; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: "localhost", origin: ORIGIN, "content-type": "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await h(new Request(`${ORIGIN}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  responses.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

const simUrl = (kind: string) => sims.items.find((i) => i.kind === kind)!.sim.url;
const cfRegionUrl = (prefix = "waw3-1") => `${simUrl("cloudferro")}/${prefix}/api/v1`;
const post = (body: unknown, token = owner) => call(list.POST, "POST", "/api/v1/connections", { token, body });

beforeAll(async () => {
  // the tests allow the loopback simulators through ALLOWED_PROVIDER_HOSTS (startSimulatorWorld), not by switching the check off
  ({ dbUrl, sims } = await startSimulatorWorld(
    "connections",
    { PROVIDER_TIMEOUT_SECONDS: "1" },
    { scale: 50, simulatorEnv: { SIM_NKS_TOKEN: SECRETS.nks, SIM_CLOUDFERRO_TOKEN: SECRETS.cloudferro, SIM_COREWEAVE_TOKEN: SECRETS.coreweave, SIM_RAFAY_API_KEY: SECRETS.rafayKey, SIM_RAFAY_API_SECRET: SECRETS.rafaySecret } },
  ));

  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const o = await createLocalUser({ email: "owner@conn.test", team: "Platform", role: "owner" }, {});
  const v = await createLocalUser({ email: "viewer@conn.test", team: "Platform", role: "viewer" }, {});
  const x = await createLocalUser({ email: "other@conn.test", team: "Elsewhere", role: "owner" }, {});
  const { getPrisma } = await import("@/lib/db/client");
  const team = await getPrisma().team.findFirstOrThrow({ where: { name: "Platform" } });
  const other = await getPrisma().team.findFirstOrThrow({ where: { name: "Elsewhere" } });
  teamId = team.id;
  owner = (await createToken({ userId: (o as { id?: string }).id ?? (await getPrisma().user.findUniqueOrThrow({ where: { email: "owner@conn.test" } })).id, teamId: team.id, name: "t" }, {})).token;
  viewer = (await createToken({ userId: (v as { id?: string }).id ?? (await getPrisma().user.findUniqueOrThrow({ where: { email: "viewer@conn.test" } })).id, teamId: team.id, name: "t" }, {})).token;
  outsider = (await createToken({ userId: (x as { id?: string }).id ?? (await getPrisma().user.findUniqueOrThrow({ where: { email: "other@conn.test" } })).id, teamId: other.id, name: "t" }, {})).token;

  list = (await import("@/app/api/v1/connections/route")) as unknown as Routes;
  one = (await import("@/app/api/v1/connections/[id]/route")) as unknown as Routes;
  test = (await import("@/app/api/v1/connections/[id]/test/route")) as unknown as Routes;
  demo = (await import("@/app/api/v1/connections/demo/route")) as unknown as Routes;
});

afterAll(async () => {
  await sims?.close();
  const { runningSimulators } = await import("./demo");
  await runningSimulators()?.close();
});

const ids: Record<string, string> = {};

describe("adding connections", () => {
  it("adds one connection per provider; each is tested first and shows only the last four characters", async () => {
    const cases = [
      { provider: "nks", name: "NKS", baseUrl: simUrl("nks"), credentials: { token: SECRETS.nks }, defaultScope: "41" },
      { provider: "cloudferro", name: "CloudFerro WAW3-1", baseUrl: cfRegionUrl(), credentials: { token: SECRETS.cloudferro } },
      { provider: "coreweave", name: "CoreWeave", baseUrl: simUrl("coreweave"), credentials: { token: SECRETS.coreweave } },
      { provider: "rafay", name: "Rafay", baseUrl: simUrl("rafay"), credentials: { apiKey: SECRETS.rafayKey, apiSecret: SECRETS.rafaySecret } },
    ];
    for (const c of cases) {
      const r = await post(c);
      expect(r.status, r.text).toBe(201);
      expect(r.body.test).toMatchObject({ ok: true, outcome: "ok" });
      expect(r.body.test.message).toMatch(/^Works: the credentials can see /);
      expect(r.body.connection).toMatchObject({ provider: c.provider, name: c.name, demo: false, state: "never_synced" });
      expect(r.body.connection.lastSuccessAt).toBeTruthy();
      const main = Object.values(c.credentials)[0];
      expect(r.body.connection.credentialsHint).toBe(main.slice(-4));
      expect(r.body.connection).not.toHaveProperty("credentialsCiphertext");
      ids[c.provider] = r.body.connection.id;
    }
    const { getPrisma } = await import("@/lib/db/client");
    const row = await getPrisma().connection.findUniqueOrThrow({ where: { id: ids.nks } });
    expect(row.credentialsCiphertext).toMatch(/^v1\./);
    expect(row.credentialsCiphertext).not.toContain(SECRETS.nks);
  });

  it("uses the provider's default base URL when none is given", async () => {
    const r = await post({ provider: "cloudferro", name: "default-url", credentials: { token: "x".repeat(20) }, test: false });
    expect(r.status).toBe(201);
    const { getProvider } = await import("@/lib/providers/registry");
    expect(r.body.connection.baseUrl).toBe(getProvider("cloudferro").defaultBaseUrl);
    await call(one.DELETE, "DELETE", "/", { token: owner, params: { id: r.body.connection.id } });
  });

  it("answers 400 naming the field for bad input, 409 for a duplicate name", async () => {
    let r = await post({ provider: "nope", name: "x", credentials: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/provider: unknown provider kind/);
    r = await post({ provider: "nks", name: "x", baseUrl: simUrl("nks"), credentials: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe("credentials.token");
    r = await post({ provider: "rafay", name: "x", baseUrl: simUrl("rafay"), credentials: { apiSecret: SECRETS.rafaySecret } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/credentials\.apiKey/);
    expect(r.text).not.toContain(SECRETS.rafaySecret);
    r = await post({ provider: "nks", name: "", credentials: { token: "abc" } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/name/);
    r = await post({ provider: "nks", name: "NKS", baseUrl: simUrl("nks"), credentials: { token: SECRETS.nks } });
    expect(r.status).toBe(409);
  });

  it("refuses loopback, private, metadata and plain-http base URLs with a clear message", async () => {
    const refused: [string, RegExp][] = [
      ["https://127.0.0.1/", /127\.0\.0\.1 is a loopback address/],
      ["https://169.254.169.254/", /the cloud metadata address/],
      ["https://10.0.0.1/", /10\.0\.0\.1 is a private address/],
      ["https://localhost:9443/", /localhost resolves to .*loopback/],
      ["https://[::ffff:10.0.0.1]/", /private address \(IPv4-mapped/],
      ["http://api.example.com/", /must use https/],
      [`${simUrl("nks").replace(/:\d+$/, ":1")}`, /loopback/],
    ];
    for (const [baseUrl, re] of refused) {
      const r = await post({ provider: "nks", name: `bad ${baseUrl}`, baseUrl, credentials: { token: SECRETS.nks }, test: false });
      expect(r.status, baseUrl).toBe(400);
      expect(r.body.error.code).toBe("base_url_refused");
      expect(r.body.error.message).toMatch(re);
      expect(r.body.error.details.fields[0].field).toBe("baseUrl");
    }
  });

  it("wrong credentials are refused with 422 and the provider's message; nothing is stored", async () => {
    const r = await post({ provider: "nks", name: "wrong", baseUrl: simUrl("nks"), credentials: { token: SECRETS.wrong } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("credentials_test_failed");
    expect(r.body.error.message).toMatch(/^Wrong credentials: /);
    expect(r.body.error.details.outcome).toBe("credentials_rejected");
    const l = await call(list.GET, "GET", "/api/v1/connections", { token: owner });
    expect(l.body.items.map((c: { name: string }) => c.name)).not.toContain("wrong");
  });
});

describe("reading, permissions, teams", () => {
  it("lists the team's connections with health; viewers read but cannot write; other teams get 404", async () => {
    const l = await call(list.GET, "GET", "/api/v1/connections", { token: viewer });
    expect(l.status).toBe(200);
    expect(l.body.items).toHaveLength(4);
    for (const c of l.body.items) expect(Object.keys(c)).toEqual(expect.arrayContaining(["state", "lastSuccessAt", "lastError", "credentialsHint", "credentialsSetAt", "clusterCount"]));
    expect((await call(one.GET, "GET", "/", { token: viewer, params: { id: ids.nks } })).status).toBe(200);
    expect((await post({ provider: "nks", name: "v", baseUrl: simUrl("nks"), credentials: { token: SECRETS.nks } }, viewer)).status).toBe(403);
    expect((await call(test.POST, "POST", "/", { token: viewer, params: { id: ids.nks } })).status).toBe(403);
    expect((await call(one.GET, "GET", "/", { token: outsider, params: { id: ids.nks } })).status).toBe(404);
    expect((await call(one.PATCH, "PATCH", "/", { token: outsider, params: { id: ids.nks }, body: { name: "pwned" } })).status).toBe(404);
    expect((await call(one.DELETE, "DELETE", "/", { token: outsider, params: { id: ids.nks } })).status).toBe(404);
    expect((await call(test.POST, "POST", "/", { token: outsider, params: { id: ids.nks } })).status).toBe(404);
    expect((await call(list.GET, "GET", "/api/v1/connections", { token: outsider })).body.items).toHaveLength(0);
    expect((await call(list.GET, "GET", "/api/v1/connections")).status).toBe(401);
  });
});

describe("test connection and health", () => {
  it("works: says what the credentials can see", async () => {
    for (const kind of ["nks", "cloudferro", "coreweave", "rafay"]) {
      const r = await call(test.POST, "POST", "/", { token: owner, params: { id: ids[kind] } });
      expect(r.status).toBe(200);
      expect(r.body, kind).toMatchObject({ ok: true, outcome: "ok" });
      expect(r.body.message).toMatch(/can see .*\d/);
      expect(r.body.connection.lastError).toBeNull();
    }
  });

  it("a rejected credential shows credential_rejected with the provider's message until fixed", async () => {
    const c = await post({ provider: "coreweave", name: "stale token", baseUrl: simUrl("coreweave"), credentials: { token: SECRETS.wrong }, test: false });
    expect(c.status).toBe(201);
    const id = c.body.connection.id;
    const r = await call(test.POST, "POST", "/", { token: owner, params: { id } });
    expect(r.body).toMatchObject({ ok: false, outcome: "credentials_rejected" });
    expect(r.body.message).toMatch(/^Wrong credentials: CoreWeave/);
    expect(r.body.connection).toMatchObject({ state: "credential_rejected", lastErrorKind: "credentials_rejected" });
    expect(r.body.connection.lastError).toMatch(/Wrong credentials/);
    // rotating to bad credentials: 422, old ones kept (still rejected)
    const bad = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id }, body: { credentials: { token: `${SECRETS.wrong}-2` } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/Wrong credentials/);
    // fixing the credentials clears the state
    const fixed = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id }, body: { credentials: { token: SECRETS.coreweave } } });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.body.connection).toMatchObject({ state: "never_synced", lastError: null, credentialsHint: SECRETS.coreweave.slice(-4) });
    await call(one.DELETE, "DELETE", "/", { token: owner, params: { id } });
  });

  it("missing permission names CloudFerro's missing role", async () => {
    const res = await fetch(`${simUrl("cloudferro")}/__sim/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: SECRETS.limited, region: "WAW3-1", roles: ["cluster.list"] }) });
    expect(res.status).toBeLessThan(300);
    const c = await post({ provider: "cloudferro", name: "limited", baseUrl: cfRegionUrl(), credentials: { token: SECRETS.limited }, test: false });
    const r = await call(test.POST, "POST", "/", { token: owner, params: { id: c.body.connection.id } });
    expect(r.body).toMatchObject({ ok: false, outcome: "missing_permission" });
    expect(r.body.message).toMatch(/^Missing permission: .*region\.list/);
    expect(r.body.connection.state).toBe("failing");
    await call(one.DELETE, "DELETE", "/", { token: owner, params: { id: c.body.connection.id } });
  });

  it("unreachable host, TLS failure and timeout get their own messages", async () => {
    const { resetConfig } = await import("@/lib/config");
    // a closed port
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    // a TLS server with a self-signed certificate
    const dir = mkdtempSync(path.join(os.tmpdir(), "cd-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "k.pem"), "-out", path.join(dir, "c.pem"), "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
    const tls = https.createServer({ key: readFileSync(path.join(dir, "k.pem")), cert: readFileSync(path.join(dir, "c.pem")) }, (_q, s) => s.end("{}"));
    await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
    const tlsPort = (tls.address() as AddressInfo).port;
    // a server that never answers
    const hang = http.createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const hangPort = (hang.address() as AddressInfo).port;
    const before = process.env.ALLOWED_PROVIDER_HOSTS;
    process.env.ALLOWED_PROVIDER_HOSTS = `${before},127.0.0.1:${closedPort},127.0.0.1:${tlsPort},127.0.0.1:${hangPort}`;
    resetConfig();
    try {
      const cases: [string, string, RegExp][] = [
        [`http://127.0.0.1:${closedPort}`, "unreachable", /^Unreachable host: .*connection refused/],
        ["https://clusterdeck-test.invalid", "unreachable", /^Unreachable host: .*host not found/],
        [`https://127.0.0.1:${tlsPort}`, "tls", /^TLS failure: /],
        [`http://127.0.0.1:${hangPort}`, "timeout", /^Timeout: .*did not answer within 1000 ms/],
      ];
      for (const [baseUrl, outcome, re] of cases) {
        const c = await post({ provider: "nks", name: `net ${outcome} ${baseUrl}`, baseUrl, credentials: { token: SECRETS.nks }, test: false });
        expect(c.status, c.text).toBe(201);
        const r = await call(test.POST, "POST", "/", { token: owner, params: { id: c.body.connection.id } });
        expect(r.body.outcome, `${baseUrl}: ${r.body.message}`).toBe(outcome);
        expect(r.body.message).toMatch(re);
        expect(r.body.connection).toMatchObject({ state: "failing", lastErrorKind: outcome });
        await call(one.DELETE, "DELETE", "/", { token: owner, params: { id: c.body.connection.id } });
      }
    } finally {
      process.env.ALLOWED_PROVIDER_HOSTS = before;
      resetConfig();
      tls.close();
      hang.closeAllConnections();
      hang.close();
    }
  });

  it("recordConnectionHealth takes a ProviderError (for the sync engine)", async () => {
    const { recordConnectionHealth } = await import("./health");
    const { ProviderError } = await import("@/lib/providers/types");
    const r = await recordConnectionHealth(ids.rafay, new ProviderError({ kind: "unauthorized", provider: "rafay", status: 401, message: "API key has expired" }));
    expect(r.outcome).toBe("credentials_rejected");
    let g = await call(one.GET, "GET", "/", { token: owner, params: { id: ids.rafay } });
    expect(g.body).toMatchObject({ state: "credential_rejected", lastErrorKind: "credentials_rejected", consecutiveFailures: 1 });
    expect(g.body.lastError).toMatch(/API key has expired/);
    await recordConnectionHealth(ids.rafay, { ok: true, summary: "1 project", scopes: 1 }, { synced: true });
    g = await call(one.GET, "GET", "/", { token: owner, params: { id: ids.rafay } });
    expect(g.body).toMatchObject({ state: "fresh", lastError: null, consecutiveFailures: 0 });
  });
});

describe("editing and rotating credentials", () => {
  it("edits name and default scope; moving host requires new credentials", async () => {
    let r = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.nks }, body: { name: "NKS main", defaultScope: "42" } });
    expect(r.status).toBe(200);
    expect(r.body.connection).toMatchObject({ name: "NKS main", defaultScope: "42" });
    r = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.nks }, body: { baseUrl: simUrl("rafay") } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe("credentials");
    r = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.nks }, body: { baseUrl: "https://169.254.169.254/" } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/metadata/);
    r = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.nks }, body: { provider: "rafay" } });
    expect(r.status).toBe(400);
  });

  it("rotates: new credentials are tested first; a failure keeps the old ones", async () => {
    const before = (await call(one.GET, "GET", "/", { token: owner, params: { id: ids.cloudferro } })).body;
    const bad = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.cloudferro }, body: { credentials: { token: SECRETS.wrong } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/Wrong credentials: CloudFerro/);
    const still = await call(test.POST, "POST", "/", { token: owner, params: { id: ids.cloudferro } });
    expect(still.body.ok).toBe(true);
    expect(still.body.connection.credentialsHint).toBe(before.credentialsHint);
    await fetch(`${simUrl("cloudferro")}/__sim/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: SECRETS.rotated, region: "WAW3-1", roles: "all" }) });
    const ok = await call(one.PATCH, "PATCH", "/", { token: owner, params: { id: ids.cloudferro }, body: { credentials: { token: SECRETS.rotated } } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.test.ok).toBe(true);
    expect(ok.body.connection.credentialsHint).toBe(SECRETS.rotated.slice(-4));
    expect(new Date(ok.body.connection.credentialsSetAt).getTime()).toBeGreaterThan(new Date(before.credentialsSetAt).getTime());
    const { getPrisma } = await import("@/lib/db/client");
    const audits = await getPrisma().auditEvent.findMany({ where: { action: "connection.rotate_credentials", targetId: ids.cloudferro } });
    expect(audits.map((a) => a.result).sort()).toEqual(["failure", "success"]);
  });

  it("adapterForConnection: the one way to an adapter; every cluster uses the stored credential; metrics count calls", async () => {
    const { adapterForConnection } = await import("./index");
    const { metrics } = await import("@/lib/metrics");
    const adapter = await adapterForConnection(ids.cloudferro);
    const clusters = await adapter.listClusters();
    expect(clusters.length).toBeGreaterThan(0);
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/clusterdeck_provider_calls_total\{provider="cloudferro",operation="\w+",outcome="ok"\} \d+/);
    await expect(adapterForConnection(ids.cloudferro, { teamId: "another-team" })).rejects.toThrow(/not found/);
  });

  it("a ciphertext copied onto another row does not decrypt", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    const src = await prisma.connection.findUniqueOrThrow({ where: { id: ids.coreweave } });
    const c = await post({ provider: "coreweave", name: "copy target", baseUrl: simUrl("coreweave"), credentials: { token: "placeholder-token-0000" }, test: false });
    await prisma.connection.update({ where: { id: c.body.connection.id }, data: { credentialsCiphertext: src.credentialsCiphertext, credentialsKeyId: src.credentialsKeyId } });
    const r = await call(test.POST, "POST", "/", { token: owner, params: { id: c.body.connection.id } });
    expect(r.body).toMatchObject({ ok: false, outcome: "credentials_unreadable" });
    expect(r.body.message).toMatch(/belong to another connection/);
    await call(one.DELETE, "DELETE", "/", { token: owner, params: { id: c.body.connection.id } });
  });
});

describe("deleting", () => {
  it("reports the clusters that leave the inventory; nothing on the provider is touched", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    for (let i = 0; i < 3; i++) {
      await prisma.clusterSnapshot.create({ data: { teamId, connectionId: ids.coreweave, provider: "coreweave", externalId: `x${i}`, name: `c${i}`, scope: "US-EAST-04A", status: "running" } });
    }
    const g = await call(one.GET, "GET", "/", { token: owner, params: { id: ids.coreweave } });
    expect(g.body.clusterCount).toBe(3);
    const simClusters = async () => ((await fetch(`${simUrl("coreweave")}/__sim/state`).then((r) => r.json())) as { clusters: number }).clusters;
    const before = await simClusters();
    const d = await call(one.DELETE, "DELETE", "/", { token: owner, params: { id: ids.coreweave } });
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ deleted: true, clustersRemoved: 3 });
    expect(await prisma.clusterSnapshot.count({ where: { connectionId: ids.coreweave } })).toBe(0);
    expect(await simClusters()).toBe(before);
    expect((await call(one.GET, "GET", "/", { token: owner, params: { id: ids.coreweave } })).status).toBe(404);
    const a = await prisma.auditEvent.findFirstOrThrow({ where: { action: "connection.delete", targetId: ids.coreweave } });
    expect(a.details).toMatchObject({ clustersRemoved: 3 });
  });
});

describe("demo connections", () => {
  it("answers 404 when demo mode is off", async () => {
    expect((await call(demo.POST, "POST", "/api/v1/connections/demo", { token: owner })).status).toBe(404);
  });

  it("boot starts the simulators (busy port → random), one call adds a connection per simulator, a second adds nothing", async () => {
    const { resetConfig } = await import("@/lib/config");
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const busyPort = (busy.address() as AddressInfo).port;
    const { SIMULATORS } = await import("@/simulators/index");
    // every simulator on a random port (never the fixed defaults on a shared machine), NKS on a busy one
    for (const m of SIMULATORS) process.env[m.portEnv] = "0";
    Object.assign(process.env, { CLUSTERDECK_DEMO: "1", SIM_NKS_PORT: String(busyPort) });
    resetConfig();
    const { startDemoSimulators, runningSimulators, rewriteDemoConnections } = await import("./demo");
    const stop = await startDemoSimulators();
    busy.close();
    expect(stop).toBeTypeOf("function");
    const running = runningSimulators()!;
    expect(running.items.map((i) => i.kind).sort()).toEqual(SIMULATORS.map((m) => m.kind).sort());
    expect(new URL(running.items.find((i) => i.kind === "nks")!.sim.url).port).not.toBe(String(busyPort));
    expect(logText).toMatch(/port \d+ \(SIM_NKS_PORT\) is in use/);
    expect(running.clock.scale).toBe(20);

    expect((await call(demo.POST, "POST", "/api/v1/connections/demo", { token: viewer })).status).toBe(403);
    const first = await call(demo.POST, "POST", "/api/v1/connections/demo", { token: owner });
    expect(first.status, first.text).toBe(201);
    const expected = running.items.reduce((n, i) => n + i.demo.length, 0);
    expect(first.body.created).toHaveLength(expected);
    expect(first.body.created.filter((c: { provider: string }) => c.provider === "cloudferro").length).toBeGreaterThan(1);
    for (const c of first.body.created) expect(c).toMatchObject({ demo: true });
    const second = await call(demo.POST, "POST", "/api/v1/connections/demo", { token: owner });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: [], existing: expect.any(Array) });
    expect(second.body.existing).toHaveLength(expected);
    const r = await call(test.POST, "POST", "/", { token: owner, params: { id: first.body.created[0].id } });
    expect(r.body.ok, r.body.message).toBe(true);

    // a restart on other ports: demo connections follow the simulators, keeping their paths
    await stop!();
    Object.assign(process.env, { SIM_NKS_PORT: "0" });
    const stop2 = await startDemoSimulators();
    const { getPrisma } = await import("@/lib/db/client");
    const rows = await getPrisma().connection.findMany({ where: { demo: true } });
    for (const row of rows) {
      const sim = runningSimulators()!.items.find((i) => i.kind === row.provider)!;
      expect(row.baseUrl.startsWith(sim.sim.url)).toBe(true);
    }
    expect(rows.filter((r) => r.provider === "cloudferro").map((r) => new URL(r.baseUrl).pathname).sort()).toEqual(
      runningSimulators()!.items.find((i) => i.kind === "cloudferro")!.demo.map((d) => new URL(d.baseUrl).pathname).sort(),
    );
    expect(await rewriteDemoConnections(runningSimulators()!)).toBe(0);
    const again = await call(test.POST, "POST", "/", { token: owner, params: { id: first.body.created[0].id } });
    expect(again.body.ok, again.body.message).toBe(true);
    await stop2!();
    process.env.CLUSTERDECK_DEMO = "0";
    resetConfig();
  });
});

describe("credentials never leak", () => {
  it("no response, log line or database byte contains a credential", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { disconnectPrisma } = await import("@/lib/db/client");
    expect(await getPrisma().connection.count()).toBeGreaterThan(0);
    await disconnectPrisma().catch(() => undefined);
    const dump = execFileSync("pg_dump", ["--no-owner", dbUrl], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(dump).toContain("credentialsCiphertext");
    expect(dump).toContain("v1.");
    expect(responses.length).toBeGreaterThan(40);
    expect(logText.length).toBeGreaterThan(0);
    const haystacks = { responses: responses.join("\n"), log: logText, database: dump };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
      }
      expect(text.includes(CANARY), `canary found in ${where}`).toBe(false);
    }
  });
});
