/**
 * GKE contract: Google's own client (@google-cloud/container REST transport + google-auth-library),
 * unmodified, against the simulator over real HTTP for every call the adapter makes - the token
 * exchange included - plus the simulator's wire details (401 body, enum encodings, Google errors,
 * lifecycles) and the adapter's mapping of every refusal.
 */
import { createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { allowProviderHosts } from "@/lib/connections/outbound";
import { createGuardedAgents } from "@/lib/connections/outbound-agent";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/gke";
import { generateKeyFile } from "@/simulators/gke/keys";
import { ProviderError, type HttpOptions, type ProviderCallInfo } from "../types";
import { definition } from ".";
import { GkeAdapter } from "./adapter";
import { endpointOf, GkeClient, GOOGLE_TOKEN_URL } from "./client";

const CREDS = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv);
const PROJECT = "clusterdeck-demo";
const FAST: Partial<HttpOptions> = { timeoutMs: 2_000, backoffBaseMs: 10, backoffMaxMs: 100, budgetMs: 6_000, maxAttempts: 3 };

let sim: RunningSimulator;
let clock: SimClock;

const adapter = (over: Partial<HttpOptions> = {}, credentials = CREDS) => new GkeAdapter({ baseUrl: sim.url, credentials, http: { ...FAST, ...over } });
const client = (over: Partial<HttpOptions> = {}, credentials = CREDS) => new GkeClient({ baseUrl: sim.url, credentials, http: { ...FAST, ...over } });
const admin = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${sim.url}/__sim${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(r.status).toBe(200);
  return r.json();
};
const advance = (ms: number) => admin("POST", "/clock", { advanceMs: ms });

async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

/** a token through the real grant, for raw wire checks */
async function accessToken(): Promise<string> {
  const c = client();
  const jwt = (c as unknown as { jwt: { getAccessToken(): Promise<{ token?: string | null }> } }).jwt;
  return (await jwt.getAccessToken()).token!;
}

beforeAll(async () => {
  resetConfig();
  clock = new SimClock(1);
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials: CREDS }), clock, { port: 0, seed: "contract" });
});
afterAll(async () => {
  await sim?.close();
});

describe("authentication (OAuth 2.0 JWT-bearer grant)", () => {
  it("answers 401 UNAUTHENTICATED with Google's body without a token, and with an unknown one", async () => {
    const r = await fetch(`${sim.url}/v1/projects/${PROJECT}/locations/-/clusters`);
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    const body = await r.json();
    expect(body.error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    expect(body.error.message).toMatch(/missing required authentication credential/);
    const bad = await fetch(`${sim.url}/v1/projects/${PROJECT}/locations/-/clusters`, { headers: { Authorization: "Bearer ya29.not-issued" } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.message).toMatch(/invalid authentication credentials/);
  });

  it("issues tokens only for RS256 assertions by a known key, for Google's token audience", async () => {
    const form = (b: Record<string, string>) => fetch(`${sim.url}/token`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(b).toString() });
    const wrongGrant = await form({ grant_type: "client_credentials" });
    expect(wrongGrant.status).toBe(400);
    expect((await wrongGrant.json()).error).toBe("unsupported_grant_type");
    const forged = await form({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0." });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error).toBe("invalid_grant");
    // the SDK's own grant works
    expect((await accessToken()).startsWith("ya29.")).toBe(true);
  });

  it("accepts a self-signed JWT by a known key as Google does (no token exchange), and not one by another key", async () => {
    const key = JSON.parse(CREDS.serviceAccountKey) as { client_email: string; private_key: string; private_key_id: string };
    const sign = (k: { client_email: string; private_key: string; private_key_id: string }) => {
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const now = Math.floor(Date.now() / 1000);
      const head = `${b64({ alg: "RS256", typ: "JWT", kid: k.private_key_id })}.${b64({ iss: k.client_email, sub: k.client_email, aud: "https://container.googleapis.com/", iat: now, exp: now + 3600 })}`;
      return `${head}.${createSign("RSA-SHA256").update(head).sign(k.private_key).toString("base64url")}`;
    };
    const get = (jwt: string) => fetch(`${sim.url}/v1/projects/${PROJECT}/locations/-/clusters`, { headers: { Authorization: `Bearer ${jwt}` } });
    expect((await get(sign(key))).status).toBe(200);
    expect((await get(sign(generateKeyFile(PROJECT, "stranger")))).status).toBe(401);
  });

  it("maps an unknown key to unauthorized without echoing key material", async () => {
    const stranger = generateKeyFile(PROJECT, "stranger");
    const e = await providerError(adapter({}, { serviceAccountKey: JSON.stringify(stranger) }).listClusters());
    expect(e.kind).toBe("unauthorized");
    expect(e.message).toMatch(/invalid_grant/);
    expect(JSON.stringify(e) + e.message).not.toContain(stranger.private_key.split("\n")[1]);
  });

  it("maps another project to forbidden, and a viewer's mutation to forbidden", async () => {
    const other = await providerError(adapter({}, { ...CREDS, projectId: "someone-elses-project" }).listClusters());
    expect(other.kind).toBe("forbidden");
    expect(other.message).toMatch(/container\.clusters\.list/);
    const viewer = generateKeyFile(PROJECT, "viewer");
    await admin("POST", "/keys", { key: viewer, role: "viewer" });
    const v = adapter({}, { serviceAccountKey: JSON.stringify(viewer) });
    const [c] = await v.listClusters();
    expect(c).toBeTruthy();
    const e = await providerError(v.deleteCluster(c.scope, c.externalId));
    expect(e.kind).toBe("forbidden");
  });

  it("the connection form shows the project ID as optional and the key as required", async () => {
    const { providerDescriptors } = await import("@/lib/providers/browser-data");
    const gke = providerDescriptors().find((p) => p.kind === "gke")!;
    expect(gke.credentialFields.map((f) => [f.name, f.optional])).toEqual([
      ["serviceAccountKey", false],
      ["projectId", true],
    ]);
  });

  it("refuses malformed keys before any request", () => {
    expect(() => adapter({}, { serviceAccountKey: "{not json" })).toThrow(/not valid JSON/);
    expect(definition.credentialsSchema.safeParse({ serviceAccountKey: '{"type":"authorized_user"}' }).success).toBe(false);
    expect(definition.credentialsSchema.safeParse(CREDS).success).toBe(true);
  });
});

describe("wire format", () => {
  it("serves enums as numbers when the SDK asks ($alt=json;enum-encoding=int) and as names otherwise", async () => {
    const token = await accessToken();
    const get = async (q: string) => (await fetch(`${sim.url}/v1/projects/${PROJECT}/locations/-/clusters${q}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const ints = await get("?$alt=json%3Benum-encoding=int");
    const names = await get("");
    expect(typeof ints.clusters[0].status).toBe("number");
    expect(typeof names.clusters[0].status).toBe("string");
    expect(names.clusters[0].currentMasterVersion).toMatch(/^1\.\d+\.\d+-gke\.\d+$/);
    // proto3 JSON: int64 as strings, defaults left out
    expect(names.clusters[0].nodePools[0].maxPodsConstraint.maxPodsPerNode).toBe("110");
  });

  it("lists clusters across locations and decodes them through the SDK", async () => {
    const { clusters, missingZones } = await client().listClusters();
    expect(missingZones).toEqual([]);
    expect(new Set(clusters.map((c) => c.location)).size).toBeGreaterThan(2);
    expect(clusters.every((c) => typeof c.status === "string")).toBe(true);
    const one = await client().listClusters("us-central1");
    expect(one.clusters.every((c) => c.location === "us-central1")).toBe(true);
  });

  it("serves the server config with every release channel", async () => {
    const cfg = await client().getServerConfig("us-central1");
    expect(cfg.channels?.map((c) => c.channel)).toEqual(["RAPID", "REGULAR", "STABLE", "EXTENDED"]);
    expect(cfg.validMasterVersions?.length).toBeGreaterThan(0);
    expect(cfg.defaultClusterVersion).toMatch(/-gke\./);
    const versions = await adapter().listVersions("us-central1");
    expect(versions.find((v) => v.default)?.version).toBe(cfg.defaultClusterVersion!.replace(/-gke.*$/, ""));
    expect(versions.some((v) => !v.active)).toBe(true); // node-only versions
  });

  it("answers NOT_FOUND / INVALID_ARGUMENT in Google's error shape, mapped to kinds", async () => {
    const a = adapter();
    expect((await providerError(a.getCluster("us-central1", "us-central1/nope"))).kind).toBe("not_found");
    const e = await providerError(a.listVersions("mars-north1"));
    expect(e.kind).toBe("invalid");
  });
});

describe("lifecycles through the SDK", () => {
  it("creates (PROVISIONING → RUNNING, operation RUNNING → DONE), upgrades (RECONCILING), manages node pools and deletes (STOPPING)", async () => {
    const a = adapter();
    const c = client();
    const name = "contract-life";
    const h = await a.createCluster("europe-west1", { name, location: "europe-west1", releaseChannel: "STABLE", nodePools: [{ name: "default-pool", machineType: "e2-standard-4", nodeCount: 1 }] });
    expect(h.externalId).toBe(`europe-west1/${name}`);
    expect(h.providerRequestId).toMatch(/^operation-/);
    let cl = await a.getCluster(h.scope, h.externalId);
    expect(cl.providerStatus).toBe("PROVISIONING");
    expect(cl.status).toBe("provisioning");
    let op = await a.operation(h.scope, h.providerRequestId!);
    expect(op.status).toBe("RUNNING");
    expect(op.operationType).toBe("CREATE_CLUSTER");
    // a second mutation while one runs is a conflict (FAILED_PRECONDITION)
    expect((await providerError(a.upgradeCluster(h.scope, h.externalId, "1.36"))).kind).toBe("conflict");
    await advance(10 * MINUTE);
    op = await a.operation(h.scope, h.providerRequestId!);
    expect(op.status).toBe("DONE");
    expect(op.endTime).toBeTruthy();
    cl = await a.getCluster(h.scope, h.externalId);
    expect(cl.status).toBe("running");
    expect(cl.nodeCount).toBe(3); // one node per zone, three zones
    expect(cl.nodePools[0].nodeCount).toBe(3);
    expect((cl.raw as { releaseChannel: string }).releaseChannel).toBe("STABLE");

    // duplicate names are a conflict (ALREADY_EXISTS)
    expect((await providerError(a.createCluster("europe-west1", { name, location: "europe-west1", nodePools: [{ name: "p", machineType: "e2-standard-4", nodeCount: 1 }] }))).kind).toBe("conflict");

    // rules: skipping a minor and leaving the channel are refused by GKE, with its reason
    expect(cl.version).toMatch(/^1\.35\./);
    const skip = await providerError(a.upgradeCluster(h.scope, h.externalId, "1.37"));
    expect(skip.kind).toBe("invalid");
    expect(skip.message).toMatch(/not available in release channel STABLE/);
    const options = definition.upgradeOptions({ cluster: cl, versions: await a.listVersions(h.scope), operationRunning: false });
    const target = options.find((o) => o.allowed)!;
    expect(options.find((o) => o.version.startsWith("1.37"))?.reason).toMatch(/one minor version at a time|STABLE/);

    const up = await a.upgradeCluster(h.scope, h.externalId, target.version);
    op = await a.operation(h.scope, up.providerRequestId!);
    expect(op.operationType).toBe("UPGRADE_MASTER");
    expect((await a.getCluster(h.scope, h.externalId)).providerStatus).toBe("RECONCILING");
    await advance(15 * MINUTE);
    cl = await a.getCluster(h.scope, h.externalId);
    expect(cl.version).toBe(target.version);

    // node pools: create, resize (per zone), autoscale, upgrade nodes, delete
    const np = await a.createNodePool(h.scope, h.externalId, { name: "batch", machineType: "n2-standard-4", nodeCount: 1 });
    expect((await a.operation(h.scope, np.providerRequestId!)).operationType).toBe("CREATE_NODE_POOL");
    await advance(5 * MINUTE);
    expect((await providerError(a.updateNodePool(h.scope, h.externalId, "batch", { nodeCount: 4 }))).kind).toBe("invalid"); // not a multiple of 3 zones
    const rs = await a.updateNodePool(h.scope, h.externalId, "batch", { nodeCount: 6 });
    expect((await a.operation(h.scope, rs.providerRequestId!)).operationType).toBe("SET_NODE_POOL_SIZE");
    await advance(5 * MINUTE);
    cl = await a.getCluster(h.scope, h.externalId);
    // sizes come from the pools' instance groups (Compute Engine), not from GKE's initialNodeCount
    expect(cl.nodePools.find((p) => p.name === "batch")?.nodeCount).toBe(6);
    expect(cl.nodePools.find((p) => p.name === "default-pool")?.nodeCount).toBe(3);
    expect(cl.nodeCount).toBe(9);
    await a.updateNodePool(h.scope, h.externalId, "batch", { autoscaling: true, minNodes: 3, maxNodes: 9 });
    await advance(5 * MINUTE);
    cl = await a.getCluster(h.scope, h.externalId);
    expect(cl.nodePools.find((p) => p.name === "batch")).toMatchObject({ autoscaling: true, minNodes: 3, maxNodes: 9 });
    const newer = (await c.getCluster(h.scope, name)).currentMasterVersion!;
    const nodeUp = await a.upgradeNodePool(h.scope, h.externalId, "default-pool", newer);
    expect((await a.operation(h.scope, nodeUp.providerRequestId!)).operationType).toBe("UPGRADE_NODES");
    await advance(10 * MINUTE);
    expect((await c.getCluster(h.scope, name)).nodePools?.find((p) => p.name === "default-pool")?.version).toBe(newer);
    const del = await a.deleteNodePool(h.scope, h.externalId, "batch");
    expect((await a.operation(h.scope, del.providerRequestId!)).operationType).toBe("DELETE_NODE_POOL");
    await advance(5 * MINUTE);
    expect((await a.getCluster(h.scope, h.externalId)).nodePools.map((p) => p.name)).toEqual(["default-pool"]);

    const gone = await a.deleteCluster(h.scope, h.externalId);
    expect((await a.getCluster(h.scope, h.externalId)).providerStatus).toBe("STOPPING");
    expect((await a.operation(h.scope, gone.providerRequestId!)).operationType).toBe("DELETE_CLUSTER");
    await advance(10 * MINUTE);
    expect((await providerError(a.getCluster(h.scope, h.externalId))).kind).toBe("not_found");
  });

  it("refuses a control-plane upgrade that would leave nodes more than two minors behind (FAILED_PRECONDITION)", async () => {
    const a = adapter();
    const lagging = (await a.listClusters("europe-west1")).find((c) => c.nodePools.some((p) => p.version?.startsWith("1.32")) && c.version?.startsWith("1.34"))!;
    expect(lagging).toBeTruthy();
    const e = await providerError(a.upgradeCluster(lagging.scope, lagging.externalId, "1.35"));
    expect(e.kind).toBe("conflict");
    expect(e.message).toMatch(/Upgrade the node pool first/);
    const opts = definition.upgradeOptions({ cluster: lagging, versions: await a.listVersions(lagging.scope), operationRunning: false });
    expect(opts.find((o) => o.version.startsWith("1.35"))?.reason).toMatch(/node pool default-pool runs 1\.32/);
  });

  it("a create that fails ends in ERROR with the operation's error", async () => {
    await admin("POST", "/fail-next-creates", { count: 1 });
    const a = adapter();
    const h = await a.createCluster("us-east1-b", { name: "contract-stockout", location: "us-east1-b", nodePools: [{ name: "p", machineType: "e2-medium", nodeCount: 1 }] });
    await advance(10 * MINUTE);
    expect((await a.getCluster(h.scope, h.externalId)).status).toBe("failed");
    const op = await a.operation(h.scope, h.providerRequestId!);
    expect(op.error?.message).toMatch(/GCE_STOCKOUT/);
  });
});

describe("transport", () => {
  it("the real endpoint keeps Google's token URL; only an overridden endpoint gets <base>/token", () => {
    expect(endpointOf("https://container.googleapis.com")).toEqual({ protocol: "https", host: "container.googleapis.com", port: 443, tokenUrl: GOOGLE_TOKEN_URL });
    expect(endpointOf("http://127.0.0.1:4106")).toEqual({ protocol: "http", host: "127.0.0.1", port: 4106, tokenUrl: "http://127.0.0.1:4106/token" });
    expect(() => endpointOf("ftp://example.com")).toThrow(/http\(s\) URL/);
  });

  it("sends every SDK request (token exchange included) through the guarded agents and reports each call", async () => {
    const calls: ProviderCallInfo[] = [];
    const agents = createGuardedAgents();
    // loopback is not allowed yet: the agents refuse at socket open
    const blocked = await providerError(adapter({ agents, onCall: (i) => calls.push(i) }).listClusters());
    expect(blocked.kind).toBe("forbidden");
    expect(blocked.message).toMatch(/ALLOWED_PROVIDER_HOSTS/);
    allowProviderHosts([new URL(sim.url).host]);
    const clusters = await adapter({ agents: createGuardedAgents(), onCall: (i) => calls.push(i) }).listClusters();
    expect(clusters.length).toBeGreaterThan(5);
    expect(calls.some((c) => c.operation === "listClusters" && c.outcome === "ok")).toBe(true);
    expect(calls.some((c) => c.outcome === "forbidden")).toBe(true);
  });

  it("reuses an access token across adapters, and exchanges a fresh one when the API stops accepting it", async () => {
    await adapter().listScopes(); // the token exchange happens (or happened) once for this key
    await admin("PUT", "/faults", { errorRates: { "503": 1 }, retryAfterSeconds: 0, pathPattern: "^/token$" });
    expect((await adapter().listClusters()).length).toBeGreaterThan(5); // no token exchange needed
    await admin("PUT", "/faults", {});
    // the simulator forgets its tokens (as a revocation would): one 401, then a new exchange, same call
    await admin("POST", "/reset");
    expect((await adapter().listClusters()).length).toBeGreaterThan(5);
  });

  it("honours Retry-After on 429 and retries reads through 503s", async () => {
    await admin("PUT", "/faults", { errorRates: { "429": 1 }, retryAfterSeconds: 30 });
    const e = await providerError(adapter().listClusters());
    expect(e.kind).toBe("rate_limited");
    expect(e.retryAfterMs).toBe(30_000);
    await admin("PUT", "/faults", { errorRates: { "503": 1 }, retryAfterSeconds: 0, pathPattern: "^/v1/" });
    const calls: ProviderCallInfo[] = [];
    const u = await providerError(adapter({ onCall: (i) => calls.push(i) }).listClusters());
    expect(u.kind).toBe("unavailable");
    expect(calls.at(-1)?.attempts).toBe(3);
    await admin("PUT", "/faults", {});
  });
});
