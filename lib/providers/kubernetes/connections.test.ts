/**
 * Kubernetes API connections through the dashboard's own routes, a real PostgreSQL and the simulator
 * over TLS: kubeconfig refusals as 400s naming the field, insecure TLS only when allowed, a sync that
 * fills the inventory, create/upgrade/delete refused (managed outside Clusterdeck), the team's private
 * networks (owners, validated, audited) applied to base URLs — and no token, client key or kubeconfig
 * in any response, log line or database byte.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulatorTls } from "@/simulators/kit/tls";
import { createKubernetesSimulator, simulatorKubeconfig } from "@/simulators/kubernetes";
import { createTestDatabase } from "@/test/support/db";

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
const CANARY = "K8SLEAKCANARY";
const TOKEN = `${CANARY}-token-${randomBytes(12).toString("hex")}`;
const EXEC_SECRET = `${CANARY}-exec-${randomBytes(8).toString("hex")}`;
const responses: string[] = [];
const tlsMaterial = simulatorTls();
let sim: RunningSimulator;
let dbUrl: string;
let owner: string;
let admin: string;
let teamId: string;
let conns: Routes, clusters: Routes, cluster: Routes, upgrade: Routes, networks: Routes;

async function call(h: Handler, method: string, p: string, opts: { token?: string; body?: unknown; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: "localhost", origin: ORIGIN, "content-type": "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await h(new Request(`${ORIGIN}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  responses.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}
const kubeconfig = (token = TOKEN, ca: string | undefined = tlsMaterial.ca) => simulatorKubeconfig(sim.url, token, ca);
const add = (body: Record<string, unknown>, token = admin) => call(conns.POST, "POST", "/api/v1/connections", { token, body: { provider: "kubernetes", ...body } });

beforeAll(async () => {
  dbUrl = await createTestDatabase("k8s_connections");
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "cd-k8s-"));
  process.env.CLUSTERDECK_DEMO = "0";
  process.env.PROVIDER_TIMEOUT_SECONDS = "1";
  sim = await startSimulator(createKubernetesSimulator({ clock: new SimClock(1), seed: 7, credentials: { token: TOKEN } }), new SimClock(1), { tls: tlsMaterial });
  process.env.ALLOWED_PROVIDER_HOSTS = new URL(sim.url).host;
  const { resetConfig } = await import("@/lib/config");
  resetConfig();
  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const { getPrisma } = await import("@/lib/db/client");
  await createLocalUser({ email: "owner@k8s.test", team: "Platform", role: "owner" }, {});
  await createLocalUser({ email: "admin@k8s.test", team: "Platform", role: "admin" }, {});
  const team = await getPrisma().team.findFirstOrThrow({ where: { name: "Platform" } });
  teamId = team.id;
  const uid = async (email: string) => (await getPrisma().user.findUniqueOrThrow({ where: { email } })).id;
  owner = (await createToken({ userId: await uid("owner@k8s.test"), teamId, name: "t" }, {})).token;
  admin = (await createToken({ userId: await uid("admin@k8s.test"), teamId, name: "t" }, {})).token;
  conns = (await import("@/app/api/v1/connections/route")) as unknown as Routes;
  clusters = (await import("@/app/api/v1/clusters/route")) as unknown as Routes;
  cluster = (await import("@/app/api/v1/clusters/[id]/route")) as unknown as Routes;
  upgrade = (await import("@/app/api/v1/clusters/[id]/upgrade/route")) as unknown as Routes;
  networks = (await import("@/app/api/v1/team/kubernetes-networks/route")) as unknown as Routes;
});
afterAll(() => sim?.close());

describe("adding a Kubernetes API connection", () => {
  it("refuses an exec-plugin kubeconfig with a 400 on the kubeconfig field, saying why, without echoing it", async () => {
    const exec = kubeconfig().replace(/token: .*/, `exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: get-token\n        args: ["--secret", "${EXEC_SECRET}"]`);
    const r = await add({ name: "exec", credentials: { kubeconfig: exec } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe("credentials.kubeconfig");
    expect(r.body.error.message).toMatch(/exec plugin\. Clusterdeck never runs commands from a kubeconfig/);
    expect(r.body.error.message).toMatch(/kubectl create token/);
  });

  it("refuses insecure-skip-tls-verify unless an admin allows it for the connection", async () => {
    const insecure = kubeconfig(TOKEN, undefined).replace(/server: (.*)/g, "server: $1\n      insecure-skip-tls-verify: true");
    const refused = await add({ name: "insecure", credentials: { kubeconfig: insecure } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/insecure-skip-tls-verify/);
    const allowed = await add({ name: "insecure", contexts: ["edge-k3s"], credentials: { kubeconfig: insecure, allowInsecureTls: "true" } });
    expect(allowed.status, allowed.text).toBe(201);
    const { syncConnection } = await import("@/lib/inventory/sync");
    expect((await syncConnection(allowed.body.connection.id)).ok).toBe(true);
    const list = await call(clusters.GET, "GET", `/api/v1/clusters?connection=${allowed.body.connection.id}`, { token: owner });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].providerStatus).toMatch(/TLS not verified/);
  });

  it("an expired token fails the test with a clear message; nothing is stored", async () => {
    const r = await add({ name: "expired", credentials: { kubeconfig: kubeconfig(`${CANARY}-expired-0000`) } });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/^Wrong credentials: Kubernetes API rejected them \(the API server at .* answered 401 Unauthorized/);
  });

  it("adds the chosen contexts, syncs them into the inventory, and refuses upgrades (managed outside)", async () => {
    const r = await add({ name: "Simulated clusters", credentials: { kubeconfig: kubeconfig() } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.test.message).toBe("Works: the credentials can see 3 clusters with 22 nodes.");
    expect(r.body.connection.baseUrl).toBe(`${sim.url}/clusters/prod-east`);
    const { syncConnection } = await import("@/lib/inventory/sync");
    expect((await syncConnection(r.body.connection.id)).ok).toBe(true);
    const list = await call(clusters.GET, "GET", `/api/v1/clusters?connection=${r.body.connection.id}&sort=name`, { token: owner });
    expect(list.body.items.map((c: { name: string; version: string; nodeCount: number; provider: string }) => [c.name, c.version, c.nodeCount, c.provider])).toEqual([
      ["edge-k3s", "1.33.5", 6, "kubernetes"],
      ["prod-east", "1.34.2", 11, "kubernetes"],
      ["staging", "1.32.9", 5, "kubernetes"],
    ]);
    const staging = list.body.items.find((c: { name: string }) => c.name === "staging");
    expect(staging.eolState).toBe("past");
    const detail = await call(cluster.GET, "GET", "/", { token: owner, params: { id: staging.id } });
    expect(detail.body.raw.kube.nodes).toMatchObject({ total: 5, ready: 3, notReady: 2 });
    expect(detail.body.raw.kube.warnings.count).toBe(64);
    const up = await call(upgrade.POST, "POST", "/", { token: owner, body: { version: "1.33.5" }, params: { id: staging.id } });
    expect(up.status).toBe(409);
    expect(up.body.error.code).toBe("managed_outside");
  });
});

describe("team private networks", () => {
  it("owners list private networks (checked, audited); admins may not change them", async () => {
    expect((await call(networks.PUT, "PUT", "/", { token: admin, body: { networks: ["10.0.0.0/8"] } })).status).toBe(403);
    for (const bad of ["127.0.0.0/8", "169.254.0.0/16", "0.0.0.0/0", "8.8.8.0/24", "localhost", "fd00:ec2::/32"]) {
      const r = await call(networks.PUT, "PUT", "/", { token: owner, body: { networks: [bad] } });
      expect(r.status, bad).toBe(400);
    }
    const ok = await call(networks.PUT, "PUT", "/", { token: owner, body: { networks: ["10.20.3.4/16", "K8S.corp.example", "*.clusters.corp.example"] } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.networks).toEqual(["10.20.0.0/16", "k8s.corp.example", "*.clusters.corp.example"]);
    expect((await call(networks.GET, "GET", "/", { token: admin })).body.networks).toEqual(ok.body.networks);
    const { getPrisma } = await import("@/lib/db/client");
    const ev = await getPrisma().auditEvent.findFirstOrThrow({ where: { teamId, action: "team.kubernetes_networks" }, orderBy: { createdAt: "desc" } });
    expect(ev.details).toMatchObject({ before: [], added: ["10.20.0.0/16", "k8s.corp.example", "*.clusters.corp.example"] });
  });

  it("a private API server URL is refused unless its network is listed", async () => {
    const refused = await add({ name: "private", baseUrl: "https://10.30.0.5:6443", credentials: { token: TOKEN }, test: false });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("base_url_refused");
    const listed = await add({ name: "private", baseUrl: "https://10.20.0.5:6443", credentials: { token: TOKEN }, test: false });
    expect(listed.status, listed.text).toBe(201);
    // the list applies to Kubernetes API connections only
    const other = await call(conns.POST, "POST", "/api/v1/connections", { token: admin, body: { provider: "coreweave", name: "cw", baseUrl: "https://10.20.0.5", credentials: { token: "x".repeat(20) }, test: false } });
    expect(other.status).toBe(400);
  });
});

describe("credentials never leak", () => {
  it("no response, log line or database byte contains the token or the kubeconfig", async () => {
    const { disconnectPrisma } = await import("@/lib/db/client");
    await disconnectPrisma().catch(() => undefined);
    const dump = execFileSync("pg_dump", ["--no-owner", dbUrl], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(dump).toContain("credentialsCiphertext");
    expect(responses.length).toBeGreaterThan(10);
    for (const [where, text] of Object.entries({ responses: responses.join("\n"), log: logText, database: dump })) {
      expect(text.includes(CANARY), `canary found in ${where}`).toBe(false);
      // the kubeconfig itself is never echoed (its certificate-authority-data stands for its text)
      expect(text.includes(Buffer.from(tlsMaterial.ca).toString("base64").slice(0, 80)), `kubeconfig text found in ${where}`).toBe(false);
    }
  });
});
