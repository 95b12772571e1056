/**
 * NKS wire contract over real HTTP against simulators/nks: exact status codes and DRF/Knox bodies,
 * every adapter operation, error-kind mapping and full lifecycles at fast simulated time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { NO_FAULTS, type FaultConfig } from "@/simulators/kit/faults";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/nks";
import { PROVIDERS as SIM_PROVIDERS, VERSIONS as SIM_VERSIONS } from "@/simulators/nks/catalog";
import { ProviderError, type HttpOptions } from "../types";
import { NksAdapter } from "./adapter";
import { definition } from ".";

// raw wire JSON is checked field by field below
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TOKEN = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv).token;
const FAST: Partial<HttpOptions> = { timeoutMs: 1_000, backoffBaseMs: 5, backoffMaxMs: 50, budgetMs: 4_000, maxAttempts: 3 };

let sim: RunningSimulator;
let clock: SimClock;

beforeAll(async () => {
  clock = new SimClock(1);
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials: { token: TOKEN } }), clock, { port: 0, seed: "contract", faults: NO_FAULTS });
});
afterAll(() => sim?.close());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
});

const adapter = (token = TOKEN, url = sim.url, http: Partial<HttpOptions> = FAST) => new NksAdapter({ baseUrl: url, credentials: { token }, http });

async function raw(method: string, path: string, opts: { body?: unknown; rawBody?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "contract-test" };
  if (opts.auth !== null) headers.Authorization = opts.auth ?? `Bearer ${TOKEN}`;
  const res = await fetch(`${sim.url}${path}`, { method, headers, body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const advance = (ms: number) => fetch(`${sim.url}/__sim/clock`, { method: "POST", body: JSON.stringify({ advanceMs: ms }) });

async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

async function createInput(a: NksAdapter, scope: string, name: string, provider = "aws") {
  const ctx = { scope, provider };
  const [keyset] = await a.listOptions("providerKeysets", ctx);
  const [ssh] = await a.listOptions("sshKeysets", ctx);
  const [region] = await a.listOptions("regions", ctx);
  const zones = await a.listOptions("zones", { ...ctx, region: region.value });
  const sizes = await a.listOptions("instanceSizes", ctx);
  return { name, provider, providerKeyset: keyset.value, sshKeyset: ssh.value, region: region.value, zone: zones[0]?.value, version: "1.36.2", masterSize: sizes[0].value, workerSize: sizes[1].value, workerCount: 2 };
}

async function runningCluster(a: NksAdapter, name: string) {
  const h = await a.createCluster("41", await createInput(a, "41", name));
  await advance(8 * MINUTE);
  expect((await a.getCluster("41", h.externalId)).status).toBe("running");
  return h.externalId;
}

describe("Knox token authentication", () => {
  it("answers 401 with the exact Knox/DRF messages and a Bearer challenge", async () => {
    const none = await raw("GET", "/orgs", { auth: null });
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ detail: "Authentication credentials were not provided." });
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect((await raw("GET", "/orgs", { auth: "Bearer" })).json).toEqual({ detail: "Invalid token header. No credentials provided." });
    expect((await raw("GET", "/orgs", { auth: "Bearer abc def" })).json).toEqual({ detail: "Invalid token header. Token string should not contain spaces." });
    expect((await raw("GET", "/orgs", { auth: "Bearer nope" })).json).toEqual({ detail: "Invalid token." });
    expect((await raw("GET", "/orgs", { auth: `Token ${TOKEN}` })).json).toEqual({ detail: "Authentication credentials were not provided." });
    expect((await raw("GET", "/orgs", { auth: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it("maps 401 to unauthorized without echoing the token", async () => {
    const bad = "nks-wrong-token-aaaabbbbccccdddd";
    const e = await providerError(adapter(bad).listScopes());
    expect(e.kind).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.message).toBe("Invalid token.");
    expect(JSON.stringify(e) + e.message).not.toContain(bad);
  });

  it("authenticates before reporting 405 or a JSON parse error", async () => {
    const [c] = (await raw("GET", "/orgs/41/clusters")).json;
    expect((await raw("PUT", `/orgs/41/clusters/${c.pk}`, { auth: null, body: {} })).status).toBe(401);
    expect((await raw("POST", "/orgs/41/clusters", { auth: null, rawBody: "{bad" })).status).toBe(401);
  });
});

describe("users, organizations and scopes", () => {
  it("serves bare arrays and the documented user shapes, with or without a trailing slash", async () => {
    const orgs = await raw("GET", "/orgs");
    expect(orgs.status).toBe(200);
    expect(Array.isArray(orgs.json)).toBe(true);
    expect(orgs.json.map((o: Json) => o.pk)).toEqual([41, 42, 57]);
    expect((await raw("GET", "/orgs/")).json).toEqual(orgs.json);
    const profile = await raw("GET", "/userprofile");
    expect(profile.json).toHaveLength(1);
    expect(profile.json[0].org_memberships.find((m: Json) => m.is_default).org.pk).toBe(41);
    const user = await raw("GET", "/rest-auth/user/");
    expect(user.json.username).toBe(profile.json[0].username);
    expect(Array.isArray(user.json)).toBe(false);
  });

  it("refuses non-owned orgs with 403 and hides foreign ones with 404", async () => {
    expect(await raw("GET", "/orgs/57/clusters").then((r) => [r.status, r.json])).toEqual([403, { detail: "You do not have permission to perform this action." }]);
    expect((await raw("GET", "/orgs/57")).status).toBe(200);
    expect(await raw("GET", "/orgs/99/clusters").then((r) => [r.status, r.json])).toEqual([404, { detail: "Not found." }]);
    expect((await raw("GET", "/orgs/abc/clusters")).status).toBe(404);
    const e = await providerError(adapter().listClusters("57"));
    expect(e.kind).toBe("forbidden");
    expect((await providerError(adapter().getCluster("99", "1"))).kind).toBe("not_found");
  });

  it("lists scopes default-first and summarises the connection", async () => {
    const a = adapter();
    const scopes = await a.listScopes();
    expect(scopes.map((s) => s.externalId)).toEqual(["41", "42", "57"]);
    expect(scopes.every((s) => s.kind === "org")).toBe(true);
    expect((scopes[2].raw as Json).owner).toBe(false);
    const t = await a.testConnection();
    expect(t.scopes).toBe(3);
    expect(t.clusters).toBe(30);
    expect(t.summary).toMatch(/3 organizations, 30 clusters \(1 organization not owned/);
  });

  it("lists clusters of owned orgs only, hides service clusters unless asked, and maps them", async () => {
    const a = adapter();
    const all = await a.listClusters();
    expect(all).toHaveLength(30);
    expect(new Set(all.map((c) => c.scope))).toEqual(new Set(["41", "42"]));
    expect(all.find((c) => c.name === "nks-service-cluster")).toBeUndefined();
    const withSvc = await raw("GET", "/orgs/41/clusters?include_service_clusters=true");
    expect(withSvc.json.some((c: Json) => c.name === "nks-service-cluster")).toBe(true);
    const failed = all.find((c) => c.status === "failed")!;
    expect(failed.providerStatus).toBe("failed");
    expect(all.find((c) => c.status === "upgrading")!.providerStatus).toBe("upgrading");
    const running = all.find((c) => c.status === "running" && c.nodePools.length > 1)!;
    expect(running.nodePools[0]).toMatchObject({ name: "Default Worker Pool", status: "active" });
    expect(running.nodeCount).toBeGreaterThanOrEqual(running.nodePools.reduce((n, p) => n + p.nodeCount, 0));
    expect(running.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(running.upgradeTargets!.every((v) => !v.startsWith("v"))).toBe(true);
    expect(all.find((c) => c.nodePools.some((p) => p.autoscaling))!.nodePools.find((p) => p.autoscaling)).toMatchObject({ minNodes: 2, maxNodes: 8 });
  });

  it("builds a version catalogue from the offered table and what clusters report", async () => {
    const versions = await adapter().listVersions("41");
    const v = (s: string) => versions.find((x) => x.version === s);
    expect(v("1.36.2")).toMatchObject({ active: true, default: true, eol: "2027-06-28" });
    const clusters = (await raw("GET", "/orgs/41/clusters")).json;
    const migrations = new Set(clusters.flatMap((c: Json) => c.version_migrations.map((m: string) => m.slice(1))));
    const offered = new Set(["1.13.1", "1.13.2", "1.14.3", "1.15.5", "1.35.1", "1.35.4", "1.36.0", "1.36.2", "1.37.0"]);
    for (const c of clusters) expect(v(c.k8s_version.slice(1))).toBeDefined();
    for (const x of versions) expect(x.active).toBe(offered.has(x.version) || migrations.has(x.version));
    expect(versions.some((x) => !x.active)).toBe(true);
    expect(v("1.33.7")?.eol).toBe("2026-06-28");
    expect(versions.map((x) => x.version)).toEqual([...versions.map((x) => x.version)].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  });
});

describe("wizard options", () => {
  it("loads keysets, sizes, regions, zones, platforms, workspaces and versions", async () => {
    const a = adapter();
    expect((await a.listOptions("providerKeysets", { scope: "41", provider: "gke" })).map((o) => o.label)).toEqual(["GCE creds (gce)"]);
    expect((await a.listOptions("sshKeysets", { scope: "41" }))[0].label).toBe("Default SSH Keypair (default)");
    const sizes = await a.listOptions("instanceSizes", { provider: "aws" });
    expect(sizes.find((s) => s.value === "t2.large")!.label).toBe("t2.large — 2 vCPU, 8 GB");
    expect(await a.listOptions("zones", { provider: "aws", region: "us-east-2" })).toHaveLength(3);
    expect(await a.listOptions("zones", { provider: "gce", region: "us-west1-a" })).toEqual([]);
    expect((await a.listOptions("channels", { provider: "eks" })).map((o) => o.value)).toEqual(["v2"]);
    expect((await a.listOptions("workspaces", { scope: "41" })).map((o) => o.label)).toEqual(["Default (default)", "Data Platform"]);
    expect((await a.listOptions("versions", {}))[0].value).toBe("1.37.0");
    expect((await providerError(a.listOptions("regions", {}))).kind).toBe("invalid");
    expect((await providerError(a.listOptions("nope", {}))).kind).toBe("invalid");
  });

  it("offers every region, zone and version the simulated service takes, and no other (issue 19 items 3, 6)", async () => {
    const a = adapter();
    for (const code of Object.keys(SIM_PROVIDERS)) {
      const regions = (await a.listOptions("regions", { provider: code })).map((o) => o.value);
      expect(regions, code).toEqual(SIM_PROVIDERS[code].regions);
    }
    expect((await a.listOptions("regions", { provider: "aws" })).map((o) => o.value)).toContain("eu-west-2");
    const offered = (await a.listOptions("versions", {})).map((o) => `v${o.value}`).sort();
    expect(offered).toEqual(SIM_VERSIONS.filter((v) => v.available).map((v) => v.version).sort());
  });

  it("offers the historical versions the SDK creates, marked past end of life, with upstream EOL dates (issue 19 item 6)", async () => {
    const a = adapter();
    const options = await a.listOptions("versions", {});
    expect(options.find((o) => o.value === "1.15.5")?.label).toBe("1.15.5 (past end of life)");
    expect(options.find((o) => o.value === "1.13.1")?.label).toBe("1.13.1 (past end of life)");
    expect(options.find((o) => o.value === "1.36.2")?.label).toBe("1.36.2 (default)");
    const versions = await a.listVersions("41");
    expect(versions.find((v) => v.version === "1.15.5")).toMatchObject({ active: true, eol: "2020-05-06" });
    expect(versions.find((v) => v.version === "1.13.1")).toMatchObject({ active: true, eol: "2019-10-15" });
    const h = await a.createCluster("41", { ...(await createInput(a, "41", "sdk-era")), version: "1.15.5" });
    expect(h.cluster).toMatchObject({ version: "1.15.5" });
  });

  it("serves the instance catalogue keyed by size name", async () => {
    const r = await raw("GET", "/meta/provider-instances?provider=aws");
    expect(r.json).toHaveLength(1);
    // NKS's own numbers as the SDK recorded them (2 CPUs where AWS lists 4; docs/providers/nks.md §5.5)
    expect(r.json[0].config["p2.xlarge"]).toEqual({ name: "p2.xlarge", value: "p2.xlarge", cpu: 2, memory: 61000, gpu: 1 });
    expect((await raw("GET", "/meta/provider-instances?provider=zzz")).json).toEqual({ provider: ['"zzz" is not a valid choice.'] });
  });

  it("accepts every version the wizard offers", async () => {
    const a = adapter();
    const base = await createInput(a, "41", "x");
    for (const v of await a.listOptions("versions", {})) {
      const h = await a.createCluster("41", { ...base, name: `v-${v.value.replace(/\./g, "-")}`, version: v.value });
      expect((await raw("GET", `/orgs/41/clusters/${h.externalId}`)).json.k8s_version).toBe(`v${v.value}`);
    }
  });
});

describe("DRF errors", () => {
  it("answers unknown routes 404, unsupported methods 405 and bad JSON 400", async () => {
    expect(await raw("GET", "/nope").then((r) => [r.status, r.json])).toEqual([404, { detail: "Not found." }]);
    const [c] = (await raw("GET", "/orgs/41/clusters")).json;
    expect(await raw("PATCH", `/orgs/41/clusters/${c.pk}`, { body: {} }).then((r) => [r.status, r.json])).toEqual([405, { detail: 'Method "PATCH" not allowed.' }]);
    expect((await raw("PUT", `/orgs/41/clusters/${c.pk}`, { body: {} })).json).toEqual({ detail: 'Method "PUT" not allowed.' });
    const bad = await raw("POST", "/orgs/41/clusters", { rawBody: '{"name": "x", }' });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/^JSON parse error - .+: line 1 column \d+ \(char \d+\)$/);
    expect((await raw("POST", "/orgs/41/clusters", { body: [1] })).json).toEqual({ non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
  });

  it("validates cluster create with field maps", async () => {
    const empty = await raw("POST", "/orgs/41/clusters", { body: {} });
    expect(empty.status).toBe(400);
    for (const f of ["name", "provider", "provider_keyset", "user_ssh_keyset", "region", "k8s_version"]) expect(empty.json[f]).toEqual(["This field is required."]);
    const body = { name: "ok-name", provider: "aws", provider_keyset: 12, user_ssh_keyset: 16, region: "us-east-2", zone: "us-east-2a", k8s_version: "v1.36.2", master_count: 2, master_size: "t2.medium", worker_count: 1, worker_size: "t2.medium" };
    const r = await raw("POST", "/orgs/41/clusters", { body });
    expect(r.json.worker_count).toEqual(["Ensure this value is greater than or equal to 2."]);
    expect(r.json.master_count[0]).toMatch(/Only one master/);
    const r2 = await raw("POST", "/orgs/41/clusters", { body: { ...body, master_count: 1, worker_count: 2, provider_keyset: 999, zone: "eu-west-1a", k8s_version: "v1.32.9" } });
    expect(r2.json).toEqual({ provider_keyset: ['Invalid pk "999" - object does not exist.'], zone: ['"eu-west-1a" is not a valid choice.'], k8s_version: ['"v1.32.9" is not a valid choice.'] });
    const r3 = await raw("POST", "/orgs/41/clusters", { body: { ...body, master_count: 1, worker_count: 2, provider_keyset: 13 } });
    expect(r3.json.provider_keyset[0]).toMatch(/gce credentials and cannot be used with provider "aws"/);
    const ok = await raw("POST", "/orgs/41/clusters", { body: { ...body, master_count: 1, worker_count: 2 } });
    expect(ok.status).toBe(200);
    const dup = await raw("POST", "/orgs/41/clusters", { body: { ...body, master_count: 1, worker_count: 2 } });
    expect(dup.json).toEqual({ name: ["A cluster with this name already exists in this organization."] });
  });

  it("maps field errors to invalid with fields, both client-side and from the server", async () => {
    const a = adapter();
    const client = await providerError(a.createCluster("41", { ...(await createInput(a, "41", "ok")), workerCount: 1, zone: "" }));
    expect(client.kind).toBe("invalid");
    expect(Object.keys(client.fields!)).toEqual(expect.arrayContaining(["workerCount", "zone"]));
    const server = await providerError(a.client.createCluster("41", { name: "ok", provider: "aws" }));
    expect(server).toMatchObject({ kind: "invalid", status: 400 });
    expect(server.fields!.provider_keyset).toEqual(["This field is required."]);
    expect(server.message).toContain("provider_keyset: This field is required.");
  });

  it("refuses operations on a busy cluster with 409 (conflict)", async () => {
    const a = adapter();
    const h = await a.createCluster("41", await createInput(a, "41", "busy-one"));
    const up = await raw("POST", `/orgs/41/clusters/${h.externalId}/migrate_version`, { body: { version: "v1.37.0" } });
    expect(up.status).toBe(409);
    expect(up.json.detail).toMatch(/state: draft/);
    expect((await providerError(a.upgradeCluster("41", h.externalId, "1.37.0"))).kind).toBe("conflict");
    expect((await raw("POST", `/orgs/41/clusters/${h.externalId}/nodepools`, { body: { name: "p2", instance_size: "t2.large", node_count: 2 } })).status).toBe(409);
    expect((await raw("GET", `/orgs/41/clusters/${h.externalId}/kubeconfig`)).json).toEqual({ detail: "Kubeconfig is not available until the cluster is running." });
  });

  it("refuses versions the cluster does not offer", async () => {
    const a = adapter();
    const id = await runningCluster(a, "offer-check");
    const r = await raw("POST", `/orgs/41/clusters/${id}/migrate_version`, { body: { version: "v1.35.1" } });
    expect(r).toMatchObject({ status: 400, json: { version: ['"v1.35.1" is not a valid choice.'] } });
    expect((await providerError(a.upgradeCluster("41", id, "1.35.1"))).kind).toBe("invalid");
  });
});

describe("error kinds under injected faults", () => {
  // the kit types errorRates as an exhaustive record; any subset of statuses is meant
  const rates = (r: Partial<FaultConfig["errorRates"]>) => r as FaultConfig["errorRates"];
  async function withFaults(f: Partial<FaultConfig>, run: (a: NksAdapter) => Promise<void>) {
    const c = new SimClock(1);
    const s = await startSimulator(simulator.create({ clock: c, seed: "faults", credentials: { token: TOKEN } }), c, { port: 0, faults: { ...NO_FAULTS, ...f } });
    try {
      await run(adapter(TOKEN, s.url));
    } finally {
      await s.close();
    }
  }

  it.each([
    [{ errorRates: { "500": 1 } }, "unavailable", 500, "A server error occurred."],
    [{ errorRates: { "502": 1 } }, "unavailable", 502, "Bad Gateway"],
    [{ errorRates: { "503": 1 }, retryAfterSeconds: 0 }, "unavailable", 503, "Service temporarily unavailable, try again later."],
    [{ errorRates: { "429": 1 }, retryAfterSeconds: 30 }, "rate_limited", 429, "Request was throttled."],
  ] as const)("%j → %s", async (faults, kind, status, message) => {
    await withFaults(faults as Partial<FaultConfig>, async (a) => {
      const e = await providerError(a.listScopes());
      expect(e).toMatchObject({ kind, status, message });
      if (status === 429) expect(e.retryAfterMs).toBe(30_000);
    });
  });

  it("retries idempotent reads through intermittent 503s", async () => {
    await withFaults({ errorRates: rates({ "503": 0.4 }), retryAfterSeconds: 0, pathPattern: "^/orgs$" }, async (a) => {
      const got = await Promise.allSettled(Array.from({ length: 6 }, () => a.listScopes()));
      expect(got.some((r) => r.status === "fulfilled")).toBe(true);
    });
  });

  it("never retries a create (not idempotent)", async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      if (init?.method === "POST") calls++;
      return fetch(input, init);
    };
    await withFaults({ errorRates: rates({ "503": 1 }), retryAfterSeconds: 0, methods: ["POST"] }, async (a) => {
      const b = new NksAdapter({ baseUrl: a.client.http.baseUrl, credentials: { token: TOKEN }, http: { ...FAST, fetchImpl: counting } });
      const input = await createInput(b, "41", "no-retry");
      expect((await providerError(b.createCluster("41", input))).kind).toBe("unavailable");
      expect(calls).toBe(1);
    });
  });

  it("times out on a hanging server and rejects malformed or truncated bodies", async () => {
    await withFaults({ hangRate: 1 }, async (a) => {
      const slow = adapter(TOKEN, a.client.http.baseUrl, { ...FAST, timeoutMs: 200, maxAttempts: 1 });
      expect((await providerError(slow.listScopes())).kind).toBe("timeout");
    });
    await withFaults({ malformedRate: 1 }, async (a) => expect((await providerError(a.listClusters("41"))).kind).toBe("bad_response"));
    await withFaults({ truncatedRate: 1 }, async (a) => expect(["bad_response", "unavailable"]).toContain((await providerError(a.listScopes())).kind));
  });

  it("rejects a body of the wrong shape as bad_response", async () => {
    const wrong: typeof fetch = async () => new Response(JSON.stringify({ count: 1, results: [] }), { status: 200, headers: { "Content-Type": "application/json" } });
    const a = new NksAdapter({ baseUrl: sim.url, credentials: { token: TOKEN }, http: { ...FAST, fetchImpl: wrong } });
    const e = await providerError(a.listClusters("41"));
    expect(e.kind).toBe("bad_response");
  });
});

describe("cluster lifecycle", () => {
  it("creates in draft with the full shape, builds to running, installs Helm Tiller and logs each phase", async () => {
    const a = adapter();
    const h = await a.createCluster("41", { ...(await createInput(a, "41", "life-one")), solutions: [{ solution: "prometheus" }] });
    expect(h.cluster).toMatchObject({ name: "life-one", status: "provisioning", providerStatus: "draft", version: "1.36.2", nodeCount: 3 });
    const id = h.externalId;
    const full = (await raw("GET", `/orgs/41/clusters/${id}`)).json;
    expect(full).toMatchObject({ state: "draft", is_failed: false, master_count: 1, worker_count: 2, node_count: 3, k8s_pod_cidr: "10.2.0.0/16", k8s_service_cidr: "10.3.0.0/24", kubeconfig_path: `/orgs/41/clusters/${id}/kubeconfig`, is_kubeconfig_available: false, version_migrations: [], provider_network_id: "__new__" });
    expect(full.instance_id).toMatch(/^spc[a-z0-9]{7}$/);
    expect(full.solutions.map((s: Json) => [s.solution, s.state])).toEqual([["helm_tiller", "draft"], ["prometheus", "draft"]]);
    const pools = (await raw("GET", `/orgs/41/clusters/${id}/nodepools`)).json;
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ name: "Default Worker Pool", is_default: true, state: "draft", node_count: 2, instance_id: `${full.instance_id}-pool-1` });
    const nodes = (await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json;
    expect(nodes.map((n: Json) => n.instance_id).sort()).toEqual([`${full.instance_id}-master-1`, `${full.instance_id}-worker-1`, `${full.instance_id}-worker-2`]);
    expect(nodes.every((n: Json) => n.state === "draft" && n.private_ip === "")).toBe(true);
    expect(nodes.find((n: Json) => n.role === "worker").group_name).toBe(`autoscaling-${full.instance_id}-pool-1`);

    await advance(MINUTE);
    expect((await a.getCluster("41", id)).providerStatus).toBe("building");
    await advance(2 * MINUTE);
    const mid = (await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json;
    expect(mid.every((n: Json) => n.state === "provisioned" && /^i-0[0-9a-f]{16}$/.test(n.provider_node_id) && n.private_ip)).toBe(true);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodepools`)).json[0].state).toBe("active");
    await advance(4 * MINUTE);
    const running = (await raw("GET", `/orgs/41/clusters/${id}`)).json;
    expect(running).toMatchObject({ state: "running", is_k8s_available: true, is_kubeconfig_available: true, k8s_dashboard_installed: true, version_migrations: ["v1.37.0"] });
    const kc = await raw("GET", `/orgs/41/clusters/${id}/kubeconfig`);
    expect(kc.status).toBe(200);
    expect(kc.text).toContain("apiVersion: v1");
    await advance(2 * MINUTE);
    expect((await raw("GET", `/orgs/41/clusters/${id}`)).json.solutions.every((s: Json) => s.state === "installed")).toBe(true);
    const logs = (await raw("GET", `/orgs/41/clusters/${id}/logs`)).json;
    expect(logs[0].event_type).toBe("solution_install");
    const order = [...logs].reverse().filter((l: Json) => l.event_state === "success").map((l: Json) => l.event_type);
    expect(order.slice(0, 5)).toEqual(["cloud_network", "cloud_authorization", "provider_build", "k8s_node_config", "k8s_master_config"]);
  });

  it("upgrades through upgrading to the new version and recomputes version_migrations", async () => {
    const a = adapter();
    const id = await runningCluster(a, "up-one");
    const before = await a.getCluster("41", id);
    const opts = definition.upgradeOptions({ cluster: before, versions: await a.listVersions("41"), operationRunning: false });
    expect(opts.filter((o) => o.allowed).map((o) => o.version)).toEqual(["1.37.0"]);
    await a.upgradeCluster("41", id, "1.37.0");
    const during = await a.getCluster("41", id);
    expect(during).toMatchObject({ status: "upgrading", version: "1.36.2", upgradeTargets: [] });
    await advance(13 * MINUTE);
    const after = await a.getCluster("41", id);
    expect(after).toMatchObject({ status: "running", version: "1.37.0", upgradeTargets: [] });
    const logs = (await raw("GET", `/orgs/41/clusters/${id}/logs`)).json;
    expect(logs[0]).toMatchObject({ event_type: "k8s_upgrade", event_state: "success" });
  });

  it("answers migrate_version with 202", async () => {
    const id = await runningCluster(adapter(), "up-two");
    const r = await raw("POST", `/orgs/41/clusters/${id}/migrate_version`, { body: { version: "v1.37.0" } });
    expect(r.status).toBe(202);
    expect(r.json.state).toBe("upgrading");
  });

  it("deletes: 204, deleting, repeated DELETE is a no-op, then 404 for the cluster and its children", async () => {
    const a = adapter();
    const id = await runningCluster(a, "del-one");
    expect((await raw("DELETE", `/orgs/41/clusters/${id}`)).status).toBe(204);
    expect((await a.getCluster("41", id)).status).toBe("deleting");
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json.every((n: Json) => n.state === "deleting")).toBe(true);
    expect((await raw("DELETE", `/orgs/41/clusters/${id}`)).status).toBe(204);
    await advance(6 * MINUTE);
    for (const p of ["", "/nodepools", "/nodes", "/logs"]) expect((await raw("GET", `/orgs/41/clusters/${id}${p}`)).status).toBe(404);
    expect((await providerError(a.getCluster("41", id))).kind).toBe("not_found");
    expect((await providerError(a.deleteCluster("41", id))).kind).toBe("not_found");
  });

  it("force_delete (a GET) removes a cluster at once", async () => {
    const a = adapter();
    const h = await a.createCluster("41", await createInput(a, "41", "force-one"));
    expect((await raw("GET", `/orgs/41/clusters/${h.externalId}/force_delete`)).status).toBe(204);
    expect((await raw("GET", `/orgs/41/clusters/${h.externalId}`)).status).toBe(404);
  });

  it("reports a failed build with is_failed and a provider_build failure event", async () => {
    await fetch(`${sim.url}/__sim/fail-next-creates`, { method: "POST", body: JSON.stringify({ count: 1 }) });
    const a = adapter();
    const h = await a.createCluster("41", await createInput(a, "41", "fail-one"));
    await advance(3 * MINUTE);
    const c = await a.getCluster("41", h.externalId);
    expect(c).toMatchObject({ status: "failed", providerStatus: "failed" });
    expect((await raw("GET", `/orgs/41/clusters/${h.externalId}`)).json.is_failed).toBe(true);
    const [last] = (await raw("GET", `/orgs/41/clusters/${h.externalId}/logs`)).json;
    expect(last).toMatchObject({ event_type: "provider_build", event_state: "failure" });
  });
});

describe("node pools and nodes", () => {
  it("creates a pool (202): draft, active before its nodes run, then running nodes", async () => {
    const a = adapter();
    const id = await runningCluster(a, "pool-one");
    const h = await a.createNodePool!("41", id, { name: "GPU Pool", instanceType: "p2.xlarge", nodeCount: 2 });
    const poolId = h.providerRequestId!;
    const pool = (await raw("GET", `/orgs/41/clusters/${id}/nodepools/${poolId}`)).json;
    expect(pool).toMatchObject({ name: "GPU Pool", state: "draft", node_count: 2, is_default: false, instance_size: "p2.xlarge" });
    expect(pool.instance_id).toMatch(/-pool-2$/);
    expect((await a.getCluster("41", id)).nodeCount).toBe(5);
    await advance(2 * MINUTE + 1000);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodepools/${poolId}`)).json.state).toBe("active");
    const poolNodes = () => raw("GET", `/orgs/41/clusters/${id}/nodes`).then((r) => r.json.filter((n: Json) => n.pool === Number(poolId)));
    expect((await poolNodes()).every((n: Json) => n.state === "provisioned")).toBe(true);
    await advance(3 * MINUTE);
    expect((await poolNodes()).every((n: Json) => n.state === "running")).toBe(true);
    const direct = await raw("POST", `/orgs/41/clusters/${id}/nodepools`, { body: { name: "Other", instance_size: "t2.large", node_count: 1 } });
    expect(direct.status).toBe(202);
    expect((await raw("POST", `/orgs/41/clusters/${id}/nodepools`, { body: { name: "Other", instance_size: "nope", node_count: 0 } })).json).toEqual({
      name: ["A node pool with this name already exists in this cluster."], instance_size: ['"nope" is not a valid choice.'], node_count: ["Ensure this value is greater than or equal to 1."],
    });
  });

  it("scales a pool up with /add (201) and down by deleting nodes, which pass deleting → deleted → 404", async () => {
    const a = adapter();
    const id = await runningCluster(a, "scale-one");
    const [pool] = (await raw("GET", `/orgs/41/clusters/${id}/nodepools`)).json;
    await a.updateNodePool!("41", id, String(pool.pk), { nodeCount: 4 });
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodepools/${pool.pk}`)).json.node_count).toBe(4);
    const add = await raw("POST", `/orgs/41/clusters/${id}/nodepools/${pool.pk}/add`, { body: { node_count: 1, node_pool: pool.pk, role: "worker" } });
    expect(add.status).toBe(201);
    expect(add.json).toHaveLength(1);
    expect(add.json[0]).toMatchObject({ state: "draft", private_ip: "", role: "worker" });
    await advance(6 * MINUTE);
    await a.updateNodePool!("41", id, String(pool.pk), { nodeCount: 2 });
    const cluster = await a.getCluster("41", id);
    expect(cluster.nodePools[0].nodeCount).toBe(2);
    expect(cluster.nodeCount).toBe(3);
    const deleting = (await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json.filter((n: Json) => n.state === "deleting");
    expect(deleting).toHaveLength(3);
    await advance(2 * MINUTE + 1000);
    const gone = deleting[0].pk;
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodes/${gone}`)).json.state).toBe("deleted");
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json.some((n: Json) => n.pk === gone)).toBe(false);
    await advance(MINUTE);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodes/${gone}`)).status).toBe(404);
  });

  it("switches autoscaling and refuses renames or size changes", async () => {
    const a = adapter();
    const id = await runningCluster(a, "auto-one");
    const [pool] = (await raw("GET", `/orgs/41/clusters/${id}/nodepools`)).json;
    await a.updateNodePool!("41", id, String(pool.pk), { autoscaling: true, minNodes: 2, maxNodes: 6 });
    expect((await a.getCluster("41", id)).nodePools[0]).toMatchObject({ autoscaling: true, minNodes: 2, maxNodes: 6 });
    const bad = await raw("POST", `/orgs/41/clusters/${id}/nodepools/${pool.pk}`, { body: { autoscaled: true, min_count: 5, max_count: 2 } });
    expect(bad).toMatchObject({ status: 400, json: { max_count: ["Ensure max_count is greater than or equal to min_count."] } });
    expect((await providerError(a.updateNodePool!("41", id, String(pool.pk), { name: "renamed" }))).kind).toBe("invalid");
    expect((await providerError(a.updateNodePool!("41", id, String(pool.pk), { instanceType: "m5.large" }))).kind).toBe("invalid");
  });

  it("deletes a pool (204) until it is gone, but never the default pool", async () => {
    const a = adapter();
    const id = await runningCluster(a, "pool-del");
    const [def] = (await raw("GET", `/orgs/41/clusters/${id}/nodepools`)).json;
    expect(await raw("DELETE", `/orgs/41/clusters/${id}/nodepools/${def.pk}`).then((r) => [r.status, r.json])).toEqual([400, { detail: "The default node pool can't be deleted." }]);
    const h = await a.createNodePool!("41", id, { name: "Temp", instanceType: "t2.large", nodeCount: 1 });
    await advance(3 * MINUTE);
    await a.deleteNodePool!("41", id, h.providerRequestId!);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodepools/${h.providerRequestId}`)).json.state).toBe("deleting");
    await advance(4 * MINUTE);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodepools/${h.providerRequestId}`)).status).toBe(404);
    expect((await a.getCluster("41", id)).nodePools).toHaveLength(1);
  });

  it("protects the initial master and adds masters one at a time", async () => {
    const id = await runningCluster(adapter(), "master-one");
    const nodes = (await raw("GET", `/orgs/41/clusters/${id}/nodes`)).json;
    const master = nodes.find((n: Json) => n.role === "master");
    const worker = nodes.find((n: Json) => n.role === "worker");
    const detail = { detail: "Initial master node is essential to the cluster and can't be removed." };
    expect(await raw("GET", `/orgs/41/clusters/${id}/nodes/${master.pk}/can_delete`).then((r) => [r.status, r.json])).toEqual([400, detail]);
    expect((await raw("GET", `/orgs/41/clusters/${id}/nodes/${worker.pk}/can_delete`)).json).toEqual({ eligible: true });
    expect((await raw("DELETE", `/orgs/41/clusters/${id}/nodes/${master.pk}`)).json).toEqual(detail);
    expect((await raw("POST", `/orgs/41/clusters/${id}/add_node`, { body: { size: "t2.medium", node_count: 2, role: "master" } })).json).toEqual({ node_count: ["Master nodes can only be added one at a time."] });
    const added = await raw("POST", `/orgs/41/clusters/${id}/add_node`, { body: { size: "t2.medium", node_count: 1, role: "master" } });
    expect(added.status).toBe(201);
    expect(added.json[0]).toMatchObject({ role: "master", pool: null, state: "draft", instance_id: expect.stringMatching(/-master-2$/) });
  });
});

describe("other org resources", () => {
  it("creates keysets and workspaces with 201 and deletes them with 204", async () => {
    const ks = await raw("POST", "/orgs/41/keysets", { body: { name: "New AWS", category: "provider", entity: "aws", keys: [{ key_type: "pub", key: "QUtJQQ==" }, { key_type: "pvt", key: "c2VjcmV0" }] } });
    expect(ks.status).toBe(201);
    expect(ks.json.keys.map((k: Json) => Object.keys(k).sort())).toEqual([["fingerprint", "key_type", "keyset", "pk", "user"], ["fingerprint", "key_type", "keyset", "pk", "user"]]);
    expect((await raw("DELETE", `/orgs/41/keysets/${ks.json.pk}`)).status).toBe(204);
    const ws = await raw("POST", "/orgs/41/workspaces", { body: { name: "Team X" } });
    expect(ws.status).toBe(201);
    expect(ws.json.clusters).toBeUndefined();
    const inWs = await raw("POST", `/orgs/41/workspaces/${ws.json.pk}/clusters`, {
      body: { name: "ws-cluster", provider: "do", provider_keyset: 15, user_ssh_keyset: 16, region: "nyc1", k8s_version: "v1.36.2", master_count: 1, master_size: "2gb", worker_count: 2, worker_size: "4gb" },
    });
    expect(inWs.status).toBe(200);
    expect(inWs.json.workspace.name).toBe("Team X");
    expect((await raw("DELETE", `/orgs/41/workspaces/${ws.json.pk}`)).status).toBe(400);
  });

  it("re-seeds deterministically on reset", async () => {
    const before = (await raw("GET", "/orgs/41/clusters")).json.map((c: Json) => c.name);
    await raw("POST", "/orgs/41/workspaces", { body: { name: "Temp" } });
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    expect((await raw("GET", "/orgs/41/clusters")).json.map((c: Json) => c.name)).toEqual(before);
    expect((await raw("GET", "/orgs/41/workspaces")).json).toHaveLength(2);
  });
});
