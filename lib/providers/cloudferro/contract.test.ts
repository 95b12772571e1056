/* eslint-disable @typescript-eslint/no-explicit-any -- assertions on raw wire JSON */
/**
 * CloudFerro contract tests over real HTTP against the simulator: wire format, auth and role
 * behaviour, exact error bodies, busy/validation refusals, lifecycles, and the adapter's mapping of
 * every error kind.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/cloudferro";
import { ProviderError, type HttpOptions, type ProviderAdapter } from "../types";
import { definition } from ".";
import { CloudferroAdapter } from "./adapter";
import { apiBase } from "./client";
import { extractCloudferroError } from "./errors";
import { normalizeKubeVersion as normalizeVersion } from "@/lib/kube-version";
import { mapStatus } from "./mapping";


const FAST: Partial<HttpOptions> = { timeoutMs: 1_500, backoffBaseMs: 10, backoffMaxMs: 200, budgetMs: 5_000, maxAttempts: 3 };
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;
const UUID0 = "00000000-0000-4000-8000-000000000000";

let sim: RunningSimulator;
let clock: SimClock;
let token: string;
type Conn = { baseUrl: string; token: string; region: string };
let conns: Conn[];

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/__sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}
const advance = (ms: number) => admin("POST", "/clock", { advanceMs: ms });

/** raw call; `auth` overrides the Authorization header (null = none) */
async function api(method: string, path: string, opts: { conn?: Conn; token?: string; auth?: string | null; body?: unknown; raw?: string } = {}) {
  const conn = opts.conn ?? conns[0];
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const auth = opts.auth === undefined ? `Token ${opts.token ?? conn.token}` : opts.auth;
  if (auth !== null) headers.Authorization = auth;
  const res = await fetch(`${conn.baseUrl}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

const adapter = (over: { conn?: Conn; token?: string; http?: Partial<HttpOptions>; baseUrl?: string } = {}): ProviderAdapter => {
  const conn = over.conn ?? conns[0];
  return new CloudferroAdapter({ baseUrl: over.baseUrl ?? conn.baseUrl, credentials: { token: over.token ?? conn.token }, http: { ...FAST, ...over.http } });
};

async function expectKind(p: Promise<unknown>, kind: string): Promise<ProviderError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).kind).toBe(kind);
  return err as ProviderError;
}

async function catalogue(conn = conns[0]) {
  const versions = (await api("GET", "/kubernetes-version", { conn })).body.items as any[];
  const region = (await api("GET", "/region", { conn })).body.items[0];
  const specs = (await api("GET", `/region/${region.id}/machine-spec`, { conn })).body.items as any[];
  const v = (s: string) => versions.find((x) => x.version === s);
  const spec = (s: string) => specs.find((x) => x.name === s);
  return { versions, region, specs, v, spec };
}

async function createRaw(name: string, version = "1.33.5", pools: unknown[] = []) {
  const { v, spec } = await catalogue();
  return api("POST", "/cluster", {
    body: { name, kubernetes_version: { id: v(version).id }, control_plane: { custom: { size: 3, machine_spec: { id: spec("eo2a.large").id } } }, node_pools: pools },
  });
}

async function seeded(status: string) {
  const items = (await api("GET", "/cluster")).body.items as any[];
  return items.find((c) => c.status === status);
}

beforeAll(async () => {
  clock = new SimClock(1);
  const credentials = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv);
  token = credentials.token;
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials }), clock, { port: 0, seed: "contract" });
  conns = simulator.demoConnections(sim.url, credentials).map((d) => ({ baseUrl: d.baseUrl, token: d.credentials.token, region: d.defaultScope! }));
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await admin("POST", "/reset");
});

describe("simulator wire format", () => {
  it("serves three regions as path prefixes, each with its own token and one region item", async () => {
    expect(conns.map((c) => c.region)).toEqual(["WAW3-1", "WAW4-1", "FRA1-2"]);
    expect(conns[0].baseUrl).toBe(`${sim.url}/waw3-1/api/v1`);
    expect(conns[0].token).toBe(token);
    expect(conns[1].token).toBe(`${token}-waw4-1`);
    for (const c of conns) {
      const r = await api("GET", "/region", { conn: c });
      expect(r.status).toBe(200);
      expect(r.body.items).toHaveLength(1);
      expect(r.body.items[0].name).toBe(c.region);
      const clusters = await api("GET", "/cluster", { conn: c });
      expect(clusters.body.items.length).toBeGreaterThanOrEqual(10);
    }
  });

  it("wraps lists in items and emits protobuf-style JSON", async () => {
    const r = await api("GET", "/cluster");
    expect(Object.keys(r.body)).toEqual(["items"]);
    const c = r.body.items.find((x: any) => x.status === "Running");
    expect(Object.keys(c)).toEqual(["id", "created_at", "updated_at", "name", "status", "control_plane", "errors", "version", "metadata", "phase", "health"]);
    expect(c.created_at).toMatch(TS);
    expect(c.errors).toEqual([]);
    expect(c.metadata.openstack_project_id).toMatch(/^[0-9a-f]{32}$/);
    expect(c.control_plane.custom.name).toMatch(/^[a-z]+-[a-z]+$/);
    const spec = c.control_plane.custom.machine_spec;
    expect(typeof spec.memory).toBe("string");
    expect(typeof spec.local_disk_size).toBe("string");
    expect(typeof spec.cpu).toBe("number");
    expect(c.version.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(c.version.info).toBe("");
    const pools = await api("GET", `/cluster/${c.id}/node-pool`);
    expect(pools.body.items.length).toBeGreaterThan(0);
    for (const key of ["size", "size_min", "size_max", "quantity", "autoscale", "shared_networks", "labels", "taints", "errors"]) expect(pools.body.items[0]).toHaveProperty(key);
  });

  // issue 19 item 7: the CLI's Cluster model (cf-mkcli mkcli/core/models/cluster.py) declares phase and health
  // as Optional[str] without a default, which pydantic 2 treats as required: every cluster answer carries both keys
  it("carries phase and health (string or null) on every cluster answer: list, get, create, update", async () => {
    const nullableString = (v: unknown) => v === null || typeof v === "string";
    const check = (c: any, where: string) => {
      expect(Object.keys(c), where).toEqual(expect.arrayContaining(["id", "name", "status", "phase", "health", "control_plane", "version"]));
      expect(nullableString(c.phase), `${where}: phase`).toBe(true);
      expect(nullableString(c.health), `${where}: health`).toBe(true);
    };
    const list = await api("GET", "/cluster");
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const c of list.body.items) check(c, `list ${c.name}`);
    check((await api("GET", `/cluster/${list.body.items[0].id}`)).body, "get");
    const created = await createRaw("phase-health");
    expect(created.status).toBe(200);
    check(created.body, "create");
    const running = await seeded("Running");
    const a = adapter();
    const options = definition.upgradeOptions({ cluster: await a.getCluster(conns[0].region, running.id), versions: await a.listVersions(), operationRunning: false });
    const target = (await catalogue()).v(options.find((o) => o.allowed)!.version);
    const updated = await api("PUT", `/cluster/${running.id}`, { body: { ...running, version: target } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    check(updated.body, "update");
    // and our client's schema reads them
    const mine = await a.getCluster(conns[0].region, created.body.id);
    expect(mine.externalId).toBe(created.body.id);
  });

  it("has a catalogue with a past-EOL active version, an inactive one, GPU and inactive machine specs", async () => {
    const { versions, specs } = await catalogue();
    const now = Date.now();
    expect(versions.some((v) => v.is_active && Date.parse(v.eol) < now)).toBe(true);
    expect(versions.some((v) => !v.is_active)).toBe(true);
    expect(new Set(versions.map((v) => v.version.split(".").slice(0, 2).join("."))).size).toBeGreaterThanOrEqual(3);
    expect(specs.some((s) => s.gpu !== "NONE")).toBe(true);
    expect(specs.some((s) => !s.is_active)).toBe(true);
    expect(specs.some((s) => s.tags.includes("control-plane"))).toBe(true);
  });

  it("filters catalogues loosely (substring) as the real service does", async () => {
    const r = await api("GET", "/kubernetes-version?version=1.32");
    expect(r.body.items.map((v: any) => v.version).sort()).toEqual(["1.32.6", "1.32.9"]);
    const inactive = await api("GET", "/kubernetes-version?is_active=false");
    expect(inactive.body.items.every((v: any) => !v.is_active)).toBe(true);
    const { region } = await catalogue();
    const specs = await api("GET", `/region/${region.id}/machine-spec?name=eo2a`);
    expect(specs.body.items.length).toBeGreaterThan(1);
    expect((await api("GET", "/region?name=FRA")).body.items).toEqual([]);
    expect((await api("GET", "/cluster?region=WAW4-1")).body.items).toEqual([]);
  });

  it("answers unknown routes, methods, ids and regions in the gRPC-gateway format", async () => {
    expect(await api("GET", `/cluster/${UUID0}`)).toMatchObject({ status: 404, body: { code: 5, message: `cluster ${UUID0} not found`, details: [] } });
    const notUuid = await api("GET", "/cluster/abc");
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.code).toBe(3);
    expect(notUuid.body.details[0].field_violations[0].field).toBe("cluster_id");
    expect(await api("GET", "/clusters")).toMatchObject({ status: 404, body: { code: 5, message: "Not Found" } });
    expect(await api("PATCH", "/cluster")).toMatchObject({ status: 405, body: { code: 12 } });
    const wrongRegion = await fetch(`${sim.url}/xyz9-1/api/v1/cluster`, { headers: { Authorization: `Token ${token}` } });
    expect(wrongRegion.status).toBe(404);
    const swagger = await fetch(`${sim.url}/waw3-1/swagger`);
    expect(swagger.status).toBe(200);
  });
});

describe("simulator auth and roles", () => {
  it("refuses missing, unknown and Bearer-sent API tokens with 401 UNAUTHENTICATED", async () => {
    const none = await api("GET", "/cluster", { auth: null });
    expect(none).toMatchObject({ status: 401, body: { code: 16, details: [] } });
    const unknown = await api("GET", "/cluster", { token: "cfmk-unknown-1234" });
    expect(unknown).toMatchObject({ status: 401, body: { code: 16, message: "invalid token" } });
    const bearer = await api("GET", "/cluster", { auth: `Bearer ${token}` });
    expect(bearer.status).toBe(401);
    expect(bearer.body.message).toMatch(/not a valid JWT/);
    expect(JSON.stringify(bearer.body)).not.toContain(token);
  });

  // issue 19 item 8: the CLI's `auth key create` (mk8s.py create_api_key) POSTs /token with its OIDC Bearer token
  it("serves POST /token: creates an API key for an OIDC login, usable with Authorization: Token", async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const jwt = (exp: number) => `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ sub: "user-1", exp })}.c2lnbmF0dXJl`;
    const future = Math.floor(Date.now() / 1000) + 3600;
    const res = await api("POST", "/token", { auth: `Bearer ${jwt(future)}` });
    expect(res.status).toBe(200);
    expect(typeof res.body.token).toBe("string");
    expect(res.body.token.length).toBeGreaterThanOrEqual(32);
    expect(res.body.created_at).toMatch(TS);
    expect(res.body.expires_at).toBeNull();
    const list = await api("GET", "/cluster", { token: res.body.token });
    expect(list.status).toBe(200);
    // refusals: no login, an API token instead of a login, a malformed or expired JWT
    for (const auth of [null, `Token ${conns[0].token}`, "Bearer not-a-jwt", `Bearer ${jwt(Math.floor(Date.now() / 1000) - 10)}`]) {
      const r = await api("POST", "/token", { auth });
      expect(r.status, String(auth)).toBe(401);
      expect(r.body.code).toBe(16);
    }
    // a key is bound to the region it was created in
    expect((await api("GET", "/cluster", { conn: conns[1], token: res.body.token })).status).toBe(401);
  });

  it("binds each token to its region", async () => {
    const cross = await api("GET", "/cluster", { conn: conns[1], token });
    expect(cross).toMatchObject({ status: 401, body: { code: 16, message: "token is not valid for region WAW4-1" } });
    expect((await api("GET", "/cluster", { conn: conns[1] })).status).toBe(200);
    await expectKind(adapter({ conn: conns[1], token }).listScopes(), "unauthorized");
  });

  it("expires tokens created through the admin API", async () => {
    const created = await admin("POST", "/tokens", { token: "cfmk-short-lived-0001", region: "WAW3-1", roles: "all", expires_in_ms: 10 * MINUTE });
    expect(created.status).toBe(201);
    expect((await api("GET", "/region", { token: "cfmk-short-lived-0001" })).status).toBe(200);
    await advance(11 * MINUTE);
    expect(await api("GET", "/region", { token: "cfmk-short-lived-0001" })).toMatchObject({ status: 401, body: { message: "token expired" } });
  });

  it("answers 403 PERMISSION_DENIED naming the missing role, for the read-only demo token", async () => {
    const ro = `${token}-readonly`;
    expect((await api("GET", "/cluster", { token: ro })).status).toBe(200);
    const res = await api("POST", "/cluster", { token: ro, body: {} });
    expect(res).toMatchObject({ status: 403, body: { code: 7, message: 'permission denied: token lacks role "cluster.create"', details: [] } });
    const c = await seeded("Running");
    expect((await api("GET", `/cluster/${c.id}/files`, { token: ro })).body.message).toContain("cluster.kubeconfig");
  });

  it("surfaces the missing role in the adapter's ProviderError for every mutating operation", async () => {
    await admin("POST", "/tokens", { token: "cfmk-viewer-token-01", region: "WAW3-1", roles: "read-only" });
    const a = adapter({ token: "cfmk-viewer-token-01" });
    const c = await seeded("Running");
    const pools = (await api("GET", `/cluster/${c.id}/node-pool`)).body.items;
    const input = { name: "viewer-made", version: "1.33.5", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 1 };
    expect((await expectKind(a.createCluster("WAW3-1", input), "forbidden")).message).toContain("cluster.create");
    expect((await expectKind(a.upgradeCluster("WAW3-1", c.id, "1.34.2"), "forbidden")).message).toContain("cluster.update");
    expect((await expectKind(a.deleteCluster("WAW3-1", c.id), "forbidden")).message).toContain("cluster.delete");
    expect((await expectKind(a.createNodePool!("WAW3-1", c.id, { name: "x", machineSpec: "eo2a.large", size: 1 }), "forbidden")).message).toContain("node_pool.create");
    expect((await expectKind(a.updateNodePool!("WAW3-1", c.id, pools[0].id, { nodeCount: 3, autoscaling: false }), "forbidden")).message).toContain("node_pool.update");
    expect((await expectKind(a.deleteNodePool!("WAW3-1", c.id, pools[0].id), "forbidden")).message).toContain("node_pool.delete");
    // reads still work
    expect((await a.listClusters()).length).toBeGreaterThanOrEqual(10);
  });

  it("reports a token without cluster.list in testConnection and lists clusters without pools when node_pool.list is missing", async () => {
    await admin("POST", "/tokens", { token: "cfmk-regions-only-01", region: "WAW3-1", roles: ["region.list"] });
    const r = await adapter({ token: "cfmk-regions-only-01" }).testConnection();
    expect(r.summary).toContain("cluster.list");
    await admin("POST", "/tokens", { token: "cfmk-no-pools-00001", region: "WAW3-1", roles: ["region.list", "cluster.list", "cluster.get"] });
    const clusters = await adapter({ token: "cfmk-no-pools-00001" }).listClusters();
    expect(clusters.length).toBeGreaterThanOrEqual(10);
    expect(clusters.every((c) => c.nodePools.length === 0 && c.raw?.nodePools)).toBe(true);
  });

  it("names the role even when the service's 403 message does not", async () => {
    const fetchImpl = (async () => new Response(JSON.stringify({ code: 7, message: "permission denied", details: [] }), { status: 403 })) as typeof fetch;
    const err = await expectKind(adapter({ http: { fetchImpl } }).listScopes(), "forbidden");
    expect(err.message).toBe('permission denied (the API token needs the role "region.list" for this operation)');
  });
});

describe("simulator validation and busy refusals", () => {
  it("validates create bodies with google.rpc.BadRequest violations", async () => {
    const { v, spec } = await catalogue();
    const res = await api("POST", "/cluster", {
      body: {
        name: "9 bad!",
        kubernetes_version: { id: v("1.29.15").id },
        control_plane: { custom: { size: 2, machine_spec: { id: spec("hma.large").id } } },
        node_pools: [
          { name: "a", machine_spec: { id: spec("eo2a.large").id }, autoscale: true, size_min: 3, size_max: 2 },
          { name: "b", machine_spec: { id: spec("eo2a.large").id }, autoscale: false },
          { name: "c", machine_spec: { id: spec("eo2a.large").id }, size: 1, taints: [{ key: "k", value: "v", effect: "Sometimes" }], labels: [{ key: "x", value: "y".repeat(64) }] },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(3);
    expect(res.body.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.BadRequest");
    const fields = res.body.details[0].field_violations.map((f: any) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "name",
        "kubernetes_version.id",
        "control_plane.custom.size",
        "control_plane.custom.machine_spec.id",
        "node_pools[0].size_max",
        "node_pools[1].size",
        "node_pools[2].taints[0].effect",
        "node_pools[2].labels[0].value",
      ]),
    );
    expect(extractCloudferroError(res.body, 400)?.fields?.name).toBeTruthy();
  });

  it("answers 404 for unknown catalogue ids, 400 for bad JSON, 409 for a duplicate name", async () => {
    const { spec } = await catalogue();
    const unknown = await api("POST", "/cluster", { body: { name: "x", kubernetes_version: { id: UUID0 }, control_plane: { custom: { size: 1, machine_spec: { id: spec("eo2a.large").id } } } } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 5, message: `kubernetes version ${UUID0} not found` } });
    expect(await api("POST", "/cluster", { raw: "{not json" })).toMatchObject({ status: 400, body: { code: 3 } });
    const c = await seeded("Running");
    expect(await createRaw(c.name)).toMatchObject({ status: 409, body: { code: 6 } });
  });

  it("generates a pet name when none is given", async () => {
    const { v, spec } = await catalogue();
    const res = await api("POST", "/cluster", { body: { kubernetes_version: { id: v("1.34.2").id }, control_plane: { custom: { size: 1, machine_spec: { id: spec("eo2a.large").id } } } } });
    expect(res.status).toBe(200);
    expect(res.body.name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(res.body.status).toBe("Creating");
  });

  it("refuses node pool changes, upgrades and deletion while the cluster is busy", async () => {
    const created = (await createRaw("busy-one")).body;
    const { spec, v } = await catalogue();
    const busy = { status: 409, body: { code: 10, message: "cluster is busy", details: [] } };
    expect(await api("POST", `/cluster/${created.id}/node-pool`, { body: { name: "p", machine_spec: { id: spec("eo2a.large").id }, size: 1 } })).toMatchObject(busy);
    expect(await api("DELETE", `/cluster/${created.id}`)).toMatchObject(busy);
    expect(await api("PUT", `/cluster/${created.id}`, { body: { ...created, version: v("1.34.2") } })).toMatchObject(busy);
    const a = adapter();
    await expectKind(a.deleteCluster("WAW3-1", created.id), "conflict");
    await expectKind(a.createNodePool!("WAW3-1", created.id, { name: "p", machineSpec: "eo2a.large", size: 1 }), "conflict");
  });

  it("allows one node-pool operation per cluster at a time", async () => {
    const c = await seeded("Running");
    const { spec } = await catalogue();
    const first = await api("POST", `/cluster/${c.id}/node-pool`, { body: { name: "extra-one", machine_spec: { id: spec("eo2a.large").id }, size: 1 } });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("Creating");
    expect((await api("GET", `/cluster/${c.id}`)).body.status).toBe("Configuring");
    const second = await api("POST", `/cluster/${c.id}/node-pool`, { body: { name: "extra-two", machine_spec: { id: spec("eo2a.large").id }, size: 1 } });
    expect(second).toMatchObject({ status: 409, body: { message: "cluster is busy" } });
  });

  it("enforces the upgrade rules: one minor at a time, no downgrade, active targets, immutable fields", async () => {
    const { v } = await catalogue();
    const running = ((await api("GET", "/cluster")).body.items as any[]).find((c) => c.status === "Running" && c.version.version === "1.32.9");
    expect(running).toBeTruthy();
    const put = (version: any, over: Record<string, unknown> = {}) => api("PUT", `/cluster/${running.id}`, { body: { ...running, ...over, version } });
    const skip = await put(v("1.34.2"));
    expect(skip).toMatchObject({ status: 400, body: { code: 9 } });
    expect(skip.body.message).toMatch(/skips minor version 1\.33/);
    expect((await put(v("1.31.10"))).body.message).toMatch(/downgrade/);
    expect((await put(v("1.32.9"))).body.message).toMatch(/already runs/);
    expect((await put(v("1.29.15"))).body.message).toMatch(/not active/);
    expect(await put({ id: UUID0 })).toMatchObject({ status: 404, body: { code: 5 } });
    expect((await put(v("1.33.5"), { name: "renamed" })).body.details[0].field_violations[0].field).toBe("name");
    const ok = await put(v("1.33.5"));
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("Upgrading");
    const err = await expectKind(adapter().upgradeCluster("WAW3-1", running.id, "1.34.2"), "conflict");
    expect(err.message).toBe("cluster is busy");
  });
  it("allows a patch upgrade within the minor (FLAGS.allowPatchUpgrade)", async () => {
    const { v } = await catalogue();
    const created = (await createRaw("patchy", "1.32.6")).body;
    await advance(12 * MINUTE);
    const res = await api("PUT", `/cluster/${created.id}`, { body: { version: { id: v("1.32.9").id } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "Upgrading", version: { version: "1.32.6" } });
    await advance(15 * MINUTE);
    expect((await api("GET", `/cluster/${created.id}`)).body).toMatchObject({ status: "Running", version: { version: "1.32.9" } });
  });
});

describe("simulator lifecycles and errors", () => {
  it("lists errors only with extra_fields=errors and the adapter shows the newest", async () => {
    const failed = await seeded("Error");
    expect(failed.errors).toEqual([]);
    const full = await api("GET", `/cluster/${failed.id}?extra_fields=errors`);
    expect(full.body.errors.length).toBeGreaterThan(0);
    for (const e of full.body.errors) {
      expect(typeof e.msg).toBe("string");
      expect(e.created_at).toMatch(TS);
    }
    const mapped = await adapter().getCluster("WAW3-1", failed.id);
    expect(mapped.status).toBe("failed");
    expect(mapped.raw?.lastError).toMatch(/Quota exceeded|disruption budget/);
  });

  it("serves the kubeconfig only once running, unchanged across an upgrade", async () => {
    const created = (await createRaw("kube-one", "1.33.5")).body;
    expect(await api("GET", `/cluster/${created.id}/files`)).toMatchObject({ status: 400, body: { code: 9 } });
    await advance(12 * MINUTE);
    const files = await api("GET", `/cluster/${created.id}/files`);
    expect(files.status).toBe(200);
    expect(files.body.kubeconfig).toMatch(/^apiVersion: v1\nkind: Config\nclusters:/);
    expect(files.body.kubeconfig).toContain("current-context: kube-one");
    await adapter().upgradeCluster("WAW3-1", created.id, "1.34.2");
    await advance(15 * MINUTE);
    expect((await api("GET", `/cluster/${created.id}/files`)).body.kubeconfig).toBe(files.body.kubeconfig);
    const refreshed = await api("POST", `/cluster/${created.id}/refresh-kubeconfig`);
    expect(refreshed.body.kubeconfig).not.toBe(files.body.kubeconfig);
    expect((await api("GET", `/cluster/${created.id}/resource-counts`)).body.counts).toHaveProperty("pods");
  });

  it("ends an operation in Error when the admin API injects a failure", async () => {
    const a = adapter();
    const h = await a.createCluster("WAW3-1", { name: "doomed", version: "1.33.5", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 1, nodePools: [{ name: "w", machineSpec: "eo2a.xlarge", size: 2 }] });
    expect((await admin("POST", "/fail", { cluster_id: h.externalId, message: "no valid host was found" })).status).toBe(200);
    await advance(13 * MINUTE);
    const c = await a.getCluster("WAW3-1", h.externalId);
    expect(c).toMatchObject({ status: "failed", providerStatus: "Error" });
    expect(c.raw?.lastError).toBe("no valid host was found");
    expect(c.nodePools[0].status).toBe("Error");
    // a failed cluster can be deleted
    await a.deleteCluster("WAW3-1", h.externalId);
    await advance(5 * MINUTE);
    await expectKind(a.getCluster("WAW3-1", h.externalId), "not_found");
  });

  it("runs the full cluster and node pool lifecycle through the adapter", async () => {
    const a = adapter();
    const h = await a.createCluster("WAW3-1", {
      name: "life cycle",
      version: "1.32.9",
      controlPlaneMachineSpec: "eo2a.xlarge",
      controlPlaneSize: "3",
      nodePools: [{ name: "workers", machineSpec: "eo2a.xlarge", autoscale: false, size: 2 }],
    });
    expect(h.cluster).toMatchObject({ name: "life cycle", status: "provisioning", providerStatus: "Creating", version: "1.32.9", scope: "WAW3-1" });
    let c = await a.getCluster("WAW3-1", h.externalId);
    expect(c.nodePools[0]).toMatchObject({ name: "workers", status: "Creating", nodeCount: 0 });
    await advance(11 * MINUTE);
    expect((await a.getCluster("WAW3-1", h.externalId)).status).toBe("provisioning");
    await advance(1 * MINUTE);
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c).toMatchObject({ status: "running", nodeCount: 2 });
    expect(c.raw?.controlPlane).toEqual({ size: 3, machineSpec: "eo2a.xlarge", name: expect.stringMatching(/-/) });

    const ph = await a.createNodePool!("WAW3-1", h.externalId, { name: "gpu", machineSpec: "vm.a6000.1", autoscale: true, sizeMin: 1, sizeMax: 4, taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }] });
    const poolId = ph.providerRequestId!;
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c).toMatchObject({ status: "updating", providerStatus: "Configuring" });
    await advance(6 * MINUTE);
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c.status).toBe("running");
    expect(c.nodePools.find((p) => p.externalId === poolId)).toMatchObject({ status: "Running", autoscaling: true, minNodes: 1, maxNodes: 4, nodeCount: 1, instanceType: "vm.a6000.1" });

    await a.updateNodePool!("WAW3-1", h.externalId, poolId, { minNodes: 2, maxNodes: 6 });
    const scaling = await api("GET", `/cluster/${h.externalId}/node-pool/${poolId}`);
    expect(scaling.body).toMatchObject({ status: "Scaling", size_min: 2, size_max: 6, quantity: 1 });
    await advance(4 * MINUTE);
    expect((await api("GET", `/cluster/${h.externalId}/node-pool/${poolId}`)).body).toMatchObject({ status: "Running", quantity: 2 });

    const workers = c.nodePools.find((p) => p.name === "workers")!;
    await a.updateNodePool!("WAW3-1", h.externalId, workers.externalId, { nodeCount: 5 });
    await advance(4 * MINUTE);
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c.nodePools.find((p) => p.name === "workers")).toMatchObject({ nodeCount: 5, autoscaling: false });
    expect(c.nodeCount).toBe(7);

    await a.upgradeCluster("WAW3-1", h.externalId, "v1.33.5");
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c).toMatchObject({ status: "upgrading", version: "1.32.9" });
    expect(c.nodePools.every((p) => p.status === "Upgrading" && p.version === null)).toBe(true);
    const opts = definition.upgradeOptions({ cluster: c, versions: await a.listVersions(), operationRunning: false });
    expect(opts.every((o) => !o.allowed)).toBe(true);
    await advance(15 * MINUTE);
    c = await a.getCluster("WAW3-1", h.externalId);
    expect(c).toMatchObject({ status: "running", version: "1.33.5" });
    expect(c.nodePools.every((p) => p.version === "1.33.5")).toBe(true);

    await a.deleteNodePool!("WAW3-1", h.externalId, poolId);
    expect((await api("GET", `/cluster/${h.externalId}/node-pool/${poolId}`)).body.status).toBe("Deleting");
    await advance(3 * MINUTE);
    expect(await api("GET", `/cluster/${h.externalId}/node-pool/${poolId}`)).toMatchObject({ status: 404, body: { code: 5 } });

    await a.deleteCluster("WAW3-1", h.externalId);
    expect((await a.getCluster("WAW3-1", h.externalId)).status).toBe("deleting");
    await advance(4 * MINUTE);
    await expectKind(a.getCluster("WAW3-1", h.externalId), "not_found");
    expect((await a.listClusters("WAW3-1")).some((x) => x.externalId === h.externalId)).toBe(false);
  });

  it("finishes operations on wall-clock time when SIM_TIME_SCALE is high", async () => {
    await admin("POST", "/clock", { scale: 6000 }); // 12 simulated minutes in ~120 ms
    try {
      const a = adapter();
      const h = await a.createCluster("WAW3-1", { name: "fast-one", version: "1.34.2", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 1 });
      let status = "";
      for (let i = 0; i < 50 && status !== "running"; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await a.getCluster("WAW3-1", h.externalId)).status;
      }
      expect(status).toBe("running");
    } finally {
      await admin("POST", "/clock", { scale: 1 });
    }
  });
});

describe("adapter behaviour", () => {
  it("tests every demo connection and lists its one region as the scope", async () => {
    for (const conn of conns) {
      const a = adapter({ conn });
      const r = await a.testConnection();
      expect(r.summary).toMatch(new RegExp(`^1 region \\(${conn.region}\\), \\d+ clusters$`));
      expect(await a.listScopes()).toEqual([{ externalId: conn.region, name: conn.region, kind: "region", raw: { id: expect.any(String), isActive: true } }]);
    }
  });

  it("accepts a base URL with or without /api/v1", async () => {
    expect(apiBase("https://managed-kubernetes.waw3-1.cloudferro.com")).toBe("https://managed-kubernetes.waw3-1.cloudferro.com/api/v1");
    expect(apiBase("https://x.example/api/v1/")).toBe("https://x.example/api/v1");
    const scopes = await adapter({ baseUrl: `${sim.url}/waw3-1` }).listScopes();
    expect(scopes[0].name).toBe("WAW3-1");
  });

  it("maps seeded clusters: statuses, versions, pools, counts", async () => {
    const clusters = await adapter().listClusters();
    expect(new Set(clusters.map((c) => c.status))).toEqual(new Set(["provisioning", "running", "upgrading", "updating", "failed"]));
    for (const c of clusters) {
      expect(c.scope).toBe("WAW3-1");
      expect(c.nodeCount).toBe(c.nodePools.reduce((n, p) => n + p.nodeCount, 0));
    }
    await expectKind(adapter().listClusters("FRA1-2"), "not_found");
    await expectKind(adapter().getCluster("FRA1-2", clusters[0].externalId), "not_found");
  });

  it("offers every wizard option source", async () => {
    const a = adapter();
    const versions = await a.listOptions("versions", { scope: "WAW3-1" });
    expect(versions.map((o) => o.value)).toEqual(["1.34.2", "1.33.5", "1.32.9", "1.32.6", "1.31.10", "1.30.10"]);
    expect(versions.find((o) => o.value === "1.30.10")!.label).toMatch(/past end of life/);
    const cp = await a.listOptions("controlPlaneMachineSpecs", { scope: "WAW3-1" });
    expect(cp.map((o) => o.value)).toEqual(["eo2a.large", "eo2a.xlarge", "eo2a.2xlarge"]);
    expect(cp[0].label).toBe("eo2a.large — 2 vCPU, 7.5 GiB RAM, 32 GB disk");
    const workers = await a.listOptions("workerMachineSpecs", {});
    expect(workers.some((o) => /GPU A6000/.test(o.label))).toBe(true);
    expect(workers.some((o) => o.value === "eo2.large")).toBe(false);
    expect((await a.listOptions("regions", {})).map((o) => o.value)).toEqual(["WAW3-1"]);
    await expectKind(a.listOptions("flavours", {}), "invalid");
    const fields = definition.createSchema().fields.filter((f) => f.optionsSource);
    for (const f of fields) await a.listOptions(f.optionsSource!, { scope: "WAW3-1" });
  });

  it("validates create input locally and resolves names to catalogue ids", async () => {
    const a = adapter();
    const err = await expectKind(a.createCluster("WAW3-1", { name: "ok", version: "1.33.5", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 2, nodePools: [{ name: "p", machineSpec: "eo2a.large", autoscale: true, sizeMin: 3 }] }), "invalid");
    expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining(["controlPlaneSize", "nodePools.0.sizeMax"]));
    expect((await expectKind(a.createCluster("WAW3-1", { name: "ok", version: "1.29.15", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 1 }), "invalid")).message).toMatch(/not an active version/);
    expect((await expectKind(a.createCluster("WAW3-1", { name: "ok", version: "1.33.5", controlPlaneMachineSpec: "hma.large", controlPlaneSize: 1 }), "invalid")).message).toMatch(/control-plane/);
    expect((await expectKind(a.createCluster("WAW3-1", { name: "ok", version: "1.33.5", controlPlaneMachineSpec: "eo2.large", controlPlaneSize: 1 }), "invalid")).message).toMatch(/not available/);
    const c = await seeded("Running");
    const pools = (await api("GET", `/cluster/${c.id}/node-pool`)).body.items;
    await expectKind(a.updateNodePool!("WAW3-1", c.id, pools[0].id, { name: "renamed" }), "invalid");
    await expectKind(a.updateNodePool!("WAW3-1", c.id, pools[0].id, { autoscaling: true, minNodes: 5, maxNodes: 2 }), "invalid");
  });

  it("maps a server-side validation refusal to invalid with field problems", async () => {
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ code: 3, message: "invalid request: name: bad", details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", field_violations: [{ field: "name", description: "bad" }] }] }), { status: 400 })) as typeof fetch;
    const err = await expectKind(adapter({ http: { fetchImpl } }).listScopes(), "invalid");
    expect(err.fields).toEqual({ name: ["bad"] });
    expect(err.status).toBe(400);
  });

  it("maps injected faults: 429, 5xx, timeout, malformed and WAF pages", async () => {
    const a = adapter();
    await admin("PUT", "/faults", { errorRates: { "429": 1 }, retryAfterSeconds: 2 });
    const limited = await expectKind(a.listScopes(), "rate_limited");
    expect(limited.message).toBe("too many requests");
    expect(limited.retryAfterMs).toBe(2000);
    await admin("PUT", "/faults", { errorRates: { "500": 1 } });
    expect((await expectKind(a.listClusters(), "unavailable")).message).toBe("internal error");
    await admin("PUT", "/faults", { errorRates: { "503": 1 }, retryAfterSeconds: 0 });
    expect((await expectKind(a.listVersions(), "unavailable")).status).toBe(503);
    await admin("PUT", "/faults", { hangRate: 1 });
    await expectKind(adapter({ http: { timeoutMs: 200, maxAttempts: 1 } }).listScopes(), "timeout");
    await admin("PUT", "/faults", { malformedRate: 1 });
    await expectKind(a.listVersions(), "bad_response");
    await admin("PUT", "/faults", {});
    await admin("PUT", "/waf", { enabled: true });
    const waf = await fetch(`${conns[0].baseUrl}/cluster`);
    expect(waf.status).toBe(200);
    expect(await waf.text()).toContain("The requested URL was rejected");
    await expectKind(a.listScopes(), "bad_response");
    await admin("PUT", "/waf", { enabled: false });
    expect((await a.listScopes()).length).toBe(1);
  });

  it("does not retry a create that failed with a 5xx (not idempotent)", async () => {
    const before = (await api("GET", "/cluster")).body.items.length;
    let calls = 0;
    const fetchImpl = (async (url: URL | RequestInfo, init?: RequestInit) => {
      if (init?.method === "POST") {
        calls++;
        return new Response(JSON.stringify({ code: 14, message: "service unavailable", details: [] }), { status: 503 });
      }
      return fetch(url, init);
    }) as typeof fetch;
    await expectKind(adapter({ http: { fetchImpl } }).createCluster("WAW3-1", { name: "once", version: "1.34.2", controlPlaneMachineSpec: "eo2a.large", controlPlaneSize: 1 }), "unavailable");
    expect(calls).toBe(1);
    expect((await api("GET", "/cluster")).body.items.length).toBe(before);
  });

  it("normalises versions and maps every provider status", () => {
    expect(normalizeVersion("v1.30.2")).toBe("1.30.2");
    expect(normalizeVersion("1.30")).toBe("1.30");
    expect(normalizeVersion("V1.31.10-cf.1")).toBe("1.31.10");
    expect(normalizeVersion("latest")).toBeNull();
    expect(["Creating", "Running", "Upgrading", "Configuring", "Deleting", "Error", "Paused"].map(mapStatus)).toEqual([
      "provisioning",
      "running",
      "upgrading",
      "updating",
      "deleting",
      "failed",
      "unknown",
    ]);
  });
});
