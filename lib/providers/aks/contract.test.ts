/**
 * Contract: the official Azure SDK (@azure/arm-containerservice, @azure/identity, @azure/core-rest-pipeline),
 * unmodified, against the AKS simulator over real HTTPS, for every call the adapter makes, incl. auth
 * failures and long-running operations polled the way the SDK polls them (Azure-AsyncOperation).
 */
import https from "node:https";
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowProviderHosts } from "@/lib/connections/outbound";
import { createGuardedAgents, trustProviderCAs } from "@/lib/connections/outbound-agent";
import { simulator } from "@/simulators/aks";
import { SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulatorTls } from "@/simulators/kit/tls";
import { ProviderError } from "../types";
import { AksAdapter } from "./adapter";
import { clearAzureCaches } from "./client";
import { guardedHttpClient } from "./transport";

const tls = simulatorTls();
const creds = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv) as { tenantId: string; clientId: string; clientSecret: string; subscriptionId: string };
let sim: RunningSimulator;
let clock: SimClock;
const agent = new https.Agent({ ca: tls.ca, keepAlive: true });
const httpClient = guardedHttpClient({ agents: { http: agent, https: agent }, maxResponseBytes: 8 * 1024 * 1024 });
const common = { httpClient, retryOptions: { maxRetries: 0 } };
const POLL = { updateIntervalInMs: 20 };

function credential(over: Partial<typeof creds> = {}) {
  const c = { ...creds, ...over };
  return new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, { ...common, authorityHost: sim.url, disableInstanceDiscovery: true });
}
function sdk(over: Partial<typeof creds> = {}) {
  return new ContainerServiceClient(credential(over), over.subscriptionId ?? creds.subscriptionId, { ...common, endpoint: sim.url, credentials: { scopes: [`${sim.url}/.default`] } });
}
/** a raw HTTPS request to the simulator (for what the SDK never sends: no token, no api-version) */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, sim.url), { method, headers, ca: tls.ca }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
async function admin(method: string, path: string, body: unknown) {
  return raw(method, `/__sim${path}`, { "Content-Type": "application/json" }, JSON.stringify(body));
}
async function rejection(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string; name: string; details?: unknown }> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e, "expected the SDK call to fail").toBeTruthy();
  return e as never;
}
const RG = "rg-platform-prod";
const cluster = (name: string, version: string, over: Partial<ManagedCluster> = {}): ManagedCluster => ({
  location: "westeurope",
  sku: { name: "Base", tier: "Free" },
  identity: { type: "SystemAssigned" },
  kubernetesVersion: version,
  dnsPrefix: `${name}-dns`,
  agentPoolProfiles: [{ name: "system", mode: "System", count: 2, vmSize: "Standard_D4s_v5", osType: "Linux" }],
  ...over,
});

beforeAll(async () => {
  clock = new SimClock(600);
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials: creds }), clock, { port: 0, seed: "contract", tls });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await admin("POST", "/reset", {});
});

describe("Microsoft Entra ID (ClientSecretCredential through MSAL)", () => {
  it("serves the tenant's OpenID metadata and issues a token for the client secret", async () => {
    const meta = await raw("GET", `/${creds.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(meta.status).toBe(200);
    expect((meta.json as { token_endpoint: string }).token_endpoint).toBe(`${sim.url}/${creds.tenantId}/oauth2/v2.0/token`);
    const t = await credential().getToken(`${sim.url}/.default`);
    expect(t?.token.split(".")).toHaveLength(3);
    expect(t!.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  it("refuses a wrong secret, an unknown client and an unknown tenant with AADSTS errors", async () => {
    expect((await rejection(credential({ clientSecret: "wrong" }).getToken(`${sim.url}/.default`))).message).toMatch(/invalid_client[\s\S]*AADSTS7000215/);
    expect((await rejection(credential({ clientId: "00000000-0000-4000-8000-000000000001" }).getToken(`${sim.url}/.default`))).message).toMatch(/AADSTS700016/);
    // MSAL reads the tenant's OpenID metadata first; Entra answers 400 AADSTS90002 for an unknown tenant
    const meta = await raw("GET", "/00000000-0000-4000-8000-000000000002/v2.0/.well-known/openid-configuration");
    expect(meta.status).toBe(400);
    expect(String((meta.json as { error_description: string }).error_description)).toMatch(/^AADSTS90002: Tenant/);
    expect((await rejection(credential({ tenantId: "00000000-0000-4000-8000-000000000002" }).getToken(`${sim.url}/.default`))).message).toMatch(/endpoints_resolution_error/);
  });

  it("the adapter reports each of these as unauthorized without echoing a credential", async () => {
    trustProviderCAs([tls.ca]);
    allowProviderHosts([`127.0.0.1:${sim.port}`]);
    const overrides: Partial<typeof creds>[] = [{ clientSecret: "wrong-secret-value" }, { clientId: "00000000-0000-4000-8000-000000000001" }, { tenantId: "00000000-0000-4000-8000-000000000002" }];
    for (const over of overrides) {
      const bad: Record<string, string> = { ...creds, ...over } as Record<string, string>;
      const err = await new AksAdapter({ baseUrl: sim.url, credentials: bad, http: { maxAttempts: 1 } }).listClusters().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).kind).toBe("unauthorized");
      for (const v of Object.values(bad)) expect((err as ProviderError).message).not.toContain(v);
    }
  });

  it("answers the raw token endpoint in Entra's OAuth error format", async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: creds.clientId, client_secret: "nope", scope: `${sim.url}/.default` }).toString();
    const r = await raw("POST", `/${creds.tenantId}/oauth2/v2.0/token`, { "Content-Type": "application/x-www-form-urlencoded" }, form);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
  });
});

describe("Azure Resource Manager front door", () => {
  const path = `/subscriptions/${creds.subscriptionId}/providers/Microsoft.ContainerService/managedClusters`;
  it("answers 401 AuthenticationFailed without a bearer token and InvalidAuthenticationToken for a bad one", async () => {
    const none = await raw("GET", `${path}?api-version=2026-04-01`);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: { code: "AuthenticationFailed", message: expect.stringMatching(/Authorization' header is missing/) } });
    expect(String(none.headers["www-authenticate"])).toMatch(/^Bearer /);
    const bad = await raw("GET", `${path}?api-version=2026-04-01`, { Authorization: "Bearer not.a.token" });
    expect(bad.status).toBe(401);
    expect((bad.json as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
  });

  it("answers 400 MissingApiVersionParameter without api-version", async () => {
    const t = await credential().getToken(`${sim.url}/.default`);
    const r = await raw("GET", path, { Authorization: `Bearer ${t!.token}` });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: { code: "MissingApiVersionParameter", message: expect.any(String) } });
  });

  it("serves ARM's cloud metadata naming the sign-in endpoint and audience", async () => {
    const r = await raw("GET", "/metadata/endpoints?api-version=2015-01-01");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ authentication: { loginEndpoint: `${sim.url}/`, audiences: [`${sim.url}/`] } });
  });

  it("answers 404 SubscriptionNotFound for another subscription and 403 AuthorizationFailed for a read-only client's writes", async () => {
    const other = await rejection(sdk({ subscriptionId: "00000000-0000-4000-8000-0000000000ff" }).managedClusters.get(RG, "x"));
    expect(other.statusCode).toBe(404);
    expect(other.code).toBe("SubscriptionNotFound");
    await admin("POST", "/read-only-clients", { clientId: creds.clientId });
    const denied = await rejection(sdk().managedClusters.beginCreateOrUpdate(RG, "ro-test", cluster("ro-test", "1.35")));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe("AuthorizationFailed");
  });
});

describe("simulated time", () => {
  it("tokens stay valid in wall-clock time while the simulated clock runs ahead (the SDK caches them for their real lifetime)", async () => {
    const client = sdk();
    const first: ManagedCluster[] = [];
    for await (const c of client.managedClusters.list()) first.push(c);
    await admin("POST", "/clock", { advanceMs: 3 * 3600_000 });
    const again: ManagedCluster[] = [];
    for await (const c of client.managedClusters.list()) again.push(c);
    expect(again.length).toBe(first.length);
  });
});

describe("managed clusters", () => {
  it("lists every cluster across nextLink pages, reads one and its upgrade profile, 404s an unknown one", async () => {
    await admin("PUT", "/config", { pageSize: 4 });
    const client = sdk();
    const all: ManagedCluster[] = [];
    for await (const c of client.managedClusters.list()) all.push(c);
    const state = (await raw("GET", "/__sim/state")).json as { clusters: number };
    expect(all.length).toBe(state.clusters);
    expect(all.length).toBeGreaterThan(4);
    const states = new Set(all.map((c) => c.provisioningState));
    for (const s of ["Succeeded", "Failed", "Upgrading", "Scaling", "Creating"]) expect(states).toContain(s);
    const first = all[0];
    const rg = /resourcegroups\/([^/]+)/.exec(first.id!)![1];
    const one = await client.managedClusters.get(rg, first.name!);
    expect(one.id).toBe(first.id);
    expect(one.agentPoolProfiles?.length).toBeGreaterThan(0);
    expect(one.powerState?.code).toMatch(/Running|Stopped/);
    const profile = await client.managedClusters.getUpgradeProfile(rg, first.name!);
    expect(profile.controlPlaneProfile.kubernetesVersion).toBe(one.currentKubernetesVersion);
    const missing = await rejection(client.managedClusters.get(rg, "does-not-exist"));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("ResourceNotFound");
  });

  it("lists Kubernetes versions with patch versions, upgrade paths and support plans", async () => {
    const res = await sdk().managedClusters.listKubernetesVersions("westeurope");
    expect(res.values?.length).toBeGreaterThan(3);
    const def = res.values!.find((v) => v.isDefault)!;
    expect(def.version).toMatch(/^\d+\.\d+$/);
    const [patch, { upgrades }] = Object.entries(def.patchVersions!)[0];
    expect(patch.startsWith(def.version!)).toBe(true);
    // never more than one minor ahead
    for (const u of upgrades ?? []) expect(Number(u.split(".")[1]) - Number(def.version!.split(".")[1])).toBeLessThanOrEqual(1);
    expect(res.values!.some((v) => v.capabilities?.supportPlan?.includes("AKSLongTermSupport"))).toBe(true);
  });

  it("creates (201 + Azure-AsyncOperation, polled to Succeeded), refuses a second create with If-None-Match, upgrades one minor and deletes", async () => {
    const client = sdk();
    const created = await client.managedClusters.beginCreateOrUpdateAndWait(RG, "contract-a", cluster("contract-a", "1.34"), { ...POLL, ifNoneMatch: "*" });
    expect(created.provisioningState).toBe("Succeeded");
    expect(created.currentKubernetesVersion).toMatch(/^1\.34\.\d+$/);
    const again = await rejection(client.managedClusters.beginCreateOrUpdate(RG, "contract-a", cluster("contract-a", "1.34"), { ifNoneMatch: "*" }));
    expect(again.statusCode).toBe(412);

    const skip = await rejection(client.managedClusters.beginCreateOrUpdate(RG, "contract-a", { ...created, kubernetesVersion: "1.36" }));
    expect(skip.statusCode).toBe(400);
    expect(skip.code).toBe("UpgradeNotAllowed");
    const upgraded = await client.managedClusters.beginCreateOrUpdateAndWait(RG, "contract-a", { ...created, kubernetesVersion: "1.35", agentPoolProfiles: created.agentPoolProfiles!.map((p) => ({ ...p, orchestratorVersion: "1.35" })) }, { ...POLL, ifMatch: created.eTag });
    expect(upgraded.currentKubernetesVersion).toMatch(/^1\.35\./);
    expect(upgraded.agentPoolProfiles![0].currentOrchestratorVersion).toMatch(/^1\.35\./);

    await client.managedClusters.beginDeleteAndWait(RG, "contract-a", POLL);
    expect((await rejection(client.managedClusters.get(RG, "contract-a"))).statusCode).toBe(404);
    // ARM deletes are idempotent
    await client.managedClusters.beginDeleteAndWait(RG, "contract-a", POLL);
  });

  it("reports a failed create through the operation status the SDK polls", async () => {
    await admin("POST", "/fail-next-creates", { count: 1 });
    const err = await rejection(sdk().managedClusters.beginCreateOrUpdateAndWait(RG, "contract-fail", cluster("contract-fail", "1.35"), POLL));
    expect(err.message).toMatch(/VMExtensionProvisioningError|outbound connection/);
    expect((await sdk().managedClusters.get(RG, "contract-fail")).provisioningState).toBe("Failed");
  });

  it("validates create input with ARM error codes", async () => {
    const c = sdk();
    expect((await rejection(c.managedClusters.beginCreateOrUpdate("rg-missing", "x1", cluster("x1", "1.35")))).code).toBe("ResourceGroupNotFound");
    expect((await rejection(c.managedClusters.beginCreateOrUpdate(RG, "x2", cluster("x2", "1.20")))).code).toBe("K8sVersionNotSupported");
    expect((await rejection(c.managedClusters.beginCreateOrUpdate(RG, "x3", cluster("x3", "1.35", { location: "mars" })))).code).toBe("LocationNotAvailableForResourceType");
    expect((await rejection(c.managedClusters.beginCreateOrUpdate(RG, "x4", cluster("x4", "1.35", { agentPoolProfiles: [{ name: "Bad-Name", mode: "System", count: 1, vmSize: "Standard_D4s_v5" }] })))).code).toBe("InvalidParameter");
  });
});

describe("agent pools", () => {
  it("adds, scales and deletes a pool (each a polled LRO); refuses removing the last System pool", async () => {
    const c = sdk();
    await c.managedClusters.beginCreateOrUpdateAndWait(RG, "contract-pools", cluster("contract-pools", "1.35"), POLL);
    const added = await c.agentPools.beginCreateOrUpdateAndWait(RG, "contract-pools", "apps", { count: 2, vmSize: "Standard_D8s_v5", mode: "User", osType: "Linux" }, POLL);
    expect(added.provisioningState).toBe("Succeeded");
    expect(added.currentOrchestratorVersion).toMatch(/^1\.35\./);
    const pools = [];
    for await (const p of c.agentPools.list(RG, "contract-pools")) pools.push(p.name);
    expect(pools.sort()).toEqual(["apps", "system"]);
    const current = await c.agentPools.get(RG, "contract-pools", "apps");
    const scaled = await c.agentPools.beginCreateOrUpdateAndWait(RG, "contract-pools", "apps", { ...current, count: 5 }, { ...POLL, ifMatch: current.eTag });
    expect(scaled.count).toBe(5);
    const stale = await rejection(c.agentPools.beginCreateOrUpdate(RG, "contract-pools", "apps", { ...current, count: 6 }, { ifMatch: current.eTag }));
    expect(stale.statusCode).toBe(412);
    const last = await rejection(c.agentPools.beginDelete(RG, "contract-pools", "system"));
    expect(last.statusCode).toBe(400);
    await c.agentPools.beginDeleteAndWait(RG, "contract-pools", "apps", POLL);
    expect((await rejection(c.agentPools.get(RG, "contract-pools", "apps"))).statusCode).toBe(404);
  });

  it("keeps agent pools within the allowed skew of the control plane", async () => {
    const c = sdk();
    await c.managedClusters.beginCreateOrUpdateAndWait(RG, "contract-skew", cluster("contract-skew", "1.35"), POLL);
    const ahead = await rejection(c.agentPools.beginCreateOrUpdate(RG, "contract-skew", "ahead", { count: 1, vmSize: "Standard_D4s_v5", orchestratorVersion: "1.36" }));
    expect(ahead.code).toBe("NodePoolMcVersionIncompatible");
  });
});

describe("the adapter over the guarded agents", () => {
  it("reaches the simulator only through config.http.agents (a loopback name not allowed is refused)", async () => {
    clearAzureCaches();
    trustProviderCAs([tls.ca]);
    allowProviderHosts([`127.0.0.1:${sim.port}`]);
    const calls: string[] = [];
    const ok = new AksAdapter({ baseUrl: sim.url, credentials: creds, http: { agents: createGuardedAgents(), onCall: (i) => calls.push(`${i.operation}:${i.outcome}`) } });
    expect((await ok.listClusters()).length).toBeGreaterThan(5);
    expect(calls).toContain("listClusters:ok");
    const blocked = new AksAdapter({ baseUrl: `https://localhost:${sim.port}`, credentials: creds, http: { agents: createGuardedAgents(), maxAttempts: 1 } });
    const err = await blocked.listClusters().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe("forbidden");
  });
});
