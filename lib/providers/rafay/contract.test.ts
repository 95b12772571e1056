/**
 * Rafay-specific contract tests over real HTTP against simulators/rafay: wire formats, status
 * codes and error bodies of the v3 API, every ProviderError kind, and full lifecycles at
 * simulated time.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- raw wire JSON is inspected field by field */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/rafay";
import { ProviderError, type HttpOptions, type ProviderCluster } from "../types";
import { RafayAdapter } from "./adapter";
import { apiKeyHeaderValue, kubernetesVersionsPath } from "./client";
import { definition } from ".";

const FAST: Partial<HttpOptions> = { timeoutMs: 1_500, backoffBaseMs: 10, backoffMaxMs: 100, budgetMs: 4_000, maxAttempts: 3 };
const INFRA = "/apis/infra.k8smgmt.io/v3";
const SYS = "/apis/system.k8smgmt.io/v3";
const NO_ERRORS = { "500": 0, "502": 0, "503": 0, "429": 0 };
const env = (e: Record<string, string> = {}) => e as NodeJS.ProcessEnv;

let sim: RunningSimulator;
let credentials: Record<string, string>;
let token: string;

const adapter = (over: Partial<HttpOptions> = {}, creds = credentials, pageSize?: number) =>
  new RafayAdapter({ baseUrl: sim.url, credentials: creds, http: { ...FAST, ...over } }, { pageSize });

async function call(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const res = await fetch(sim.url + path, {
    method,
    headers: { "X-API-KEY": token, "Content-Type": "application/json", ...opts.headers },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}
const admin = (path: string, body: unknown) =>
  fetch(`${sim.url}/__sim${path}`, { method: path === "/faults" ? "PUT" : "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }).then((r) => {
    expect(r.status).toBe(200);
  });
const advance = (ms: number) => admin("/clock", { advanceMs: ms });
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, maxMinutes = 240): Promise<T> {
  let v = await read();
  for (let m = 0; m < maxMinutes && !done(v); m += 2) {
    await advance(2 * MINUTE);
    v = await read();
  }
  return v;
}
async function kindOf(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}
const expectApiError = (r: { status: number; json: any }, status: number, text?: RegExp) => {
  expect(r.status).toBe(status);
  expect(r.json).toMatchObject({ code: status, external: expect.any(String), internal: expect.any(String) });
  if (text) expect(r.json.external).toMatch(text);
};

function mksBody(name: string, version = "v1.35.6", extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "infra.k8smgmt.io/v3",
    kind: "Cluster",
    metadata: { name, project: "defaultproject", labels: { env: "test" } },
    spec: {
      type: "mks",
      blueprint: { name: "minimal", version: "latest" },
      config: {
        kubernetesVersion: version,
        location: "sanjose-us",
        autoApproveNodes: true,
        network: { cni: { name: "Calico" }, podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
        nodes: [
          { hostname: `${name}-cp1`, arch: "amd64", operatingSystem: "Ubuntu22.04", privateIP: "10.9.0.11", roles: ["ControlPlane", "Worker"] },
          { hostname: `${name}-w1`, arch: "amd64", operatingSystem: "Ubuntu22.04", privateIP: "10.9.0.21", roles: ["Worker"] },
        ],
        ...extra,
      },
    },
  };
}
const wizardInput = (name: string, over: Record<string, unknown> = {}) => ({
  project: "defaultproject",
  name,
  type: "mks",
  blueprint: "minimal",
  kubernetesVersion: "v1.35.6",
  nodes: [
    { hostname: `${name}-cp1`, privateIP: "10.30.0.11", roles: "ControlPlane,Worker" },
    { hostname: `${name}-w1`, privateIP: "10.30.0.21", roles: "Worker" },
  ],
  ...over,
});

beforeAll(async () => {
  const clock = new SimClock(1);
  credentials = simulator.credentialsFromEnv(env());
  token = apiKeyHeaderValue(credentials);
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials }), clock, { port: 0, seed: "contract" });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await admin("/reset", {});
});
afterEach(async () => {
  await admin("/faults", {});
});

describe("rafay definition and credentials", () => {
  it("reads the documented env names with demo defaults", () => {
    expect(simulator.portEnv).toBe("SIM_RAFAY_PORT");
    expect(simulator.defaultPort).toBe(4104);
    expect(simulator.credentialsFromEnv(env({ SIM_RAFAY_API_KEY: "ra2.abc", SIM_RAFAY_API_SECRET: "def" }))).toEqual({ apiKey: "ra2.abc", apiSecret: "def" });
    expect(definition.defaultBaseUrl).toBe("https://console.rafay.dev");
    expect(definition.nodePools).toEqual({ create: false, scale: false, delete: false });
    expect(definition.credentialsSchema.safeParse({ apiKey: "ra2.x.y" }).success).toBe(true);
    expect(definition.credentialsSchema.safeParse({ apiSecret: "y" }).success).toBe(false);
  });

  it("composes the header value from key id and secret, or sends a full token as is", () => {
    expect(apiKeyHeaderValue({ apiKey: "ra2.abc123", apiSecret: "ff00" })).toBe("ra2.abc123.ff00");
    expect(apiKeyHeaderValue({ apiKey: "ra2.abc123.ff00", apiSecret: "ff00" })).toBe("ra2.abc123.ff00");
    expect(apiKeyHeaderValue({ apiKey: "legacykey123", apiSecret: "s" })).toBe("legacykey123");
  });

  it("keeps the assumed supported-versions path in one place", () => {
    expect(kubernetesVersionsPath("p 1")).toBe(`${INFRA}/projects/p%201/clusters/kubernetesversions`);
    expect(kubernetesVersionsPath("p", "c")).toBe(`${INFRA}/projects/p/clusters/c/kubernetesversions`);
  });
});

describe("rafay auth", () => {
  it("answers 401 APIError for a missing, unknown, partial or expired key", async () => {
    expectApiError(await call("GET", `${SYS}/projects`, { headers: { "X-API-KEY": "" } }), 401, /missing API key/);
    expectApiError(await call("GET", `${SYS}/projects`, { headers: { "X-API-KEY": "ra2.deadbeef.cafe" } }), 401, /invalid API key/);
    // the key id alone is not enough once the key has a secret
    expectApiError(await call("GET", `${SYS}/projects`, { headers: { "X-API-KEY": credentials.apiKey } }), 401);
    await admin("/expire-key", { expired: true });
    expectApiError(await call("GET", `${SYS}/projects`), 401, /expired/);
    const e = await kindOf(adapter().listScopes());
    expect(e.kind).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.message).toMatch(/expired/);
  });

  it("accepts the key in X-RAFAY-API-KEYID, in any header case, and ignores signature headers", async () => {
    const r = await fetch(`${sim.url}${SYS}/projects`, { headers: { "x-rafay-api-keyid": token, date: "1700000000", nonce: "42", "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==", Authorization: 'Signature keyId="x",algorithm="hmac-sha256",signature="zzz"' } });
    expect(r.status).toBe(200);
  });

  it("uses the v1 error envelope on classic paths", async () => {
    const r = await call("GET", "/auth/v1/projects/", { headers: { "X-API-KEY": "nope" } });
    expect(r.status).toBe(401);
    expect(r.json.details[0]).toMatchObject({ error_code: expect.any(String), detail: "invalid API key" });
  });

  it("answers 403 for a project the key has no role in, mapped to forbidden", async () => {
    expectApiError(await call("GET", `${SYS}/projects/platform-admin`), 403, /access denied/);
    expectApiError(await call("GET", `${INFRA}/projects/platform-admin/clusters`), 403);
    expectApiError(await call("DELETE", `${INFRA}/projects/platform-admin/clusters/anything`), 403);
    const e = await kindOf(adapter().listClusters("platform-admin"));
    expect(e.kind).toBe("forbidden");
    expect((await adapter().listScopes()).map((s) => s.externalId)).not.toContain("platform-admin");
  });

  it("never echoes the credentials in errors", async () => {
    const bad = { apiKey: "ra2.0123456789abcdef", apiSecret: "supersecretvalue999" };
    const e = await kindOf(adapter({}, bad).listScopes());
    expect(JSON.stringify(e) + e.message).not.toMatch(/supersecretvalue999|0123456789abcdef/);
  });
});

describe("rafay lists, pagination and reads", () => {
  it("uses the v3 list envelope with count before paging, limit/offset and a default limit of 25", async () => {
    const all = await call("GET", `${INFRA}/projects/retail-edge/clusters`);
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ apiVersion: "infra.k8smgmt.io/v3", kind: "ClusterList", metadata: { offset: 0, limit: 25 } });
    const count = all.json.metadata.count;
    expect(count).toBe(all.json.items.length);
    expect(count).toBeGreaterThanOrEqual(10);
    const page = await call("GET", `${INFRA}/projects/retail-edge/clusters?limit=4&offset=8&order=DESC&orderBy=name`);
    expect(page.json.metadata).toEqual({ count, offset: 8, limit: 4 });
    const names = all.json.items.map((c: any) => c.metadata.name).sort().reverse();
    expect(page.json.items.map((c: any) => c.metadata.name)).toEqual(names.slice(8, 12));
    expectApiError(await call("GET", `${INFRA}/projects/retail-edge/clusters?limit=-1`), 400, /limit/);
    expectApiError(await call("GET", `${INFRA}/projects/retail-edge/clusters?offset=abc`), 400, /offset/);
  });

  it("pages through every item with a small page size", async () => {
    const small = await adapter({}, credentials, 3).listClusters("defaultproject");
    const big = await adapter().listClusters("defaultproject");
    expect(small.map((c) => c.name).sort()).toEqual(big.map((c) => c.name).sort());
    expect(small.length).toBeGreaterThan(3);
  });

  it("serves projects, blueprints and the wire shapes of clusters", async () => {
    const projects = await call("GET", `${SYS}/projects`);
    expect(projects.json.kind).toBe("ProjectList");
    expect(projects.json.items.map((p: any) => p.metadata.name)).toEqual(["defaultproject", "ml-platform", "retail-edge"]);
    const p = await call("GET", `${SYS}/projects/defaultproject/status`);
    expect(p.json).toMatchObject({ kind: "Project", metadata: { name: "defaultproject" }, spec: { default: true } });
    const bps = await call("GET", `${INFRA}/projects/retail-edge/blueprints`);
    expect(bps.json.items.map((b: any) => b.metadata.name).sort()).toEqual(["default", "edge-standard", "minimal"]);
    const c = (await call("GET", `${INFRA}/projects/defaultproject/clusters`)).json.items[0];
    expect(c.status.id).toMatch(/^[a-z][a-z0-9]{6}$/);
    expect(typeof c.status.commonStatus.conditionStatus).toBe("number");
    expect(c.status.commonStatus.lastUpdated).toEqual({ seconds: expect.any(Number), nanos: expect.any(Number) });
    expect(Date.parse(c.status.createdAt)).not.toBeNaN();
    expect(c.status.conditions.map((x: any) => x.type)).toEqual([
      "ClusterRegisterSucceeded", "ClusterApproveSucceeded", "ClusterCheckInSucceeded", "ClusterNodeSyncSucceeded", "ClusterBlueprintSyncSucceeded", "ClusterNamespaceSyncSucceeded", "ClusterReady",
    ]);
  });

  it("seeds every required type and state", async () => {
    const clusters = await adapter().listClusters();
    const types = new Set(clusters.map((c) => c.raw?.type));
    expect([...types].sort()).toEqual(["aks", "aws-eks", "imported", "mks"]);
    const statuses = new Set(clusters.map((c) => c.status));
    for (const s of ["running", "provisioning", "upgrading", "updating", "deleting", "failed"]) expect(statuses, s).toContain(s);
    const perProject = new Map<string, number>();
    for (const c of clusters) perProject.set(c.scope, (perProject.get(c.scope) ?? 0) + 1);
    for (const n of perProject.values()) expect(n).toBeGreaterThanOrEqual(10);
    const failed = clusters.find((c) => c.status === "failed" && c.providerStatus.includes("INFRA_CREATION_FAILED"))!;
    expect(failed.raw?.reason).toMatch(/swap is enabled/);
    const eks = clusters.find((c) => c.raw?.type === "aws-eks")!;
    expect(eks.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(eks.apiEndpoint).toMatch(/^https:\/\/.+eks\.amazonaws\.com:443$/);
  });

  it("answers 404 APIError with 'not found' for unknown clusters, projects and paths", async () => {
    expectApiError(await call("GET", `${INFRA}/projects/defaultproject/clusters/nope-cluster`), 404, /not found/);
    expectApiError(await call("GET", `${INFRA}/projects/defaultproject/clusters/nope-cluster/status`), 404, /not found/);
    expectApiError(await call("GET", `${INFRA}/projects/ghost/clusters`), 404, /not found/);
    expectApiError(await call("GET", "/apis/infra.k8smgmt.io/v3/whatever"), 404, /not found/);
    expectApiError(await call("PUT", `${INFRA}/projects/defaultproject/clusters`), 405);
    const e = await kindOf(adapter().getCluster("defaultproject", "nope-cluster"));
    expect(e).toMatchObject({ kind: "not_found", status: 404 });
    expect(e.message).toMatch(/not found/);
  });

  it("lists versions with deprecated ones inactive, the default flagged and upstream EOL dates", async () => {
    const r = await call("POST", kubernetesVersionsPath("defaultproject"), { body: { cluster_type: "mks", include_deprecated_versions: false } });
    expect(r.json).toEqual({ kubernetes_versions: ["v1.34.8", "v1.35.5", "v1.35.6", "v1.36.2", "v1.36.3"], default_version: "v1.35.6", latest_version: "v1.36.3" });
    const d = await call("POST", kubernetesVersionsPath("defaultproject"), { body: { cluster_type: "mks", include_deprecated_versions: true } });
    expect(d.json.kubernetes_versions).toContain("v1.32.12");
    expectApiError(await call("POST", kubernetesVersionsPath("defaultproject"), { body: { cluster_type: "aks" } }), 400, /only mks/);
    expectApiError(await call("POST", kubernetesVersionsPath("defaultproject"), { body: {} }), 400, /cluster_type/);
    expectApiError(await call("POST", kubernetesVersionsPath("defaultproject", "ghost"), { body: { cluster_type: "mks" } }), 404);
    const versions = await adapter().listVersions();
    expect(versions.map((v) => v.version)).toEqual(["1.32.12", "1.33.9", "1.34.8", "1.35.5", "1.35.6", "1.36.2", "1.36.3"]);
    expect(versions.filter((v) => !v.active).map((v) => v.version)).toEqual(["1.32.12", "1.33.9"]);
    expect(versions.find((v) => v.default)?.version).toBe("1.35.6");
    expect(versions.find((v) => v.version === "1.36.2")?.eol).toBe("2027-06-28");
  });

  it("offers wizard options for every option source", async () => {
    const a = adapter();
    expect((await a.listOptions("projects", {})).map((o) => o.value)).toEqual(["defaultproject", "ml-platform", "retail-edge"]);
    expect((await a.listOptions("blueprints", { project: "ml-platform" })).map((o) => o.value).sort()).toEqual(["default", "gpu-operator", "minimal"]);
    const bpv = await a.listOptions("blueprintVersions", { project: "defaultproject", blueprint: "minimal" });
    expect(bpv.map((o) => o.value)).toEqual(["latest", "3.6.0"]);
    const versions = await a.listOptions("versions", { project: "defaultproject", type: "mks" });
    expect(versions[0]).toEqual({ value: "v1.36.3", label: "1.36.3 (latest)" });
    expect(versions.find((v) => v.label.includes("default"))?.value).toBe("v1.35.6");
    expect(await a.listOptions("versions", { type: "imported" })).toEqual([]);
    expect((await a.listOptions("clusterTypes", {})).map((o) => o.value)).toEqual(["mks", "imported"]);
    expect((await kindOf(a.listOptions("zones", {}))).kind).toBe("invalid");
    // every optionsSource the wizard declares is served
    const sources = definition.createSchema().fields.flatMap((f) => [f, ...(f.itemFields ?? [])]).map((f) => f.optionsSource).filter(Boolean);
    for (const s of sources) await expect(a.listOptions(s!, { project: "defaultproject", type: "mks", blueprint: "default" })).resolves.toBeDefined();
  });

  it("serves the bootstrap YAML of imported clusters only", async () => {
    const clusters = await adapter().listClusters("defaultproject");
    const imported = clusters.find((c) => c.raw?.type === "imported")!;
    const mks = clusters.find((c) => c.raw?.type === "mks")!;
    const y = await call("GET", `${INFRA}/projects/defaultproject/clusters/${imported.name}/bootstrap`);
    expect(y.status).toBe(200);
    expect(y.headers.get("content-type")).toBe("application/x-rafay-yaml");
    expect(y.text).toContain("kind: Deployment");
    expectApiError(await call("GET", `${INFRA}/projects/defaultproject/clusters/${mks.name}/bootstrap`), 400, /imported/);
  });

  it("serves a v1 view of the same state", async () => {
    const projects = await call("GET", "/auth/v1/projects/?limit=10&offset=0");
    expect(projects.json.count).toBe(3);
    const dp = projects.json.results.find((p: any) => p.name === "defaultproject");
    expect(dp.id).toMatch(/^[a-z0-9]{7}$/);
    const edges = await call("GET", `/edge/v1/projects/${dp.id}/edges/`);
    const v3 = await call("GET", `${INFRA}/projects/defaultproject/clusters`);
    expect(edges.json.count).toBe(v3.json.metadata.count);
    const edge = edges.json.results[0];
    const one = await call("GET", `/edge/v1/projects/${dp.id}/edges/${edge.id}/`);
    expect(one.json).toMatchObject({ id: edge.id, name: edge.name, health: expect.any(Number), status: expect.any(String) });
  });
});

describe("rafay apply validation and conflicts", () => {
  it("rejects invalid specs with 400 APIError", async () => {
    const path = `${INFRA}/projects/defaultproject/clusters`;
    const noType = mksBody("bad-one") as any;
    delete noType.spec.type;
    expectApiError(await call("POST", path, { body: noType }), 400, /spec.type is required/);
    const noVersion = mksBody("bad-two") as any;
    delete noVersion.spec.config.kubernetesVersion;
    expectApiError(await call("POST", path, { body: noVersion }), 400, /kubernetesVersion is required/);
    expectApiError(await call("POST", path, { body: mksBody("bad-three", "v1.29.1") }), 400, /not supported/);
    expectApiError(await call("POST", path, { body: mksBody("bad-four", "v1.33.9") }), 400, /not supported/);
    expectApiError(await call("POST", path, { body: { ...mksBody("bad-five"), metadata: { name: "bad-five", project: "retail-edge" } } }), 400, /does not match/);
    expectApiError(await call("POST", path, { body: mksBody("Bad_Name") }), 400, /invalid cluster name/);
    expectApiError(await call("POST", path, { body: { ...mksBody("eks-one"), spec: { type: "aws-eks" } } }), 400, /clusterctl/);
    expectApiError(await call("POST", path, { body: mksBody("bad-six", "v1.35.6", { highAvailability: true }) }), 400, /highAvailability/);
    const badBp = mksBody("bad-seven") as any;
    badBp.spec.blueprint = { name: "ghost", version: "latest" };
    expectApiError(await call("POST", path, { body: badBp }), 400, /blueprint "ghost" not found/);
    expectApiError(await call("POST", path, { raw: "{not json" }), 400, /not valid JSON/);
  });

  it("accepts the OAS 2023 field names (blueprintConfig, privateip) and stores the current ones", async () => {
    const body = mksBody("legacy-names") as any;
    body.spec.blueprintConfig = body.spec.blueprint;
    delete body.spec.blueprint;
    body.spec.config.nodes[0].privateip = body.spec.config.nodes[0].privateIP;
    delete body.spec.config.nodes[0].privateIP;
    const r = await call("POST", `${INFRA}/projects/defaultproject/clusters`, { body });
    expect(r.status).toBe(200);
    expect(r.json.spec.blueprint).toEqual({ name: "minimal", version: "latest" });
    expect(r.json.spec.blueprintConfig).toBeUndefined();
    expect(r.json.spec.config.nodes[0].privateIP).toBe("10.9.0.11");
  });

  it("answers 409 for fail-on-exists, a busy cluster and a cluster being deleted", async () => {
    const path = `${INFRA}/projects/defaultproject/clusters`;
    expect((await call("POST", `${path}?fail-on-exists=true`, { body: mksBody("dup-one") })).status).toBe(200);
    expectApiError(await call("POST", `${path}?fail-on-exists=true`, { body: mksBody("dup-one") }), 409, /already exists/);
    expectApiError(await call("POST", path, { body: mksBody("dup-one") }), 409, /in progress/);
    expect((await call("DELETE", `${path}/dup-one`)).status).toBe(200);
    expectApiError(await call("POST", path, { body: mksBody("dup-one") }), 409, /being deleted/);
    const a = adapter();
    const dupe = await kindOf(a.createCluster("defaultproject", wizardInput("dup-one")));
    expect(dupe.kind).toBe("conflict");
  });

  it("validates wizard input before calling Rafay and maps provider 400s to invalid", async () => {
    const a = adapter();
    const e = await kindOf(a.createCluster("defaultproject", wizardInput("ok-name", { nodes: [] })));
    expect(e.kind).toBe("invalid");
    expect(e.fields?.nodes).toBeDefined();
    const wrongScope = await kindOf(a.createCluster("retail-edge", wizardInput("ok-name")));
    expect(wrongScope.kind).toBe("invalid");
    // a version the controller does not support passes the form but not Rafay
    const unsupported = await kindOf(a.createCluster("defaultproject", wizardInput("ok-name", { kubernetesVersion: "v1.30.1" })));
    expect(unsupported).toMatchObject({ kind: "invalid", status: 400 });
    expect(unsupported.message).toMatch(/not supported/);
  });

  it("rejects downgrades and skipped minors with 400, and upgrades of clusters that are not running", async () => {
    const a = adapter();
    const clusters = await a.listClusters("defaultproject");
    const on134 = clusters.find((c) => c.status === "running" && c.raw?.type === "mks" && c.version === "1.34.8");
    const running = on134 ?? clusters.find((c) => c.status === "running" && c.raw?.type === "mks" && c.version?.startsWith("1.35"))!;
    const down = await kindOf(a.upgradeCluster("defaultproject", running.name, "1.32.12"));
    expect(down).toMatchObject({ kind: "invalid", status: 400 });
    expect(down.message).toMatch(/downgrad/);
    if (on134) {
      const skip = await kindOf(a.upgradeCluster("defaultproject", on134.name, "1.36.3"));
      expect(skip.message).toMatch(/skips a minor/);
    }
    const upgrading = clusters.find((c) => c.status === "upgrading")!;
    const busy = await kindOf(a.upgradeCluster("defaultproject", upgrading.name, "1.36.3"));
    expect(busy.kind).toBe("conflict");
    const eks = clusters.find((c) => c.raw?.type === "aws-eks")!;
    expect((await kindOf(a.upgradeCluster("defaultproject", eks.name, "1.34.2"))).kind).toBe("invalid");
  });
});

describe("rafay lifecycles", () => {
  it("provisions through the seven conditions in order to StatusOK", async () => {
    const a = adapter();
    const h = await a.createCluster("defaultproject", wizardInput("life-one"));
    expect(h).toMatchObject({ externalId: "life-one", scope: "defaultproject" });
    expect(h.cluster?.status).toBe("provisioning");
    const path = `${INFRA}/projects/defaultproject/clusters/life-one/status`;
    const first = (await call("GET", path)).json.status;
    expect(first.commonStatus).toMatchObject({ conditionStatus: 1, conditionType: "ClusterOperationSubmitted", reason: "clusterOperationisbeingapplied" });
    expect(first.provisionStatus).toBe("INFRA_CREATION_INPROGRESS");
    expect(first.conditions.every((c: any) => c.status === "False")).toBe(true);
    const order: string[] = [];
    let s = first;
    for (let m = 0; m < 60 && s.commonStatus.conditionStatus === 1; m++) {
      await advance(MINUTE);
      s = (await call("GET", path)).json.status;
      for (const c of s.conditions) if (c.status === "True" && !order.includes(c.type)) order.push(c.type);
    }
    expect(order).toEqual(["ClusterRegisterSucceeded", "ClusterApproveSucceeded", "ClusterCheckInSucceeded", "ClusterNodeSyncSucceeded", "ClusterBlueprintSyncSucceeded", "ClusterNamespaceSyncSucceeded", "ClusterReady"]);
    expect(s.commonStatus.conditionStatus).toBe(2);
    expect(s.provisionStatus).toBeUndefined();
    expect(s.controPlane).toEqual({ kubeVersion: "v1.35.6", endpoint: { host: "10.30.0.11", port: "6443" } });
    expect(s.blueprint).toEqual({ name: "minimal", version: "3.6.0" });
    const c = await a.getCluster("defaultproject", "life-one");
    expect(c).toMatchObject({ status: "running", version: "1.35.6", nodeCount: 2, region: null, apiEndpoint: "https://10.30.0.11:6443", providerStatus: "StatusOK" });
  });

  // issue 19 item 10: Rafay's Terraform provider (WaitForClusterApplyOperation) reads commonStatus only when status.mks
  // is present; a client written like it must see a create through to StatusOK
  it("emits status.mks on MKS clusters from the first answer on, so a Terraform-like wait ends, and the endpoint port as a string", async () => {
    await adapter().createCluster("defaultproject", wizardInput("tf-wait"));
    const path = `${INFRA}/projects/defaultproject/clusters/tf-wait/status`;
    let outcome: string | null = null;
    for (let m = 0; m < 120 && !outcome; m++) {
      const s = (await call("GET", path)).json.status;
      expect(s.mks, "status.mks on every status answer of an MKS cluster").toEqual(expect.any(Object));
      if (s.mks && s.commonStatus.conditionStatus === 2) outcome = "ok";
      else if (s.mks && s.commonStatus.conditionStatus === 3) outcome = "failed";
      else await advance(MINUTE);
    }
    expect(outcome).toBe("ok");
    const all = (await call("GET", `${INFRA}/projects/defaultproject/clusters?limit=100`)).json.items as any[];
    for (const c of all) {
      expect(Boolean(c.status.mks), `${c.metadata.name} (${c.spec.type}) status.mks`).toBe(c.spec.type === "mks");
      const port = c.status.controPlane?.endpoint?.port;
      if (port !== undefined) expect(typeof port, `${c.metadata.name} endpoint port`).toBe("string");
    }
    expect(all.some((c) => c.status.controPlane?.endpoint?.port)).toBe(true);
  });

  it("fails an injected provisioning with StatusFailed, the reason and INFRA_CREATION_FAILED", async () => {
    await admin("/fail-next", { operation: "provision", condition: "ClusterNodeSyncSucceeded", reason: "node life-two-w1 did not register" });
    const a = adapter();
    await a.createCluster("defaultproject", wizardInput("life-two"));
    const c = await until(() => a.getCluster("defaultproject", "life-two"), (x) => x.status !== "provisioning");
    expect(c.status).toBe("failed");
    expect(c.providerStatus).toBe("StatusFailed (INFRA_CREATION_FAILED)");
    expect(c.raw?.reason).toBe("node life-two-w1 did not register");
    const raw = (await call("GET", `${INFRA}/projects/defaultproject/clusters/life-two/status`)).json.status;
    expect(raw.conditions.find((x: any) => x.type === "ClusterNodeSyncSucceeded")).toMatchObject({ status: "False", reason: "node life-two-w1 did not register" });
    expect(raw.commonStatus.conditionStatus).toBe(3);
    // re-applying retries the provisioning
    const retried = await call("POST", `${INFRA}/projects/defaultproject/clusters`, { body: (await call("GET", `${INFRA}/projects/defaultproject/clusters/life-two`)).json });
    expect(retried.json.status.commonStatus.conditionStatus).toBe(1);
  });

  it("upgrades one minor with ClusterReady kept True and a ClusterUpgrade taskset, then deletes to 404", async () => {
    const a = adapter();
    await a.createCluster("defaultproject", wizardInput("life-three"));
    const running = await until(() => a.getCluster("defaultproject", "life-three"), (x) => x.status === "running");
    expect(running.version).toBe("1.35.6");
    const versions = await a.listVersions("defaultproject");
    const opts = definition.upgradeOptions({ cluster: running, versions, operationRunning: false });
    expect(opts.filter((o) => o.allowed).map((o) => o.version)).toEqual(["1.36.2", "1.36.3"]);

    const h = await a.upgradeCluster("defaultproject", "life-three", "1.36.3");
    expect(h.cluster?.status).toBe("upgrading");
    const path = `${INFRA}/projects/defaultproject/clusters/life-three/status`;
    let s = (await call("GET", path)).json;
    expect(s.spec.config.kubernetesVersion).toBe("v1.36.3");
    expect(s.status.lastTasksets[0].tasksetOperations[0].operationName).toBe("ClusterUpgrade");
    while (s.status.commonStatus.conditionStatus === 1) {
      expect(s.status.conditions.find((c: any) => c.type === "ClusterReady").status).toBe("True");
      expect(s.status.controPlane.kubeVersion).toBe("v1.35.6");
      await advance(2 * MINUTE);
      s = (await call("GET", path)).json;
    }
    expect(s.status.commonStatus.conditionStatus).toBe(2);
    expect(s.status.controPlane.kubeVersion).toBe("v1.36.3");
    expect((await a.getCluster("defaultproject", "life-three")).status).toBe("running");

    const del = await call("DELETE", `${INFRA}/projects/defaultproject/clusters/life-three`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect((await a.getCluster("defaultproject", "life-three")).status).toBe("deleting");
    expect((await call("DELETE", `${INFRA}/projects/defaultproject/clusters/life-three`)).status).toBe(200);
    await advance(10 * MINUTE);
    expectApiError(await call("GET", path), 404, /not found/);
    expect((await a.listClusters("defaultproject")).map((c) => c.name)).not.toContain("life-three");
    expect((await kindOf(a.deleteCluster("defaultproject", "life-three"))).kind).toBe("not_found");
  });

  it("marks a failed upgrade failed and keeps the old version", async () => {
    const a = adapter();
    await a.createCluster("defaultproject", wizardInput("life-four"));
    await until(() => a.getCluster("defaultproject", "life-four"), (x) => x.status === "running");
    await admin("/fail-next", { operation: "upgrade", reason: "etcd snapshot failed" });
    await a.upgradeCluster("defaultproject", "life-four", "1.36.2");
    const c = await until(() => a.getCluster("defaultproject", "life-four"), (x) => x.status !== "upgrading");
    expect(c).toMatchObject({ status: "failed", version: "1.35.6" });
    expect(c.raw?.lastError).toBe("etcd snapshot failed");
    // retrying the same upgrade is allowed from the failed state
    await a.upgradeCluster("defaultproject", "life-four", "1.36.2");
    const done = await until(() => a.getCluster("defaultproject", "life-four"), (x) => x.status === "running");
    expect(done.version).toBe("1.36.2");
  });

  it("upgrades an AKS cluster's control plane and node pools together", async () => {
    const a = adapter();
    const aks = (await a.listClusters()).find((c) => c.raw?.type === "aks" && c.status === "running")!;
    const next = `1.${Number(aks.version!.split(".")[1]) + 1}.0`;
    await a.upgradeCluster(aks.scope, aks.name, next);
    const raw = (await call("GET", `${INFRA}/projects/${aks.scope}/clusters/${aks.name}`)).json;
    expect(raw.spec.config.spec.managedCluster.properties.kubernetesVersion).toBe(next);
    expect(raw.spec.config.spec.nodePools.every((p: any) => p.properties.orchestratorVersion === next)).toBe(true);
    const done = await until(() => a.getCluster(aks.scope, aks.name), (x) => x.status === "running");
    expect(done.version).toBe(next);
    expect(done.nodePools.every((p) => p.version === next)).toBe(true);
  });

  it("creates an imported cluster that registers once bootstrapped", async () => {
    const a = adapter();
    await a.createCluster("defaultproject", { project: "defaultproject", name: "life-five", type: "imported", blueprint: "default", kubernetesProvider: "EKS", provisionEnvironment: "CLOUD" });
    const c = await until(() => a.getCluster("defaultproject", "life-five"), (x: ProviderCluster) => x.status === "running");
    expect(c.status).toBe("running");
    expect(c.raw?.type).toBe("imported");
  });

  it("re-applies a changed blueprint as an update", async () => {
    const a = adapter();
    const c = (await a.listClusters("defaultproject")).find((x) => x.status === "running" && x.raw?.type === "mks")!;
    const body = (await call("GET", `${INFRA}/projects/defaultproject/clusters/${c.name}`)).json;
    body.spec.blueprint = { name: body.spec.blueprint.name === "default" ? "minimal" : "default", version: "latest" };
    const r = await call("POST", `${INFRA}/projects/defaultproject/clusters`, { body });
    expect(r.status).toBe(200);
    expect((await a.getCluster("defaultproject", c.name)).status).toBe("updating");
    await advance(5 * MINUTE);
    const after = await a.getCluster("defaultproject", c.name);
    expect(after.status).toBe("running");
    expect((after.raw?.blueprint as { name: string }).name).toBe(body.spec.blueprint.name);
  });
});

describe("rafay error kinds", () => {
  it.each([
    ["500", "unavailable", 500],
    ["502", "unavailable", 502],
    ["503", "unavailable", 503],
    ["429", "rate_limited", 429],
  ] as const)("maps injected %s to %s with Rafay's error body", async (code, kind, status) => {
    await admin("/faults", { errorRates: { ...NO_ERRORS, [code]: 1 }, retryAfterSeconds: 0 });
    const raw = await call("GET", `${SYS}/projects`);
    expect(raw.status).toBe(status);
    expect(raw.json).toMatchObject({ code: status, external: expect.any(String), internal: expect.any(String) });
    const e = await kindOf(adapter().listScopes());
    expect(e).toMatchObject({ kind, status });
    expect(e.message).toBe(raw.json.external);
  });

  it("does not retry a non-idempotent create on 503", async () => {
    await admin("/faults", { errorRates: { ...NO_ERRORS, "503": 1 }, retryAfterSeconds: 0, methods: ["POST"], pathPattern: "/clusters$" });
    let calls = 0;
    const a = new RafayAdapter({ baseUrl: sim.url, credentials, http: { ...FAST, onCall: (i) => (calls = i.attempts) } });
    expect((await kindOf(a.createCluster("defaultproject", wizardInput("no-retry")))).kind).toBe("unavailable");
    expect(calls).toBe(1);
  });

  it("maps a hanging controller to timeout and a broken body to bad_response", async () => {
    await admin("/faults", { hangRate: 1 });
    expect((await kindOf(adapter({ timeoutMs: 200, maxAttempts: 1 }).listScopes())).kind).toBe("timeout");
    await admin("/faults", { malformedRate: 1 });
    expect((await kindOf(adapter().listClusters("defaultproject"))).kind).toBe("bad_response");
  });

  it("rejects a 200 whose shape is not a Rafay list", async () => {
    const a = new RafayAdapter({
      baseUrl: "http://rafay.invalid",
      credentials,
      http: { ...FAST, fetchImpl: async () => new Response(JSON.stringify({ items: [{ metadata: {} }] }), { status: 200, headers: { "Content-Type": "application/json" } }) },
    });
    const e = await kindOf(a.listScopes());
    expect(e.kind).toBe("bad_response");
    expect(e.message).toMatch(/items\.0\.metadata\.name/);
  });

  it("reads v1 and v2 error bodies too", async () => {
    const respond = (status: number, body: unknown) =>
      new RafayAdapter({ baseUrl: "http://rafay.invalid", credentials, http: { ...FAST, maxAttempts: 1, fetchImpl: async () => new Response(JSON.stringify(body), { status }) } });
    const v1 = await kindOf(respond(409, { details: [{ error_code: "CONFIG035", detail: "organization already exists" }] }).listScopes());
    expect(v1).toMatchObject({ kind: "conflict", message: "CONFIG035: organization already exists" });
    const v2 = await kindOf(respond(400, { error: "project not found" }).listScopes());
    expect(v2).toMatchObject({ kind: "invalid", message: "project not found" });
    const plain = await kindOf(respond(403, "forbidden").listScopes());
    expect(plain.kind).toBe("forbidden");
  });

  it("summarises what the key sees", async () => {
    const r = await adapter().testConnection();
    const total = (await adapter().listClusters()).length;
    expect(r).toEqual({ ok: true, summary: `3 projects, ${total} clusters`, scopes: 3, clusters: total });
  });
});
