/**
 * Kubernetes API contract: @kubernetes/client-node, unmodified, against the simulator over TLS
 * (its own CA as certificate-authority-data) — every call the reader makes, the Status bodies of
 * 401/403, paging with limit/continue, faults — and the adapter's mapping of each failure.
 * Also: kubeconfig refusals, and the team's private networks enforced after DNS and on redirects.
 */
import https from "node:https";
import { ApiException, ApisApi, CoreApi, CoreV1Api, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { allowProviderHosts } from "@/lib/connections/outbound";
import { createGuardedAgents, type Resolver } from "@/lib/connections/outbound-agent";
import { parsePrivateNetworks } from "@/lib/connections/private-networks";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulatorTls } from "@/simulators/kit/tls";
import { createKubernetesSimulator, simulator, simulatorKubeconfig } from "@/simulators/kubernetes";
import { ProviderError, type HttpOptions, type ProviderAdapter } from "../types";
import { definition } from ".";
import { KubernetesAdapter } from "./adapter";
import { KubeconfigError, parseKubeconfig } from "./kubeconfig";
import { readCluster } from "./reader";

const TOKEN = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv).token;
const tlsMaterial = simulatorTls();
let sim: RunningSimulator;

function raw(path: string, token: string | null = TOKEN): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const req = https.request(sim.url + path, { ca: tlsMaterial.ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}
async function admin(method: string, path: string, body?: unknown) {
  const res = await new Promise<number>((resolve, reject) => {
    const req = https.request(`${sim.url}/__sim${path}`, { method, ca: tlsMaterial.ca, headers: { "Content-Type": "application/json" } }, (r) => {
      r.resume();
      r.on("end", () => resolve(r.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
  expect(res).toBe(200);
}

const kubeconfig = (token = TOKEN, clusters?: string[]) => simulatorKubeconfig(sim.url, token, tlsMaterial.ca, clusters);
/** the SDK on its own (its own dispatcher), loading our generated kubeconfig */
function sdk(context: string, token = TOKEN) {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig(token));
  kc.setCurrentContext(context);
  return kc;
}
const http = (over: Partial<HttpOptions> = {}, policy: Parameters<typeof createGuardedAgents>[0] = {}): Partial<HttpOptions> => ({ timeoutMs: 2_000, maxResponseBytes: 4 * 1024 * 1024, agents: createGuardedAgents(policy), ...over });
const adapter = (creds: Record<string, string>, over: Partial<HttpOptions> = {}): ProviderAdapter => new KubernetesAdapter({ baseUrl: "", credentials: creds, http: http(over) });
const target = (cluster: string, token = TOKEN) => parseKubeconfig(kubeconfig(token)).contexts.find((c) => c.name === cluster)!;

async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

beforeAll(async () => {
  resetConfig();
  sim = await startSimulator(createKubernetesSimulator({ clock: new SimClock(1), seed: 42, credentials: { token: TOKEN } }), new SimClock(1), { tls: tlsMaterial });
  allowProviderHosts([new URL(sim.url).host]);
});
afterAll(() => sim.close());
beforeEach(() => admin("POST", "/reset"));

describe("simulator wire format, judged by @kubernetes/client-node (unmodified) over TLS", () => {
  it("serves discovery: /version, /api, /apis", async () => {
    const kc = sdk("prod-east");
    const v = await kc.makeApiClient(VersionApi).getCode();
    expect(v).toMatchObject({ major: "1", minor: "34", gitVersion: "v1.34.2", platform: "linux/amd64" });
    const api = await kc.makeApiClient(CoreApi).getAPIVersions();
    expect(api.versions).toEqual(["v1"]);
    const apis = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(apis.groups.map((g) => g.name)).toContain("apps");
    expect(apis.groups[0].preferredVersion?.version).toBe("v1");
  });

  it("lists nodes, namespaces, pods and warning events with limit/continue until the end", async () => {
    const core = sdk("prod-east").makeApiClient(CoreV1Api);
    const seen: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 500, _continue: cont });
      seen.push(...page.items.map((p) => p.metadata!.name!));
      cont = page.metadata?._continue;
      if (cont) expect(page.metadata?.remainingItemCount).toBeGreaterThan(0);
      pages++;
    } while (cont);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(1240);
    const nodes = await core.listNode({ limit: 4 });
    expect(nodes.items).toHaveLength(4);
    expect(nodes.items[0].status?.nodeInfo?.kubeletVersion).toBe("v1.34.2");
    expect(nodes.items[0].metadata?.creationTimestamp).toBeInstanceOf(Date);
    const ns = await core.listNamespace({});
    expect(ns.items.map((n) => n.metadata?.name)).toContain("kube-system");
    const ev = await core.listEventForAllNamespaces({ fieldSelector: "type=Warning" });
    expect(ev.items.length).toBe(12);
    expect(ev.items.every((e) => e.type === "Warning")).toBe(true);
    expect(ev.items[0].lastTimestamp).toBeInstanceOf(Date);
  });

  it("answers a stale continue with 410 Expired and a bad selector with 400, as Status objects", async () => {
    const bad = await raw("/clusters/prod-east/api/v1/events?fieldSelector=spec.foo%3Dbar");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "BadRequest", code: 400 });
    const stale = await raw(`/clusters/prod-east/api/v1/pods?limit=5&continue=${Buffer.from(JSON.stringify({ rv: 1, start: 5 })).toString("base64")}`);
    expect(stale.status).toBe(410);
    expect(stale.body).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
  });

  it("401 and 403 are Status objects exactly as the API server writes them; the SDK raises ApiException", async () => {
    const r401 = await raw("/clusters/prod-east/api/v1/nodes", "wrong-token");
    expect(r401).toEqual({ status: 401, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 } });
    await admin("POST", "/tokens", { token: "limited-token-0001", access: "no-nodes" });
    const r403 = await raw("/clusters/prod-east/api/v1/nodes", "limited-token-0001");
    expect(r403).toEqual({
      status: 403,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'nodes is forbidden: User "system:serviceaccount:kube-system:clusterdeck-no-nodes" cannot list resource "nodes" in API group "" at the cluster scope',
        reason: "Forbidden",
        details: { kind: "nodes" },
        code: 403,
      },
    });
    const e401 = await sdk("prod-east", "wrong-token").makeApiClient(CoreV1Api).listNode({}).catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(ApiException);
    expect((e401 as ApiException<unknown>).code).toBe(401);
    const e403 = await sdk("prod-east", "limited-token-0001").makeApiClient(CoreV1Api).listNode({}).catch((e: unknown) => e);
    expect((e403 as ApiException<unknown>).code).toBe(403);
  });
});

describe("reader (readCluster) through the guarded dispatcher", () => {
  it("reads version, nodes, namespaces, pods and warnings of every simulated cluster", async () => {
    const prod = await readCluster(target("prod-east"), { http: http() });
    expect(prod).toMatchObject({ version: "1.34.2", gitVersion: "v1.34.2", platform: "linux/amd64", forbidden: [] });
    expect(prod.nodes).toMatchObject({ total: 11, ready: 11, notReady: 0, maxSkew: 0 });
    expect(prod.pods?.total).toBe(1240);
    expect(prod.namespaces?.count).toBe(24);
    expect(prod.warnings?.count).toBe(12);
    expect(prod.warnings?.latest).toHaveLength(5);
    const stamps = prod.warnings!.latest.map((w) => w.lastSeen!);
    expect([...stamps].sort().reverse()).toEqual(stamps);

    const staging = await readCluster(target("staging"), { http: http() });
    expect(staging.nodes).toMatchObject({ total: 5, ready: 3, notReady: 2 });
    expect(staging.pods!.notRunning + staging.pods!.restarting).toBeGreaterThan(0);

    const edge = await readCluster(target("edge-k3s"), { http: http() });
    expect(edge.version).toBe("1.33.5");
    expect(edge.nodes.kubeletVersions).toEqual(["v1.30.14+k3s1", "v1.31.13+k3s1", "v1.33.5+k3s1"]);
    // kubelets three minors behind the API server (the most the skew policy allows)
    expect(edge.nodes.maxSkew).toBe(3);
  });

  it("a role without events still reads the cluster; the forbidden list is named", async () => {
    await admin("POST", "/tokens", { token: "no-events-token-1", access: "no-events" });
    const r = await readCluster(target("prod-east", "no-events-token-1"), { http: http() });
    expect(r.forbidden).toEqual(["events"]);
    expect(r.warnings).toBeNull();
    expect(r.nodes.total).toBe(11);
  });
});

describe("adapter", () => {
  it("lists each context as a cluster with normalized status, pools and live details", async () => {
    const a = adapter({ kubeconfig: kubeconfig() });
    const clusters = await a.listClusters();
    expect(clusters.map((c) => [c.name, c.version, c.status, c.nodeCount])).toEqual([
      ["prod-east", "1.34.2", "running", 11],
      ["staging", "1.32.9", "running", 5],
      ["edge-k3s", "1.33.5", "running", 6],
    ]);
    expect(clusters[1].providerStatus).toMatch(/Degraded: 2 of 5 nodes NotReady/);
    const edgePools = clusters[2].nodePools.find((p) => p.name === "edge")!;
    expect(edgePools.version).toBe("1.30.14+k3s1");
    expect((await a.listScopes()).map((s) => s.externalId)).toEqual(["prod-east", "staging", "edge-k3s"]);
    expect((await a.listVersions()).find((v) => v.version === "1.32")?.eol).toBe("2026-02-28");
    expect((await a.testConnection()).summary).toBe("3 clusters with 22 nodes");
  });

  it("reads only the chosen contexts", async () => {
    const clusters = await adapter({ kubeconfig: kubeconfig(), contexts: "staging" }).listClusters();
    expect(clusters.map((c) => c.name)).toEqual(["staging"]);
  });

  it("reads with a bearer token and the server URL + CA (no kubeconfig)", async () => {
    const a = new KubernetesAdapter({ baseUrl: `${sim.url}/clusters/edge-k3s`, credentials: { token: TOKEN, caData: tlsMaterial.ca }, http: http() });
    expect((await a.listClusters())[0]).toMatchObject({ version: "1.33.5", nodeCount: 6 });
  });

  it("reads with basic auth where the server allows it", async () => {
    await admin("POST", "/basic", { user: "ops", password: "s3cret-basic-pass" });
    const a = new KubernetesAdapter({ baseUrl: `${sim.url}/clusters/prod-east`, credentials: { username: "ops", password: "s3cret-basic-pass", caData: Buffer.from(tlsMaterial.ca).toString("base64") }, http: http() });
    expect((await a.listClusters())[0].nodeCount).toBe(11);
  });

  it("expired token → unauthorized; forbidden node list → forbidden (403); each with its own message", async () => {
    await admin("POST", "/tokens", { token: "expired-token-0001", access: "expired" });
    const e401 = await providerError(adapter({ kubeconfig: kubeconfig("expired-token-0001") }).listClusters());
    expect(e401).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(e401.message).toMatch(/expired, revoked or wrong/);
    await admin("POST", "/tokens", { token: "limited-token-0002", access: "no-nodes" });
    const e403 = await providerError(adapter({ kubeconfig: kubeconfig("limited-token-0002") }).listClusters());
    expect(e403).toMatchObject({ kind: "forbidden", status: 403 });
    expect(e403.message).toMatch(/cannot list resource "nodes"/);
    expect(e403.message).not.toContain("limited-token-0002");
  });

  it("an unreachable API server → unavailable with no status; a wrong CA → TLS failure", async () => {
    const closed = await startSimulator(createKubernetesSimulator({ clock: new SimClock(1), seed: 1, credentials: { token: TOKEN } }), new SimClock(1), { tls: tlsMaterial });
    const url = closed.url;
    await closed.close();
    allowProviderHosts([new URL(url).host]);
    const e = await providerError(adapter({ kubeconfig: simulatorKubeconfig(url, TOKEN, tlsMaterial.ca) }).listClusters());
    expect(e).toMatchObject({ kind: "unavailable", status: null });
    expect(e.message).toMatch(/unreachable \(ECONNREFUSED\)/);
    // a CA that did not sign the server's certificate
    const foreign = (await import("node-forge")).default.pki;
    const keys = foreign.rsa.generateKeyPair(1024);
    const cert = foreign.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: "commonName", value: "foreign CA" }]);
    cert.setIssuer([{ name: "commonName", value: "foreign CA" }]);
    cert.sign(keys.privateKey);
    const tls = await providerError(adapter({ kubeconfig: simulatorKubeconfig(sim.url, TOKEN, foreign.certificateToPem(cert)) }).listClusters());
    expect(tls).toMatchObject({ kind: "unavailable", status: null });
    expect(tls.message).toMatch(/TLS failure/);
  });

  it("one unreadable context does not hide the others: it is listed as unknown with its reason", async () => {
    const yaml = await import("js-yaml");
    const doc = yaml.load(kubeconfig()) as { users: { name: string; user: Record<string, string> }[]; contexts: { name: string; context: Record<string, string> }[] };
    doc.users.push({ name: "stale", user: { token: "stale-token-00000" } });
    doc.contexts.find((c) => c.name === "staging")!.context.user = "stale";
    const clusters = await adapter({ kubeconfig: yaml.dump(doc) }).listClusters();
    const staging = clusters.find((c) => c.name === "staging")!;
    expect(staging.status).toBe("unknown");
    expect(staging.providerStatus).toMatch(/^Unauthorized:/);
    expect(clusters.filter((c) => c.status === "running")).toHaveLength(2);
  });

  it("faults: 503 → unavailable, a hanging server → timeout, an oversized answer → bad_response", async () => {
    await admin("PUT", "/faults", { errorRates: { "503": 1 } });
    expect(await providerError(adapter({ kubeconfig: kubeconfig(), contexts: "edge-k3s" }).listClusters())).toMatchObject({ kind: "unavailable", status: 503 });
    await admin("PUT", "/faults", { hangRate: 1 });
    expect(await providerError(adapter({ kubeconfig: kubeconfig(), contexts: "edge-k3s" }, { timeoutMs: 400 }).listClusters())).toMatchObject({ kind: "timeout" });
    await admin("PUT", "/faults", { malformedRate: 1 });
    expect(await providerError(adapter({ kubeconfig: kubeconfig(), contexts: "edge-k3s" }).listClusters())).toMatchObject({ kind: "bad_response" });
    await admin("PUT", "/faults", { errorRates: { "429": 1 }, retryAfterSeconds: 2 });
    expect(await providerError(adapter({ kubeconfig: kubeconfig(), contexts: "edge-k3s" }).listClusters())).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 2000 });
    await admin("PUT", "/faults", { oversizeRate: 1, oversizeBytes: 3 * 1024 * 1024 });
    expect(await providerError(adapter({ kubeconfig: kubeconfig(), contexts: "edge-k3s" }, { maxResponseBytes: 256 * 1024 }).listClusters())).toMatchObject({ kind: "bad_response" });
    await admin("PUT", "/faults", {});
  });

  it("create, upgrade and delete are refused: managed outside Clusterdeck", async () => {
    const a = adapter({ kubeconfig: kubeconfig() });
    expect((await providerError(a.upgradeCluster("staging", "staging", "1.33"))).message).toMatch(/managed outside Clusterdeck/);
    expect((await providerError(a.deleteCluster("staging", "staging"))).kind).toBe("invalid");
  });
});

describe("kubeconfig rules", () => {
  const base = (user: Record<string, unknown>, cluster: Record<string, unknown> = { server: "https://k8s.example.com" }) =>
    JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "c", cluster }], users: [{ name: "u", user }], contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }] });

  it("refuses exec and auth-provider plugins, saying why and how to make a token", () => {
    expect(() => parseKubeconfig(base({ exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] } }))).toThrow(/exec plugin.*never runs commands.*service account/s);
    expect(() => parseKubeconfig(base({ "auth-provider": { name: "oidc" } }))).toThrow(/auth-provider.*never runs commands/s);
  });

  it("refuses file references and proxy-url; insecure-skip-tls-verify only when an admin allowed it", () => {
    expect(() => parseKubeconfig(base({ "token-file": "/var/run/secrets/token" }))).toThrow(/never reads files/);
    expect(() => parseKubeconfig(base({ token: "t" }, { server: "https://k", "certificate-authority": "/etc/ca.pem" }))).toThrow(/certificate-authority-data/);
    expect(() => parseKubeconfig(base({ token: "t" }, { server: "https://k", "proxy-url": "socks5://x" }))).toThrow(/proxy-url/);
    const insecure = base({ token: "t" }, { server: "https://k", "insecure-skip-tls-verify": true });
    expect(() => parseKubeconfig(insecure)).toThrow(KubeconfigError);
    expect(parseKubeconfig(insecure, { allowInsecure: true }).contexts[0].insecureSkipTlsVerify).toBe(true);
  });

  it("the credentials schema turns refusals into field errors that never echo a value", () => {
    const r = definition.credentialsSchema.safeParse({ kubeconfig: base({ exec: { command: "secret-cmd --password hunter2" } }) });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0];
    expect(issue.path).toEqual(["kubeconfig"]);
    expect(issue.message).not.toContain("hunter2");
    expect(definition.credentialsSchema.safeParse({}).success).toBe(false);
  });
});

describe("team private networks: enforced after DNS and on redirects", () => {
  // a private API server name, as an internal DNS would answer it
  const resolve: Resolver = (host, _family, cb) => (host === "k8s.corp.test" ? cb(null, [{ address: "10.255.255.1", family: 4 }]) : host === "meta.corp.test" ? cb(null, [{ address: "169.254.169.254", family: 4 }]) : cb(Object.assign(new Error(`${host} not found`), { code: "ENOTFOUND" }), []));
  const read = (server: string, networks: string[]) =>
    readCluster({ name: "t", server, token: TOKEN, caData: tlsMaterial.ca }, { http: http({ timeoutMs: 300 }, { privateNetworks: parsePrivateNetworks(networks), resolve }) });

  it("a name resolving to a private address is refused unless its network (or name) is listed", async () => {
    const refused = await providerError(read("https://k8s.corp.test:6443", []));
    expect(refused).toMatchObject({ kind: "forbidden", status: null });
    expect(refused.message).toMatch(/k8s\.corp\.test resolves to 10\.255\.255\.1, a private address/);
    // listed: the connection is attempted (nothing answers there: timeout or unreachable, but not refused)
    for (const list of [["10.0.0.0/8"], ["k8s.corp.test"], ["*.corp.test"]]) {
      const e = await providerError(read("https://k8s.corp.test:6443", list));
      expect(["timeout", "unavailable"]).toContain(e.kind);
    }
    // a literal private address follows the same list
    expect(await providerError(read("https://10.255.255.1:6443", []))).toMatchObject({ kind: "forbidden", status: null });
    expect(["timeout", "unavailable"]).toContain((await providerError(read("https://10.255.255.1:6443", ["10.255.0.0/16"]))).kind);
  });

  it("link-local / metadata are refused even when the name is listed", async () => {
    expect(await providerError(read("https://meta.corp.test", ["meta.corp.test", "*.corp.test"]))).toMatchObject({ kind: "forbidden", status: null });
    expect(await providerError(read("https://169.254.169.254", ["10.0.0.0/8"]))).toMatchObject({ kind: "forbidden", status: null });
  });

  it("a redirect from an allowed API server to an unlisted private name is refused at the new connection", async () => {
    await admin("PUT", "/redirect", { to: "https://k8s.corp.test:6443/version" });
    const e = await providerError(read(`${sim.url}/clusters/prod-east`, []));
    expect(e).toMatchObject({ kind: "forbidden", status: null });
    expect(e.message).toMatch(/k8s\.corp\.test resolves to 10\.255\.255\.1/);
    await admin("PUT", "/redirect", { to: "https://169.254.169.254/latest/meta-data/" });
    expect(await providerError(read(`${sim.url}/clusters/prod-east`, ["10.0.0.0/8"]))).toMatchObject({ kind: "forbidden", status: null });
  });
});
