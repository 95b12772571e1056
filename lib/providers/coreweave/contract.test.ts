/**
 * CoreWeave-specific contract: the simulator's wire behaviour (status codes, google.rpc.Status
 * bodies, envelopes, update-mask rules, lifecycles) and the adapter's mapping of every error kind,
 * all over real HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOUR, MINUTE, SimClock } from "@/simulators/kit/clock";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/coreweave";
import { ProviderError, type HttpOptions } from "../types";
import { CoreWeaveAdapter } from "./adapter";
import { toCreateRequest } from "./adapter";
import { createInputSchema } from "./create-schema";

const TOKEN = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv).token;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const FAST: Partial<HttpOptions> = { timeoutMs: 1_500, backoffBaseMs: 10, backoffMaxMs: 100, budgetMs: 5_000, maxAttempts: 3 };
/** the kit's fault schema wants every status key; a full record works with either behaviour */
const rates = (r: Partial<Record<"500" | "502" | "503" | "429", number>>) => ({ "500": 0, "502": 0, "503": 0, "429": 0, ...r });

let sim: RunningSimulator;
let clock: SimClock;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function api(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Answer> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(sim.url + path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const admin = (method: string, path: string, body?: unknown) => api(method, `/__sim${path}`, body, null);
const advance = (ms: number) => admin("POST", "/clock", { advanceMs: ms });
const adapter = (over: Partial<HttpOptions> = {}, token = TOKEN) => new CoreWeaveAdapter({ baseUrl: sim.url, credentials: { token }, http: { ...FAST, ...over } });

async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

function expectRpc(a: Answer, status: number, code: number, message?: RegExp) {
  expect(a.status).toBe(status);
  expect(typeof a.body.code).toBe("number");
  expect(a.body.code).toBe(code);
  expect(typeof a.body.message).toBe("string");
  expect(Array.isArray(a.body.details)).toBe(true);
  if (message) expect(a.body.message).toMatch(message);
}
const violations = (a: Answer): Record<string, string> =>
  Object.fromEntries(a.body.details.flatMap((d: { fieldViolations?: { field: string; description: string }[] }) => (d.fieldViolations ?? []).map((v) => [v.field, v.description])));

async function defaultVpc(zone = "US-EAST-04A") {
  const vpcs = (await api("GET", "/v1beta1/networking/vpcs")).body.items as { id: string; zone: string; name: string }[];
  return vpcs.find((v) => v.zone === zone && v.name === "default")!;
}
async function createBody(name: string, over: Record<string, unknown> = {}) {
  const vpc = await defaultVpc();
  return { name, zone: "US-EAST-04A", vpcId: vpc.id, version: "v1.35", network: { podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] }, ...over };
}
/** creates a cluster and lets it reach RUNNING */
async function runningCluster(name: string, over: Record<string, unknown> = {}) {
  const created = await api("POST", "/v1beta1/cks/clusters", await createBody(name, over));
  expect(created.status).toBe(200);
  await advance(55 * MINUTE);
  const got = await api("GET", `/v1beta1/cks/clusters/${created.body.cluster.id}`);
  expect(got.body.cluster.status).toBe("STATUS_RUNNING");
  return got.body.cluster as { id: string; version: string; [k: string]: unknown };
}

beforeAll(async () => {
  clock = new SimClock(1);
  sim = await startSimulator(simulator.create({ clock, seed: "contract", credentials: { token: TOKEN } }), clock, { port: 0, seed: "contract" });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  expect((await admin("POST", "/reset")).status).toBe(200);
  await admin("POST", "/clock", { scale: 1 });
});

describe("coreweave simulator: authentication", () => {
  it("answers 401 UNAUTHENTICATED without, with a wrong, or with a non-bearer token", async () => {
    expectRpc(await api("GET", "/v1beta1/cks/clusters", undefined, null), 401, 16, /missing bearer token/);
    expectRpc(await api("GET", "/v1beta1/cks/clusters", undefined, "CW-SECRET-wrong"), 401, 16, /invalid or expired/);
    const basic = await fetch(`${sim.url}/v1beta1/networking/vpcs`, { headers: { Authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it("answers 403 PERMISSION_DENIED to mutations with a read-only token, reads still work", async () => {
    await admin("POST", "/tokens", { token: "cw-readonly", access: "read" });
    expect((await api("GET", "/v1beta1/cks/clusters", undefined, "cw-readonly")).status).toBe(200);
    expectRpc(await api("POST", "/v1beta1/cks/clusters", await createBody("ro-try"), "cw-readonly"), 403, 7);
    const a = adapter({}, "cw-readonly");
    const [c] = await a.listClusters();
    expect((await providerError(a.deleteCluster(c.scope, c.externalId))).kind).toBe("forbidden");
    expect((await providerError(adapter({}, "nope").testConnection())).kind).toBe("unauthorized");
  });
});

describe("coreweave simulator: envelopes and proto3 JSON", () => {
  it("lists clusters and VPCs in {items}, unpaginated, across zones, with enum names and RFC 3339 times", async () => {
    const clusters = await api("GET", "/v1beta1/cks/clusters");
    expect(clusters.status).toBe(200);
    expect(Object.keys(clusters.body)).toEqual(["items"]);
    const items = clusters.body.items as Record<string, unknown>[];
    expect(new Set(items.map((c) => c.zone))).toEqual(new Set(["US-EAST-04A", "US-WEST-01A", "US-LAB-01A"]));
    for (const zone of ["US-EAST-04A", "US-WEST-01A", "US-LAB-01A"]) expect(items.filter((c) => c.zone === zone).length).toBeGreaterThanOrEqual(10);
    for (const c of items) {
      expect(c.id).toMatch(UUID);
      expect(c.version).toMatch(/^v1\.\d+$/);
      expect(c.status).toMatch(/^STATUS_[A-Z]+$/);
      expect(c.createdAt).toMatch(RFC3339);
      expect(c.apiServerEndpoint).toMatch(/^[0-9a-f]{6}-[0-9a-f]{8}\.k8s\.[a-z0-9-]+\.coreweave\.com$/);
      expect(c.public === undefined || c.public === true).toBe(true); // false is a zero value: omitted
    }
    const statuses = new Set(items.map((c) => c.status));
    for (const s of ["STATUS_RUNNING", "STATUS_FAILED", "STATUS_UPGRADING", "STATUS_UPDATING", "STATUS_CREATING"]) expect(statuses).toContain(s);
    expect(items.some((c) => c.version === "v1.32")).toBe(true);
    const vpcs = await api("GET", "/v1beta1/networking/vpcs");
    expect(vpcs.body.items.length).toBeGreaterThanOrEqual(3);
    expect(vpcs.body.items[0].vpcPrefixes[0]).toMatchObject({ name: "pod cidr", status: "STATUS_AVAILABLE" });
  });

  it("can emit every field (zero values and null messages) instead", async () => {
    await admin("PUT", "/config", { emitDefaults: true });
    const items = (await api("GET", "/v1beta1/cks/clusters")).body.items as Record<string, unknown>[];
    const c = items.find((x) => x.public === false && x.oidc === null);
    expect(c).toBeDefined();
    expect(c).toHaveProperty("auditPolicy", "");
    expect((await adapter().listClusters()).length).toBe(items.length);
  });

  it("answers unknown ids, routes, methods and bodies in google.rpc.Status form", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const nf = await api("GET", `/v1beta1/cks/clusters/${id}`);
    expectRpc(nf, 404, 5, new RegExp(`^cluster ${id} not found$`));
    expect(nf.body.details[0]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.ResourceInfo", resourceName: id });
    expectRpc(await api("GET", `/v1beta1/networking/vpcs/${id}`), 404, 5, /^VPC .* not found$/);
    expectRpc(await api("DELETE", `/v1beta1/cks/clusters/${id}`), 404, 5);
    const bad = await api("GET", "/v1beta1/cks/clusters/not-a-uuid");
    expectRpc(bad, 400, 3);
    expect(violations(bad)).toHaveProperty("id");
    expectRpc(await api("GET", "/v1beta1/cks/nodepools"), 404, 5, /Not Found/);
    expectRpc(await api("PUT", "/v1beta1/cks/clusters"), 405, 12);
    expectRpc(await api("POST", "/v1beta1/cks/clusters", "{not json"), 400, 3);
  });
});

describe("coreweave simulator: create validation", () => {
  it("names every missing required field; oidc, webhooks and public are optional", async () => {
    const a = await api("POST", "/v1beta1/cks/clusters", {});
    expectRpc(a, 400, 3, /^validation error: /);
    expect(a.body.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.BadRequest");
    expect(Object.keys(violations(a))).toEqual(expect.arrayContaining(["name", "zone", "vpcId", "version", "network"]));
    expect(Object.keys(violations(a))).not.toEqual(expect.arrayContaining(["oidc.issuerUrl"]));
  });

  it.each([
    ["name too long", { name: "a".repeat(31) }, "name", /at most 30/],
    ["upper-case name", { name: "Prod" }, "name", /lower-case/],
    ["unknown zone", { zone: "MARS-01A" }, "zone", /unknown zone/],
    ["patch version", { version: "v1.35.2" }, "version", /v1\.35" or "1\.35/],
    ["deprecated version", { version: "v1.32" }, "version", /not supported/],
    ["VPC missing", { vpcId: "00000000-0000-4000-8000-000000000000" }, "vpcId", /not found/],
    ["unknown prefix", { network: { podCidrName: "nope", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] } }, "network.podCidrName", /no prefix named "nope"/],
    ["duplicate LB names", { network: { podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr", "internal lb cidr"] } }, "network.internalLbCidrNames", /unique/],
    ["empty LB names", { network: { podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: [] } }, "network.internalLbCidrNames", /at least 1/],
    ["half a V6 set", { network: { podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"], podCidrNameV6: "x" } }, "network", /together/],
    ["OIDC without client id", { oidc: { issuerUrl: "https://idp.example.com" } }, "oidc.clientId", /required/],
    ["webhook without server", { authnWebhook: { ca: "QUJD" } }, "authnWebhook.server", /required/],
    ["eleven SANs", { additionalServerSans: Array.from({ length: 11 }, (_, i) => `n${i}.example.com`) }, "additionalServerSans", /at most 10/],
    ["empty kubelet", { kubelet: {} }, "kubelet", /non-empty/],
    ["signing algorithm", { oidc: { issuerUrl: "https://i.example.com", clientId: "c", signingAlgorithms: ["HS256"] } }, "oidc.signingAlgorithms", /unknown/],
  ])("rejects %s", async (_, over, field, description) => {
    const a = await api("POST", "/v1beta1/cks/clusters", await createBody("valid-name", over));
    expectRpc(a, 400, 3);
    expect(violations(a)[field]).toMatch(description);
  });

  it("rejects a VPC from another zone", async () => {
    const west = await defaultVpc("US-WEST-01A");
    const a = await api("POST", "/v1beta1/cks/clusters", await createBody("cross-zone", { vpcId: west.id }));
    expect(violations(a).vpcId).toMatch(/is in zone US-WEST-01A/);
  });

  it("fills server defaults and accepts enum numbers on input", async () => {
    const a = await api("POST", "/v1beta1/cks/clusters", await createBody("defaults-1", { oidc: { issuerUrl: "https://i.example.com", clientId: "c", signingAlgorithms: [1] }, unknownField: 1 }));
    expect(a.status).toBe(200);
    const c = a.body.cluster;
    expect(Object.keys(a.body)).toEqual(["cluster"]);
    expect(c).toMatchObject({ name: "defaults-1", status: "STATUS_CREATING", version: "v1.35", network: { serviceNodePortRange: { start: 30000, end: 32767 } } });
    expect(c.public).toBeUndefined();
    expect(c.oidc.signingAlgorithms).toEqual(["SIGNING_ALGORITHM_RS256"]);
    expect(c.apiServerEndpoint).toMatch(/^[0-9a-f]{6}-[0-9a-f]{8}\.k8s\.us-east-04a\.coreweave\.com$/);
    expect(c.isUpgradeable).toBeUndefined();
  });

  it("rejects a taken name with 409 ALREADY_EXISTS, mapped to conflict", async () => {
    await api("POST", "/v1beta1/cks/clusters", await createBody("twice"));
    const a = await api("POST", "/v1beta1/cks/clusters", await createBody("twice"));
    expectRpc(a, 409, 6, /already exists/);
    expect(a.body.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.ResourceInfo");
    const input = { name: "twice", zone: "US-EAST-04A", version: "1.35", vpcId: (await defaultVpc()).id, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] };
    expect((await providerError(adapter().createCluster("US-EAST-04A", input))).kind).toBe("conflict");
  });

  it("answers 429 RESOURCE_EXHAUSTED with a QuotaFailure past the zone quota; the adapter calls that forbidden", async () => {
    await admin("PUT", "/config", { clusterQuotaPerZone: 1 });
    const a = await api("POST", "/v1beta1/cks/clusters", await createBody("over-quota"));
    expectRpc(a, 429, 8, /quota exceeded/);
    expect(a.body.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.QuotaFailure");
    const input = { name: "over-quota", zone: "US-EAST-04A", version: "1.35", vpcId: (await defaultVpc()).id, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] };
    const err = await providerError(adapter().createCluster("US-EAST-04A", input));
    expect(err.kind).toBe("forbidden");
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/quota exceeded/);
  });
});

describe("coreweave simulator: lifecycle and update mask", () => {
  it("create -> CREATING (busy: PATCH and DELETE refused) -> RUNNING", async () => {
    const created = (await api("POST", "/v1beta1/cks/clusters", await createBody("life-1"))).body.cluster;
    const path = `/v1beta1/cks/clusters/${created.id}`;
    expectRpc(await api("PATCH", path, { id: created.id, version: "v1.36", updateMask: "version" }), 400, 9, /STATUS_CREATING/);
    expectRpc(await api("DELETE", path), 400, 9);
    await advance(30 * MINUTE);
    expect((await api("GET", path)).body.cluster.status).toBe("STATUS_CREATING");
    await advance(25 * MINUTE);
    const running = (await api("GET", path)).body.cluster;
    expect(running.status).toBe("STATUS_RUNNING");
    expect(running.isUpgradeable).toBe(true);
    expect(Date.parse(running.updatedAt)).toBeGreaterThan(Date.parse(running.createdAt));
  });

  it("upgrades one minor at a time through STATUS_UPGRADING", async () => {
    const c = await runningCluster("upgrade-1");
    const path = `/v1beta1/cks/clusters/${c.id}`;
    const withNetwork = await api("PATCH", path, { id: c.id, version: "v1.36", updateMask: "version", network: { internalLbCidrNames: ["internal lb cidr"] } });
    expectRpc(withNetwork, 400, 3);
    expect(violations(withNetwork)).toEqual({ network: "cannot change network config during an upgrade" });
    expectRpc(await api("PATCH", path, { id: c.id, version: "v1.37", updateMask: "version" }), 400, 3, /not supported/);
    expectRpc(await api("PATCH", path, { id: c.id, version: "v1.34", updateMask: "version" }), 400, 9, /downgrade/);
    expectRpc(await api("PATCH", path, { id: "11111111-1111-4111-8111-111111111111", version: "v1.36", updateMask: "version" }), 400, 3);

    const up = await api("PATCH", path, { id: c.id, version: "v1.36", updateMask: "version" });
    expect(up.status).toBe(200);
    expect(up.body.cluster).toMatchObject({ status: "STATUS_UPGRADING", version: "v1.35" });
    expectRpc(await api("PATCH", path, { id: c.id, public: true, updateMask: "public" }), 400, 9, /STATUS_UPGRADING/);
    await advance(20 * MINUTE);
    const done = (await api("GET", path)).body.cluster;
    expect(done).toMatchObject({ status: "STATUS_RUNNING", version: "v1.36" });
    expect(done.isUpgradeable).toBeUndefined();
  });

  // issue 19 item 9: CoreWeave's update example sends versions without "v", its Terraform provider with "v"
  it.each(["1.35", "v1.35"])("creates with version %s and answers the v-spelling", async (version) => {
    const created = await api("POST", "/v1beta1/cks/clusters", await createBody(`ver-${version.replace(/\W/g, "")}`, { version }));
    expect(created.status).toBe(200);
    expect(created.body.cluster.version).toBe("v1.35");
  });

  it("upgrades with a version without v, and ignores pod/service CIDR keys the update request cannot carry", async () => {
    const c = await runningCluster("up-nov", { version: "v1.34" });
    const up = await api("PATCH", `/v1beta1/cks/clusters/${c.id}`, { id: c.id, version: "1.35", updateMask: "version" });
    expect(up.status).toBe(200);
    expect(up.body.cluster.status).toBe("STATUS_UPGRADING");
    await advance(60 * MINUTE);
    const lb = await api("PATCH", `/v1beta1/cks/clusters/${c.id}`, { id: c.id, network: { internalLbCidrNames: ["internal lb cidr", "internal lb cidr 2"], podCidrName: "something else" } });
    expect(lb.status, JSON.stringify(lb.body)).toBe(200);
    expect(lb.body.cluster.network.podCidrName).toBe("pod cidr");
  });

  it("sends no unset optional field in the client's create body (no empty strings, no V6 names)", async () => {
    const body = toCreateRequest("US-EAST-04A", createInputSchema.parse({ name: "min-1", zone: "US-EAST-04A", version: "1.35", vpcId: (await defaultVpc()).id, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] }));
    const blanks: string[] = [];
    const walk = (o: unknown, at: string) => {
      if (o === "" || o === null || o === undefined) blanks.push(at);
      else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, at ? `${at}.${k}` : k);
    };
    walk(body, "");
    expect(blanks).toEqual([]);
    expect(Object.keys(body.network).sort()).toEqual(["internalLbCidrNames", "podCidrName", "serviceCidrName"]);
    expect((await api("POST", "/v1beta1/cks/clusters", body)).status).toBe(200);
  });

  it("refuses a skipped minor with FAILED_PRECONDITION", async () => {
    const c = await runningCluster("skip-1", { version: "v1.34" });
    expectRpc(await api("PATCH", `/v1beta1/cks/clusters/${c.id}`, { id: c.id, version: "v1.36", updateMask: "version" }), 400, 9, /one minor version at a time/);
  });

  it("applies only masked paths, clears masked-but-absent fields, enforces append-only and expand-only", async () => {
    const c = await runningCluster("mask-1", { oidc: { issuerUrl: "https://idp.example.com", clientId: "cks" }, auditPolicy: "e30=" });
    const path = `/v1beta1/cks/clusters/${c.id}`;
    const patch = (body: Record<string, unknown>) => api("PATCH", path, { id: c.id, ...body });

    // public in body but not in the mask: untouched; auditPolicy masked but absent: cleared
    const a = await patch({ public: true, updateMask: "auditPolicy" });
    expect(a.body.cluster.status).toBe("STATUS_UPDATING");
    expect(a.body.cluster.public).toBeUndefined();
    expect(a.body.cluster.auditPolicy).toBeUndefined();
    await advance(7 * MINUTE);

    // TF removes OIDC by masking every leaf without an oidc object
    const b = await patch({ version: "", updateMask: "oidc.issuerUrl,oidc.clientId,oidc.usernameClaim,oidc.groupsClaim" });
    expect(b.status).toBe(200);
    expect(b.body.cluster.oidc).toBeUndefined();
    await advance(7 * MINUTE);

    const removeLb = await patch({ network: { internalLbCidrNames: ["internal lb cidr 2"] }, updateMask: "network.internalLbCidrNames" });
    expect(violations(removeLb)["network.internalLbCidrNames"]).toMatch(/only be added/);
    const shrink = await patch({ network: { serviceNodePortRange: { start: 30000, end: 31000 } }, updateMask: "network.serviceNodePortRange" });
    expect(violations(shrink)["network.serviceNodePortRange"]).toMatch(/only be expanded/);
    expect(violations(await patch({ name: "renamed", updateMask: "name" })).name).toMatch(/immutable/);
    // issue 19 item 9: the update's network block has only internalLbCidrNames and serviceNodePortRange, so a pod/service
    // CIDR path is an unknown path (never "immutable"), and such keys in a mask-less body are dropped as unknown fields
    const podPath = violations(await patch({ updateMask: "network.podCidrName" }));
    expect(podPath.updateMask).toMatch(/unknown or output-only field path "network.podCidrName"/);
    expect(JSON.stringify(podPath)).not.toMatch(/immutable/);
    expect(violations(await patch({ updateMask: "status" })).updateMask).toMatch(/unknown or output-only/);

    const grow = await patch({ network: { internalLbCidrNames: ["internal lb cidr", "internal lb cidr 2"], serviceNodePortRange: { start: 30000, end: 40000 } }, updateMask: "network.internalLbCidrNames,network.serviceNodePortRange" });
    expect(grow.status).toBe(200);
    expect(grow.body.cluster.network).toMatchObject({ internalLbCidrNames: ["internal lb cidr", "internal lb cidr 2"], serviceNodePortRange: { start: 30000, end: 40000 } });
    await advance(7 * MINUTE);

    // no mask: every body field applied
    const noMask = await patch({ public: true, additionalServerSans: ["k8s.example.com"] });
    expect(noMask.body.cluster).toMatchObject({ public: true, additionalServerSans: ["k8s.example.com"], status: "STATUS_UPDATING" });
    await advance(7 * MINUTE);
    // nothing changes: stays running
    expect((await patch({ public: true, updateMask: "public" })).body.cluster.status).toBe("STATUS_RUNNING");
  });

  it("deletes through STATUS_DELETING to 404; a FAILED cluster can only be deleted", async () => {
    const c = await runningCluster("delete-1");
    const path = `/v1beta1/cks/clusters/${c.id}`;
    const del = await api("DELETE", path);
    expect(del.status).toBe(200);
    expect(del.body.cluster).toMatchObject({ id: c.id, status: "STATUS_DELETING" });
    expectRpc(await api("DELETE", path), 400, 9);
    expect((await api("GET", path)).body.cluster.status).toBe("STATUS_DELETING");
    await advance(6 * MINUTE);
    expectRpc(await api("GET", path), 404, 5);
    expectRpc(await api("DELETE", path), 404, 5);

    await admin("POST", "/fail-next-creates", { count: 1 });
    const failed = (await api("POST", "/v1beta1/cks/clusters", await createBody("doomed-1"))).body.cluster;
    await advance(55 * MINUTE);
    const f = (await api("GET", `/v1beta1/cks/clusters/${failed.id}`)).body.cluster;
    expect(f.status).toBe("STATUS_FAILED");
    expect(f.apiServerEndpoint).toBeTruthy();
    expectRpc(await api("PATCH", `/v1beta1/cks/clusters/${failed.id}`, { id: failed.id, public: true, updateMask: "public" }), 400, 9, /delete it and create it again/);
    expect((await api("DELETE", `/v1beta1/cks/clusters/${failed.id}`)).status).toBe(200);
  });
});

describe("coreweave simulator: VPCs", () => {
  it("creates with a default host prefix, goes READY, rejects duplicates and bad host prefixes", async () => {
    const a = await api("POST", "/v1beta1/networking/vpcs", { name: "extra", zone: "US-EAST-01A", vpcPrefixes: [{ name: "pod cidr", value: "10.0.0.0/13" }] });
    expect(a.status).toBe(200);
    expect(a.body.vpc).toMatchObject({ status: "STATUS_CREATING", hostPrefixes: [{ name: "host primary", type: "PRIMARY" }] });
    await advance(3 * MINUTE);
    expect((await api("GET", `/v1beta1/networking/vpcs/${a.body.vpc.id}`)).body.vpc.status).toBe("STATUS_READY");
    expectRpc(await api("POST", "/v1beta1/networking/vpcs", { name: "extra", zone: "US-EAST-01A" }), 409, 6);
    expect(violations(await api("POST", "/v1beta1/networking/vpcs", { name: "x1", zone: "US-EAST-01A", hostPrefix: "10.0.0.0/18", hostPrefixes: [{ name: "p", type: "PRIMARY", prefixes: ["10.1.0.0/18"] }] })).hostPrefix).toMatch(/mutually exclusive/);
    const ipam = await api("POST", "/v1beta1/networking/vpcs", { name: "x2", zone: "US-EAST-01A", hostPrefixes: [{ name: "p", type: 1, prefixes: ["10.1.0.0/18"], ipam: { prefixLength: 24 } }] });
    expect(ipam.body.message).toMatch(/host prefix ipam must not be set/);
    const twoPrimaries = await api("POST", "/v1beta1/networking/vpcs", { name: "x3", zone: "US-EAST-01A", hostPrefixes: [{ name: "a", type: "PRIMARY", prefixes: ["10.1.0.0/18"] }, { name: "b", type: "PRIMARY", prefixes: ["10.2.0.0/18"] }] });
    expect(violations(twoPrimaries).hostPrefixes).toMatch(/exactly one PRIMARY/);
  });

  it("ignores unknown mask paths, applies known ones, refuses deleting a VPC in use", async () => {
    const vpc = await defaultVpc("US-LAB-01A");
    const path = `/v1beta1/networking/vpcs/${vpc.id}`;
    const ignored = await api("PATCH", path, { ingress: { disablePublicServices: true }, updateMask: "ingress" });
    expect(ignored.status).toBe(200);
    expect(ignored.body.vpc.status).toBe("STATUS_READY");
    expect(ignored.body.vpc.ingress.disablePublicServices).toBeUndefined();
    const applied = await api("PATCH", path, { ingress: { disablePublicServices: true }, updateMask: "ingress.disablePublicServices" });
    expect(applied.body.vpc).toMatchObject({ status: "STATUS_UPDATING", ingress: { disablePublicServices: true } });
    await advance(2 * MINUTE);
    expectRpc(await api("PATCH", path, { vpcPrefixes: [], updateMask: "vpcPrefixes" }), 400, 9, /used by a cluster/);
    expectRpc(await api("DELETE", path), 400, 9, /used by cluster/);

    const lonely = (await api("POST", "/v1beta1/networking/vpcs", { name: "lonely", zone: "US-LAB-01A" })).body.vpc;
    await advance(3 * MINUTE);
    expect((await api("DELETE", `/v1beta1/networking/vpcs/${lonely.id}`)).body.vpc.status).toBe("STATUS_DELETING");
    await advance(2 * MINUTE);
    expectRpc(await api("GET", `/v1beta1/networking/vpcs/${lonely.id}`), 404, 5);
  });
});

describe("coreweave adapter over HTTP", () => {
  it("summarises, lists zones, filters clusters by zone, reads one", async () => {
    const a = adapter();
    const t = await a.testConnection();
    expect(t.summary).toMatch(/^3 zones, 4 VPCs, \d+ clusters$/);
    const scopes = await a.listScopes();
    expect(scopes.map((s) => s.externalId)).toEqual(["US-EAST-04A", "US-LAB-01A", "US-WEST-01A"]);
    expect(scopes.every((s) => s.kind === "zone")).toBe(true);
    const west = await a.listClusters("US-WEST-01A");
    expect(west.length).toBeGreaterThanOrEqual(10);
    expect(west.every((c) => c.scope === "US-WEST-01A" && c.region === "US-WEST-01")).toBe(true);
    const one = await a.getCluster("US-WEST-01A", west[0].externalId);
    expect(one.apiEndpoint).toMatch(/^https:\/\/[0-9a-f]{6}-[0-9a-f]{8}\.k8s\.us-west-01a\.coreweave\.com$/);
    expect((await providerError(a.getCluster("US-EAST-04A", west[0].externalId))).kind).toBe("not_found");
    const all = await a.listClusters();
    expect(all.find((c) => c.version === "1.32")).toBeDefined();
    expect(all.find((c) => c.status === "running" && c.version === "1.35")!.upgradeTargets).toEqual(["1.36"]);
  });

  it("offers wizard options: zones, VPCs by zone, prefixes by VPC, versions", async () => {
    const a = adapter();
    expect(await a.listOptions("zones", {})).toEqual([
      { value: "US-EAST-04A", label: "US-EAST-04A (2 VPCs)" },
      { value: "US-LAB-01A", label: "US-LAB-01A (1 VPC)" },
      { value: "US-WEST-01A", label: "US-WEST-01A (1 VPC)" },
    ]);
    const vpcs = await a.listOptions("vpcs", { zone: "US-EAST-04A" });
    expect(vpcs.map((v) => v.label)).toEqual([expect.stringMatching(/^default \(10\.\d+\.192\.0\/18\)$/), expect.stringMatching(/^ml-training/)]);
    expect(await a.listOptions("vpcs", {})).toEqual([]);
    const prefixes = await a.listOptions("vpcPrefixes", { vpcId: vpcs[0].value });
    expect(prefixes[0]).toEqual({ value: "pod cidr", label: "pod cidr — 10.0.0.0/13" });
    expect(await a.listOptions("versions", {})).toEqual([
      { value: "1.34", label: "1.34" },
      { value: "1.35", label: "1.35 (default)" },
      { value: "1.36", label: "1.36" },
    ]);
    expect((await providerError(a.listOptions("machineSpecs", {}))).kind).toBe("invalid");
  });

  it("runs a full lifecycle at fast simulated time (1 s = 1 h)", async () => {
    const a = adapter();
    const vpcId = (await a.listOptions("vpcs", { zone: "US-LAB-01A" }))[0].value;
    const input = { name: "fast-1", zone: "US-LAB-01A", version: "1.35", vpcId, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: [{ value: "internal lb cidr" }], kubeletMaxPods: 200, oidcIssuerUrl: "https://idp.example.com", oidcClientId: "cks" };
    const h = await a.createCluster("US-LAB-01A", input);
    expect(h.cluster).toMatchObject({ status: "provisioning", version: "1.35", scope: "US-LAB-01A" });
    expect(h.cluster!.raw).toMatchObject({ kubelet: { maxPods: 200 }, oidcIssuerUrl: "https://idp.example.com" });
    await admin("POST", "/clock", { scale: HOUR / 1000 });
    const until = async (pred: (s: string, v: string | null | undefined) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const c = await a.getCluster("US-LAB-01A", h.externalId).catch((e: ProviderError) => (e.kind === "not_found" ? null : Promise.reject(e)));
        if (c === null ? pred("gone", null) : pred(c.status, c.version)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("lifecycle did not finish");
    };
    await until((s) => s === "running");
    const up = await a.upgradeCluster("US-LAB-01A", h.externalId, "1.36");
    expect(up.cluster?.status).toBe("upgrading");
    await until((s, v) => s === "running" && v === "1.36");
    const del = await a.deleteCluster("US-LAB-01A", h.externalId);
    expect(del.cluster?.status).toBe("deleting");
    await until((s) => s === "gone");
  });

  it("maps busy clusters and bad upgrades to conflict / invalid with field details", async () => {
    const a = adapter();
    const all = await a.listClusters();
    const upgrading = all.find((c) => c.status === "upgrading")!;
    const running = all.find((c) => c.status === "running" && c.version === "1.35")!;
    const unsupported = await providerError(a.upgradeCluster(running.scope, running.externalId, "1.37"));
    expect(unsupported).toMatchObject({ kind: "invalid", status: 400 });
    expect(unsupported.fields).toEqual({ version: [expect.stringMatching(/not supported/)] });
    for (const busy of [() => a.upgradeCluster(upgrading.scope, upgrading.externalId, "1.36"), () => a.deleteCluster(upgrading.scope, upgrading.externalId)]) {
      const conflict = await providerError(busy());
      expect(conflict).toMatchObject({ kind: "conflict", status: 400, message: expect.stringMatching(/STATUS_UPGRADING/) });
      expect(conflict.fields).toBeUndefined();
    }
    expect((await providerError(a.upgradeCluster(running.scope, running.externalId, "newest"))).kind).toBe("invalid");
    const badInput = await providerError(a.createCluster("US-EAST-04A", { name: "Bad Name" }));
    expect(badInput.kind).toBe("invalid");
    expect(Object.keys(badInput.fields ?? {})).toEqual(expect.arrayContaining(["name", "zone", "vpcId"]));
    const vpcId = (await defaultVpc()).id;
    const serverSide = await providerError(
      a.createCluster("US-EAST-04A", { name: "srv-side", zone: "US-EAST-04A", version: "1.35", vpcId, podCidrName: "nope", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] }),
    );
    expect(serverSide).toMatchObject({ kind: "invalid", status: 400 });
    expect(serverSide.fields).toEqual({ "network.podCidrName": [expect.stringMatching(/no prefix named "nope"/)] });
    const wrongZone = await providerError(a.createCluster("US-WEST-01A", { name: "zz", zone: "US-EAST-04A", version: "1.35", vpcId, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["x"] }));
    expect(wrongZone.kind).toBe("invalid");
  });

  it("maps injected 429 / 5xx / hangs / malformed bodies", async () => {
    const put = (f: Record<string, unknown>) => admin("PUT", "/faults", f);
    await put({ errorRates: rates({ "429": 1 }), retryAfterSeconds: 30 });
    const raw = await api("GET", "/v1beta1/cks/clusters");
    expectRpc(raw, 429, 8);
    const limited = await providerError(adapter().listClusters());
    expect(limited).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 30_000 });
    for (const status of ["500", "502", "503"] as const) {
      await put({ errorRates: rates({ [status]: 1 }), retryAfterSeconds: 0 });
      const e = await providerError(adapter().listClusters());
      expect(e).toMatchObject({ kind: "unavailable", status: Number(status) });
    }
    await put({ errorRates: rates({ "503": 1 }), retryAfterSeconds: 0 });
    expect((await api("GET", "/v1beta1/cks/clusters")).body).toEqual({ code: 14, message: "service unavailable", details: [] });
    await put({ hangRate: 1 });
    expect((await providerError(adapter({ timeoutMs: 200, maxAttempts: 1 }).listClusters())).kind).toBe("timeout");
    await put({ malformedRate: 1 });
    expect((await providerError(adapter().listScopes())).kind).toBe("bad_response");
    await put({});
  });

  it("never retries a create, and recovers a create whose answer timed out by finding it by name", async () => {
    let posts = 0;
    const flaky: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === "POST") {
        posts++;
        await res.text();
        throw Object.assign(new Error("aborted"), { name: "TimeoutError" });
      }
      return res;
    };
    const a = adapter({ fetchImpl: flaky, maxAttempts: 4 });
    const vpcId = (await defaultVpc()).id;
    const h = await a.createCluster("US-EAST-04A", { name: "lost-answer", zone: "US-EAST-04A", version: "1.35", vpcId, podCidrName: "pod cidr", serviceCidrName: "service cidr", internalLbCidrNames: ["internal lb cidr"] });
    expect(posts).toBe(1);
    expect(h.externalId).toMatch(UUID);
    expect(h.cluster?.name).toBe("lost-answer");
  });

  it("understands Connect-style error bodies too", async () => {
    const connect = (status: number, code: string): typeof fetch => async () =>
      new Response(JSON.stringify({ code, message: `connect ${code}`, details: [{ type: "google.rpc.PreconditionFailure", value: "AAAA" }] }), { status, headers: { "Content-Type": "application/json" } });
    const e1 = await providerError(adapter({ fetchImpl: connect(400, "failed_precondition") }).deleteCluster("US-EAST-04A", "81540112-93fc-4d39-af10-fe6c2f4b8824"));
    expect(e1).toMatchObject({ kind: "conflict", status: 400, message: "connect failed_precondition" });
    const e2 = await providerError(adapter({ fetchImpl: connect(400, "invalid_argument") }).deleteCluster("US-EAST-04A", "81540112-93fc-4d39-af10-fe6c2f4b8824"));
    expect(e2.kind).toBe("invalid");
    const e3 = await providerError(adapter({ fetchImpl: connect(404, "not_found"), maxAttempts: 1 }).getCluster("", "81540112-93fc-4d39-af10-fe6c2f4b8824"));
    expect(e3.kind).toBe("not_found");
    const empty: typeof fetch = async () => new Response(null, { status: 200 });
    const gone = await adapter({ fetchImpl: empty }).deleteCluster("US-EAST-04A", "81540112-93fc-4d39-af10-fe6c2f4b8824");
    expect(gone).toEqual({ externalId: "81540112-93fc-4d39-af10-fe6c2f4b8824", scope: "US-EAST-04A" });
    const wrongShape: typeof fetch = async () => new Response(JSON.stringify({ items: [{ id: 5 }] }), { status: 200 });
    expect((await providerError(adapter({ fetchImpl: wrongShape }).listClusters())).kind).toBe("bad_response");
  });
});
