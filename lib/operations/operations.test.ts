/**
 * Tracked operations over real HTTP and a real PostgreSQL: the route handlers with real Requests, the
 * four provider simulators on loopback (simulated time advanced through their clock), the worker's tick
 * (the same code the background job runs) and, for the restart test, worker-only child processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";
import type { OperationSummary } from "./types";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<string, Handler>;
const ORIGIN = "http://localhost";
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const MINUTE = 60_000;

let dbUrl: string;
let sims: RunningSimulators;
let tokens: { owner: string; operator: string; viewer: string };
const conns: Record<string, string> = {};
let R: { clusters: Routes; cluster: Routes; upgrade: Routes; upgradeOptions: Routes; forget: Routes; protection: Routes; nodepools: Routes; nodepool: Routes; nodepoolUpgrade: Routes; ops: Routes; op: Routes; cancel: Routes; options: Routes };

async function call(h: Handler, method: string, p: string, opts: { token?: string; body?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: "localhost", origin: ORIGIN, "content-type": "application/json", ...opts.headers };
  headers.authorization = `Bearer ${opts.token ?? tokens.owner}`;
  const res = await h(new Request(`${ORIGIN}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text, headers: res.headers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function opRow(id: string) {
  const { getPrisma } = await import("@/lib/db/client");
  return getPrisma().operation.findUniqueOrThrow({ where: { id } });
}

/** worker ticks while simulated time moves on, until the operation finishes */
async function drive(id: string, stepMs = 2 * MINUTE, maxSteps = 400): Promise<OperationSummary> {
  const { runOperationsTick } = await import("./engine");
  for (let i = 0; i < maxSteps; i++) {
    await runOperationsTick({ workerId: "test-worker" });
    const op = await opRow(id);
    if (!["pending", "running"].includes(op.state)) break;
    sims.clock.advance(stepMs);
    await sleep(12);
  }
  return (await call(R.op.GET, "GET", `/api/v1/operations/${id}`, { params: { id } })).body as OperationSummary;
}

async function options(connectionId: string, source: string, ctx: Record<string, string> = {}): Promise<{ value: string; label: string }[]> {
  const r = await call(R.options.GET, "GET", `/api/v1/connections/${connectionId}/options/${source}?${new URLSearchParams(ctx)}`, { params: { id: connectionId, source } });
  expect(r.status, r.text).toBe(200);
  return r.body.items;
}

/** what the wizard would send for each provider, from live options */
async function createBody(provider: string, name: string): Promise<Record<string, unknown>> {
  const id = conns[provider];
  switch (provider) {
    case "nks": {
      const scope = (await options(id, "scopes"))[0].value;
      const ctx = { scope, provider: "aws" };
      const [keyset] = await options(id, "providerKeysets", ctx);
      const [ssh] = await options(id, "sshKeysets", ctx);
      const [region] = await options(id, "regions", ctx);
      const [zone] = await options(id, "zones", { ...ctx, region: region.value });
      const sizes = await options(id, "instanceSizes", ctx);
      const versions = await options(id, "versions", ctx);
      return {
        connectionId: id, scope, name, provider: "aws", providerKeyset: keyset.value, sshKeyset: ssh.value, region: region.value, zone: zone.value,
        version: versions.find((v) => v.label.includes("default"))!.value, masterSize: sizes[0].value, workerSize: sizes[1].value, workerCount: 2,
      };
    }
    case "cloudferro": {
      const scope = (await options(id, "scopes"))[0].value;
      const versions = (await options(id, "versions", { scope })).map((o) => o.value);
      const [cp] = await options(id, "controlPlaneMachineSpecs", { scope });
      const [worker] = await options(id, "workerMachineSpecs", { scope });
      return {
        connectionId: id, scope, name, version: versions[1] ?? versions[0], controlPlaneMachineSpec: cp.value, controlPlaneSize: 3,
        nodePools: [{ name: "workers", machineSpec: worker.value, autoscale: false, size: 2 }],
      };
    }
    case "coreweave": {
      const zone = (await options(id, "zones"))[0].value;
      const [vpc] = await options(id, "vpcs", { zone });
      const prefixes = (await options(id, "vpcPrefixes", { vpcId: vpc.value })).map((p) => p.value);
      const versions = await options(id, "versions");
      return {
        connectionId: id, scope: zone, name, zone, version: versions.find((v) => v.label.includes("default"))!.value, vpcId: vpc.value,
        podCidrName: prefixes.find((p) => p.startsWith("pod"))!, serviceCidrName: prefixes.find((p) => p.startsWith("service"))!,
        internalLbCidrNames: [{ value: prefixes.find((p) => p.startsWith("internal lb"))! }],
      };
    }
    case "eks": {
      const scope = "eu-west-1";
      const subnets = await options(id, "subnets", { scope });
      const [role] = await options(id, "clusterRoles", { scope });
      const versions = await options(id, "versions", { scope });
      return {
        connectionId: id, scope, name, version: versions[1].value, supportType: "EXTENDED", roleArn: role.value,
        subnetIds: subnets.slice(0, 2).map((x) => ({ value: x.value })), securityGroupIds: [], endpointPublicAccess: true, endpointPrivateAccess: false,
      };
    }
    case "rafay": {
      const project = "defaultproject";
      const versions = await options(id, "versions", { project, type: "mks" });
      return {
        connectionId: id, scope: project, project, name, type: "mks", blueprint: "minimal", blueprintVersion: "latest",
        kubernetesVersion: versions.find((v) => v.label.includes("default"))!.value, location: "sanjose-us",
        nodes: [
          { hostname: `${name}-cp1`, privateIP: "10.20.0.11", roles: "ControlPlane,Worker" },
          { hostname: `${name}-w1`, privateIP: "10.20.0.21", roles: "Worker" },
        ],
      };
    }
    case "aks": {
      const scope = (await options(id, "scopes"))[0].value;
      const [group] = await options(id, "resourceGroups", { scope });
      const versions = await options(id, "versions", { scope, location: "westeurope" });
      return {
        connectionId: id, scope, name, resourceGroup: group.value, location: "westeurope", version: versions.find((v) => v.label.includes("default"))!.value,
        tier: "Free", vmSize: "Standard_D4s_v5", nodeCount: 2,
      };
    }
    case "gke": {
      const scope = "us-central1";
      const versions = await options(id, "versions", { location: scope, releaseChannel: "REGULAR" });
      return {
        connectionId: id, scope, name, location: scope, releaseChannel: "REGULAR", version: versions.find((v) => v.label.includes("default"))!.value,
        nodePools: [{ name: "default-pool", machineType: "e2-standard-4", nodeCount: 1 }],
      };
    }
  }
  throw new Error(provider);
}

const createCluster = (body: unknown, opts: { token?: string; key?: string } = {}) =>
  call(R.clusters.POST, "POST", "/api/v1/clusters", { body, token: opts.token, headers: opts.key ? { "idempotency-key": opts.key } : {} });

async function providerHas(provider: string, name: string): Promise<number> {
  const { adapterForConnection } = await import("@/lib/connections");
  const a = await adapterForConnection(conns[provider]);
  return (await a.listClusters()).filter((c) => c.name === name).length;
}

beforeAll(async () => {
  ({ dbUrl, sims } = await startSimulatorWorld(
    "operations",
    {
      PROVIDER_TIMEOUT_SECONDS: "3",
      OPERATION_POLL_SECONDS: "0.01",
      OPERATION_RETRY_BASE_SECONDS: "0.01",
      OPERATION_RETRY_MAX_SECONDS: "0.05",
      OPERATION_LEASE_SECONDS: "30",
      LOG_LEVEL: "warn",
    },
    { scale: 1 },
  ));

  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const { getPrisma } = await import("@/lib/db/client");
  const mk = async (email: string, role: "owner" | "operator" | "viewer") => {
    await createLocalUser({ email, team: "Ops", role }, {});
    const u = await getPrisma().user.findUniqueOrThrow({ where: { email } });
    const team = await getPrisma().team.findFirstOrThrow({ where: { name: "Ops" } });
    return (await createToken({ userId: u.id, teamId: team.id, name: "t" }, {})).token;
  };
  tokens = { owner: await mk("owner@ops.test", "owner"), operator: await mk("operator@ops.test", "operator"), viewer: await mk("viewer@ops.test", "viewer") };
  const team = await getPrisma().team.findFirstOrThrow({ where: { name: "Ops" } });
  const { createConnection } = await import("@/lib/connections");
  for (const item of sims.items) {
    const d = item.demo[0];
    const r = await createConnection({ teamId: team.id, actorEmail: "owner@ops.test" }, { provider: item.kind, name: d.name, baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false }, { demo: true });
    conns[item.kind] = r.connection.id;
  }

  R = {
    clusters: (await import("@/app/api/v1/clusters/route")) as unknown as Routes,
    cluster: (await import("@/app/api/v1/clusters/[id]/route")) as unknown as Routes,
    upgrade: (await import("@/app/api/v1/clusters/[id]/upgrade/route")) as unknown as Routes,
    upgradeOptions: (await import("@/app/api/v1/clusters/[id]/upgrade-options/route")) as unknown as Routes,
    forget: (await import("@/app/api/v1/clusters/[id]/forget/route")) as unknown as Routes,
    protection: (await import("@/app/api/v1/clusters/[id]/protection/route")) as unknown as Routes,
    nodepools: (await import("@/app/api/v1/clusters/[id]/nodepools/route")) as unknown as Routes,
    nodepool: (await import("@/app/api/v1/clusters/[id]/nodepools/[poolId]/route")) as unknown as Routes,
    nodepoolUpgrade: (await import("@/app/api/v1/clusters/[id]/nodepools/[poolId]/upgrade/route")) as unknown as Routes,
    ops: (await import("@/app/api/v1/operations/route")) as unknown as Routes,
    op: (await import("@/app/api/v1/operations/[id]/route")) as unknown as Routes,
    cancel: (await import("@/app/api/v1/operations/[id]/cancel/route")) as unknown as Routes,
    options: (await import("@/app/api/v1/connections/[id]/options/[source]/route")) as unknown as Routes,
  };
});

afterAll(async () => {
  await sims?.close();
});

describe.each(["nks", "cloudferro", "coreweave", "rafay", "gke", "aks"])("lifecycle on %s", (provider) => {
  const name = `ops-${provider.slice(0, 4)}-${randomBytes(2).toString("hex")}`;
  let clusterId: string;

  it("create → running: the cluster shows in the inventory at once and reaches running", async () => {
    const r = await createCluster(await createBody(provider, name), { token: tokens.operator, key: randomUUID() });
    expect(r.status, r.text).toBe(202);
    expect(r.body.operation).toMatchObject({ kind: "create", state: "pending", targetName: name });
    expect(JSON.stringify(r.body.operation.params)).not.toContain("requestHash");
    const { runOperationsTick } = await import("./engine");
    await runOperationsTick({ workerId: "test-worker" });
    const first = await opRow(r.body.operation.id);
    expect(first.state).toBe("running");
    expect(first.externalId).toBeTruthy();
    expect(first.clusterId, "snapshot upserted when the provider accepted").toBeTruthy();
    const done = await drive(r.body.operation.id);
    expect(done.state, JSON.stringify(done.timeline)).toBe("succeeded");
    expect(done.timeline.some((e) => e.state === "accepted")).toBe(true);
    expect(done.timeline.filter((e) => e.state === "observed").length).toBeGreaterThan(0);
    clusterId = done.clusterId!;
    const c = await call(R.cluster.GET, "GET", `/api/v1/clusters/${clusterId}`, { params: { id: clusterId } });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ name, status: "running", provider });
  }, 120_000);

  it("upgrade → the new version (targets from the live re-read)", async () => {
    const o = await call(R.upgradeOptions.GET, "GET", "/", { params: { id: clusterId } });
    expect(o.status, o.text).toBe(200);
    const target = o.body.options.find((x: { allowed: boolean; current?: boolean }) => x.allowed && !x.current);
    expect(target, JSON.stringify(o.body)).toBeTruthy();
    // a version the provider does not offer is refused naming the field
    const bad = await call(R.upgrade.POST, "POST", "/", { params: { id: clusterId }, body: { version: "0.1.0" }, token: tokens.operator });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("version");
    const r = await call(R.upgrade.POST, "POST", "/", { params: { id: clusterId }, body: { version: target.version }, token: tokens.operator });
    expect(r.status, r.text).toBe(202);
    // one running operation per cluster: a second answers 409 with the running one
    const second = await call(R.upgrade.POST, "POST", "/", { params: { id: clusterId }, body: { version: target.version } });
    expect(second.status).toBe(409);
    expect(second.body.error.details.operation.id).toBe(r.body.operation.id);
    const done = await drive(r.body.operation.id);
    expect(done.state, JSON.stringify(done.timeline)).toBe("succeeded");
    const c = await call(R.cluster.GET, "GET", "/", { params: { id: clusterId } });
    expect(c.body.version.startsWith(target.version.replace(/^v/, ""))).toBe(true);
    expect(c.body.status).toBe("running");
  }, 120_000);

  it("delete → gone at the provider and from the inventory", async () => {
    const wrong = await call(R.cluster.DELETE, "DELETE", "/", { params: { id: clusterId }, body: { confirm: name.toUpperCase() } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields[0].field).toBe("confirm");
    const viewer = await call(R.cluster.DELETE, "DELETE", "/", { params: { id: clusterId }, body: { confirm: name }, token: tokens.operator });
    expect(viewer.status).toBe(403);
    const r = await call(R.cluster.DELETE, "DELETE", `/api/v1/clusters/${clusterId}?confirm=${encodeURIComponent(name)}`, { params: { id: clusterId } });
    expect(r.status, r.text).toBe(202);
    const done = await drive(r.body.operation.id);
    expect(done.state, JSON.stringify(done.timeline)).toBe("succeeded");
    expect((await call(R.cluster.GET, "GET", "/", { params: { id: clusterId } })).status).toBe(404);
    expect(await providerHas(provider, name)).toBe(0);
  }, 120_000);
});

describe("requests", () => {
  it("the same create twice with one idempotency key is one operation and one cluster; another body with that key is 422", async () => {
    const name = `idem-${randomBytes(2).toString("hex")}`;
    const body = await createBody("coreweave", name);
    const key = randomUUID();
    const a = await createCluster(body, { key });
    const b = await createCluster({ ...body }, { key });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body.operation.id).toBe(a.body.operation.id);
    const c = await createCluster({ ...body, name: `${name}-x` }, { key });
    expect(c.status).toBe(422);
    // concurrent double submit with one key
    const key2 = randomUUID();
    const body2 = await createBody("rafay", `idem2-${randomBytes(2).toString("hex")}`);
    const both = await Promise.all(Array.from({ length: 4 }, () => createCluster(body2, { key: key2 })));
    expect(both.map((x) => x.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(both.map((x) => x.body.operation.id)).size).toBe(1);
    expect((await drive(a.body.operation.id)).state).toBe("succeeded");
    expect((await drive(both[0].body.operation.id)).state).toBe("succeeded");
    expect(await providerHas("coreweave", name)).toBe(1);
    expect(await providerHas("rafay", body2.name as string)).toBe(1);
    const { getPrisma } = await import("@/lib/db/client");
    expect(await getPrisma().clusterSnapshot.count({ where: { name } })).toBe(1);
  }, 120_000);

  it("rejects invalid input with a 400 naming the field; viewers cannot create", async () => {
    const body = await createBody("cloudferro", "valid-name");
    let r = await createCluster({ ...body, name: "9 bad!" });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContain("name");
    r = await createCluster({ ...body, nodePools: [{ name: "p", machineSpec: "x", autoscale: false }] });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContain("nodePools.0.size");
    r = await createCluster({ ...body, connectionId: "nope" });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe("connectionId");
    r = await createCluster({ name: "x" });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe("connectionId");
    r = await createCluster(body, { token: tokens.viewer });
    expect(r.status).toBe(403);
  });

  it("upgrading to the version the cluster already runs succeeds at once without a provider call; protection blocks delete; node pools scale", async () => {
    const name = `same-${randomBytes(2).toString("hex")}`;
    const r = await createCluster(await createBody("cloudferro", name));
    const created = await drive(r.body.operation.id);
    expect(created.state).toBe("succeeded");
    const id = created.clusterId!;
    const o = await call(R.upgradeOptions.GET, "GET", "/", { params: { id } });
    const same = await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: o.body.cluster.version } });
    expect(same.status).toBe(202);
    expect(same.body.operation.state).toBe("succeeded");
    expect(same.body.operation.timeline.at(-1).message).toMatch(/already runs/);

    // protection
    expect((await call(R.protection.PUT, "PUT", "/", { params: { id }, body: { protected: true }, token: tokens.operator })).status).toBe(403);
    expect((await call(R.protection.PUT, "PUT", "/", { params: { id }, body: { protected: true } })).status).toBe(200);
    const blocked = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name } });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("protected");
    expect((await call(R.protection.PUT, "PUT", "/", { params: { id }, body: { protected: false } })).status).toBe(200);

    // node pools: scale the existing one, then add and remove one
    const c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    const pool = c.body.nodePools[0];
    const scale = await call(R.nodepool.PATCH, "PATCH", "/", { params: { id, poolId: pool.externalId }, body: { nodeCount: 3 }, token: tokens.operator });
    expect(scale.status, scale.text).toBe(202);
    expect((await drive(scale.body.operation.id)).state).toBe("succeeded");
    const after = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(after.body.nodePools.find((p: { externalId: string }) => p.externalId === pool.externalId).nodeCount).toBe(3);
    const badPool = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: { name: "extra" } });
    expect(badPool.status).toBe(400);
    expect(badPool.body.error.details.fields.map((f: { field: string }) => f.field)).toContain("machineSpec");
    const add = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: { name: "extra", machineSpec: pool.instanceType, autoscale: false, size: 1 } });
    expect(add.status, add.text).toBe(202);
    expect((await drive(add.body.operation.id)).state).toBe("succeeded");
    const withExtra = await call(R.cluster.GET, "GET", "/", { params: { id } });
    const extra = withExtra.body.nodePools.find((p: { name: string }) => p.name === "extra");
    expect(extra).toBeTruthy();
    // a provider whose pools do not upgrade separately says so; viewers may not try
    const noUp = await call(R.nodepoolUpgrade.POST, "POST", "/", { params: { id, poolId: extra.externalId }, body: { version: "1.99" } });
    expect(noUp.status, noUp.text).toBe(400);
    expect(noUp.body.error.message).toMatch(/does not support upgrading node pools/);
    expect((await call(R.nodepoolUpgrade.POST, "POST", "/", { params: { id, poolId: extra.externalId }, body: { version: "1.99" }, token: tokens.viewer })).status).toBe(403);
    const del = await call(R.nodepool.DELETE, "DELETE", "/", { params: { id, poolId: extra.externalId } });
    expect(del.status).toBe(202);
    expect((await drive(del.body.operation.id)).state).toBe("succeeded");

    // providers without node-pool APIs say so
    const rafayCluster = await (await import("@/lib/db/client")).getPrisma().clusterSnapshot.findFirst({ where: { provider: "rafay" } });
    if (rafayCluster) {
      const no = await call(R.nodepools.POST, "POST", "/", { params: { id: rafayCluster.id }, body: { name: "x" } });
      expect(no.status).toBe(400);
      expect(no.body.error.message).toMatch(/does not support adding node pools/);
    }

    const gone = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name } });
    expect((await drive(gone.body.operation.id)).state).toBe("succeeded");
  }, 180_000);

  it("Idempotency-Key on upgrade, node pools and delete: a retry or a concurrent double submit replays the same operation; another request with the key is 422", async () => {
    const name = `ikey-${randomBytes(2).toString("hex")}`;
    const created = await drive((await createCluster(await createBody("cloudferro", name))).body.operation.id);
    expect(created.state).toBe("succeeded");
    const id = created.clusterId!;
    const keyed = (key: string) => ({ "idempotency-key": key });
    const { getPrisma } = await import("@/lib/db/client");

    // upgrade: four submits at once with one key → one operation, no 409
    const o = await call(R.upgradeOptions.GET, "GET", "/", { params: { id } });
    const target = o.body.options.find((x: { allowed: boolean; current?: boolean }) => x.allowed && !x.current);
    const up = randomUUID();
    const ups = await Promise.all(Array.from({ length: 4 }, () => call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target.version }, headers: keyed(up) })));
    expect(ups.map((x) => x.status), ups.map((x) => x.text).join("\n")).toEqual([202, 202, 202, 202]);
    expect(new Set(ups.map((x) => x.body.operation.id)).size).toBe(1);
    expect(ups.filter((x) => x.headers.get("idempotency-replayed") === "true")).toHaveLength(3);
    // a retry after the lost answer replays, another version with the key is refused, no key is the usual 409
    const again = await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target.version }, headers: keyed(up) });
    expect(again.status).toBe(202);
    expect(again.body.operation.id).toBe(ups[0].body.operation.id);
    expect((await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: "0.1.0" }, headers: keyed(up) })).status).toBe(422);
    expect((await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target.version } })).status).toBe(409);
    expect(await getPrisma().operation.count({ where: { clusterId: id, kind: "upgrade" } })).toBe(1);
    expect((await drive(ups[0].body.operation.id)).state).toBe("succeeded");
    // replayed after it finished, too (no provider call, no new operation)
    const late = await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target.version }, headers: keyed(up) });
    expect(late.status).toBe(202);
    expect(late.body.operation).toMatchObject({ id: ups[0].body.operation.id, state: "succeeded" });

    // node pools: scale, add, remove
    const pool = (await call(R.cluster.GET, "GET", "/", { params: { id } })).body.nodePools[0];
    const sk = randomUUID();
    const scales = await Promise.all([0, 1].map(() => call(R.nodepool.PATCH, "PATCH", "/", { params: { id, poolId: pool.externalId }, body: { nodeCount: 3 }, headers: keyed(sk) })));
    expect(scales.map((x) => x.status)).toEqual([202, 202]);
    expect(scales[1].body.operation.id).toBe(scales[0].body.operation.id);
    expect((await drive(scales[0].body.operation.id)).state).toBe("succeeded");
    const ak = randomUUID();
    const addBody = { name: "keyed", machineSpec: pool.instanceType, autoscale: false, size: 1 };
    const adds = await Promise.all([0, 1].map(() => call(R.nodepools.POST, "POST", "/", { params: { id }, body: addBody, headers: keyed(ak) })));
    expect(adds.map((x) => x.status)).toEqual([202, 202]);
    expect(adds[1].body.operation.id).toBe(adds[0].body.operation.id);
    expect((await drive(adds[0].body.operation.id)).state).toBe("succeeded");
    // the pool now exists: a retry still replays instead of "already has a node pool named"
    const addAgain = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: addBody, headers: keyed(ak) });
    expect(addAgain.status, addAgain.text).toBe(202);
    expect(addAgain.body.operation.id).toBe(adds[0].body.operation.id);
    const extra = (await call(R.cluster.GET, "GET", "/", { params: { id } })).body.nodePools.find((p: { name: string }) => p.name === "keyed");
    const dk = randomUUID();
    const dels = await Promise.all([0, 1].map(() => call(R.nodepool.DELETE, "DELETE", "/", { params: { id, poolId: extra.externalId }, headers: keyed(dk) })));
    expect(dels.map((x) => x.status)).toEqual([202, 202]);
    expect(dels[1].body.operation.id).toBe(dels[0].body.operation.id);
    expect((await drive(dels[0].body.operation.id)).state).toBe("succeeded");

    // delete: three at once, then a retry after the cluster is gone
    const xk = randomUUID();
    const deletes = await Promise.all([0, 1, 2].map(() => call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name }, headers: keyed(xk) })));
    expect(deletes.map((x) => x.status), deletes.map((x) => x.text).join("\n")).toEqual([202, 202, 202]);
    expect(new Set(deletes.map((x) => x.body.operation.id)).size).toBe(1);
    expect((await drive(deletes[0].body.operation.id)).state).toBe("succeeded");
    const retry = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name }, headers: keyed(xk) });
    expect(retry.status, retry.text).toBe(202);
    expect(retry.body.operation).toMatchObject({ id: deletes[0].body.operation.id, state: "succeeded" });
    // a used key sent for another request, and a malformed key
    expect((await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name }, headers: keyed(up) })).status).toBe(422);
    const bad = await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: "1.0" }, headers: keyed("short") });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe("Idempotency-Key");
  }, 180_000);

  it("each step of an operation records the worker that ran it (and the request the replica that took it)", async () => {
    const r = await createCluster(await createBody("cloudferro", `wrk-${randomBytes(2).toString("hex")}`));
    expect((await drive(r.body.operation.id)).state).toBe("succeeded");
    const { WORKER_ID } = await import("@/lib/worker");
    const timeline = (await opRow(r.body.operation.id)).timeline as { state?: string; worker?: string }[];
    expect(timeline.length).toBeGreaterThan(2);
    expect(timeline[0]).toMatchObject({ state: "pending", worker: WORKER_ID });
    for (const e of timeline.slice(1)) expect(e.worker, JSON.stringify(e)).toBe("test-worker");
    // kept out of what browsers get
    const summary = await call(R.op.GET, "GET", "/", { params: { id: r.body.operation.id } });
    expect(summary.text).not.toContain(WORKER_ID);
  }, 120_000);

  it("a delete the provider keeps refusing stays running with its error shown until an admin cancels it", async () => {
    const name = `stuck-${randomBytes(2).toString("hex")}`;
    const r = await createCluster(await createBody("coreweave", name));
    const created = await drive(r.body.operation.id);
    const id = created.clusterId!;
    const sim = sims.items.find((i) => i.kind === "coreweave")!.sim;
    const put = (f: unknown) => fetch(`${sim.url}/__sim/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
    expect((await put({ errorRates: { "503": 1 }, retryAfterSeconds: 0 })).status).toBe(200);
    try {
      const d = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name } });
      const { runOperationsTick } = await import("./engine");
      for (let i = 0; i < 4; i++) {
        await runOperationsTick({ workerId: "test-worker" });
        await sleep(80);
      }
      const op = (await call(R.op.GET, "GET", "/", { params: { id: d.body.operation.id } })).body as OperationSummary;
      expect(op.state).toBe("running");
      expect(op.error).toBeTruthy();
      expect(op.timeline.at(-1)!.state).toBe("retry");
      expect(op.timeline.at(-1)!.message).toMatch(/Delete failed \(unavailable\)/);
      const listed = await call(R.ops.GET, "GET", "/api/v1/operations?running=1");
      expect(listed.body.items.map((o: OperationSummary) => o.id)).toContain(op.id);
      expect((await call(R.cancel.POST, "POST", "/", { params: { id: op.id }, token: tokens.operator })).status).toBe(403);
      const cancelled = await call(R.cancel.POST, "POST", "/", { params: { id: op.id } });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.state).toBe("cancelled");
    } finally {
      await put({});
    }
    const again = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name } });
    expect((await drive(again.body.operation.id)).state).toBe("succeeded");
  }, 120_000);
});

describe("claims", () => {
  it("two workers claiming at the same moment never get the same operation", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { claimDue } = await import("./engine");
    const prisma = getPrisma();
    const team = await prisma.team.findFirstOrThrow({ where: { name: "Ops" } });
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => prisma.operation.create({ data: { teamId: team.id, connectionId: conns.nks, kind: "delete", targetName: `claim-${i}`, externalId: `x${i}`, params: { scope: "41" } } })),
    );
    const [a, b] = await Promise.all([claimDue("w1", 4), claimDue("w2", 4)]);
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    expect(new Set([...ids(a), ...ids(b)])).toEqual(new Set(ids(made)));
    // held leases are not claimed again until they expire
    expect(await claimDue("w3", 10)).toEqual([]);
    await prisma.operation.updateMany({ where: { id: { in: ids(made) } }, data: { state: "cancelled", leaseOwner: null, leaseUntil: null } });
  });
});

describe("restart", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  function startWorker(id: string) {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/operations/testing/worker-child.ts"), id], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl, OPERATION_LEASE_SECONDS: "2", OPERATION_POLL_SECONDS: "0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    children.push(child);
    return { child, output: () => out };
  }

  it("an upgrade interrupted by SIGKILL completes exactly once after another worker starts", async () => {
    const name = `kill-${randomBytes(2).toString("hex")}`;
    const r = await createCluster(await createBody("nks", name));
    const created = await drive(r.body.operation.id);
    expect(created.state).toBe("succeeded");
    const id = created.clusterId!;
    const o = await call(R.upgradeOptions.GET, "GET", "/", { params: { id } });
    const target = o.body.options.find((x: { allowed: boolean; current?: boolean }) => x.allowed && !x.current);
    const up = await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target.version } });
    expect(up.status).toBe(202);
    const opId = up.body.operation.id as string;

    // worker A takes it, the provider accepts it, the cluster is upgrading — then A is killed
    const a = startWorker("worker-A");
    const deadline = Date.now() + 30_000;
    let row = await opRow(opId);
    while (Date.now() < deadline) {
      row = await opRow(opId);
      const tl = row.timeline as { state?: string }[];
      if (tl.some((e) => e.state === "observed")) break;
      await sleep(100);
    }
    expect((row.timeline as { state?: string }[]).some((e) => e.state === "accepted"), a.output()).toBe(true);
    a.child.kill("SIGKILL");
    await new Promise((res) => a.child.once("exit", res));
    row = await opRow(opId);
    expect(row.state).toBe("running");

    // simulated time passes while no worker runs; B picks the operation up once A's lease expires
    sims.clock.advance(60 * MINUTE);
    const b = startWorker("worker-B");
    const deadline2 = Date.now() + 40_000;
    while (Date.now() < deadline2) {
      row = await opRow(opId);
      if (row.state !== "running") break;
      await sleep(150);
    }
    expect(row.state, b.output()).toBe("succeeded");
    b.child.kill("SIGKILL");
    const tl = row.timeline as { state?: string; message: string }[];
    expect(tl.filter((e) => e.state === "accepted")).toHaveLength(1);
    expect(tl.filter((e) => e.state === "succeeded")).toHaveLength(1);
    const { getPrisma } = await import("@/lib/db/client");
    const audits = await getPrisma().auditEvent.count({ where: { action: "operation.succeeded", targetId: opId } });
    expect(audits).toBe(1);
    const c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.version).toBe(target.version);
  }, 120_000);
});

describe("GKE node pools through the dashboard API", () => {
  it("adds a pool, scales it (sizes per zone, so a region's pool moves in steps of three), removes it", async () => {
    const name = `np-gke-${randomBytes(2).toString("hex")}`;
    const created = await drive((await createCluster(await createBody("gke", name))).body.operation.id);
    expect(created.state, JSON.stringify(created.timeline)).toBe("succeeded");
    const id = created.clusterId!;
    const add = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: { name: "batch", machineType: "n2-standard-4", nodeCount: 1 }, token: tokens.operator });
    expect(add.status, add.text).toBe(202);
    expect((await drive(add.body.operation.id)).state).toBe("succeeded");
    let c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    const pool = c.body.nodePools.find((p: { name: string }) => p.name === "batch");
    expect(pool).toMatchObject({ nodeCount: 3, instanceType: "n2-standard-4" });
    // 4 nodes cannot be spread over three zones: the provider step refuses, the operation fails with the reason
    const odd = await call(R.nodepool.PATCH, "PATCH", "/", { params: { id, poolId: pool.externalId }, body: { nodeCount: 4 } });
    expect(odd.status).toBe(202);
    const oddDone = await drive(odd.body.operation.id);
    expect(oddDone.state).toBe("failed");
    expect(JSON.stringify(oddDone.timeline)).toMatch(/steps of 3 nodes/);
    const scale = await call(R.nodepool.PATCH, "PATCH", "/", { params: { id, poolId: pool.externalId }, body: { nodeCount: 6 } });
    expect(scale.status, scale.text).toBe(202);
    expect((await drive(scale.body.operation.id)).state).toBe("succeeded");
    c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.nodePools.find((p: { name: string }) => p.name === "batch").nodeCount).toBe(6);
    const del = await call(R.nodepool.DELETE, "DELETE", "/", { params: { id, poolId: pool.externalId } });
    expect(del.status, del.text).toBe(202);
    expect((await drive(del.body.operation.id)).state).toBe("succeeded");
    c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.nodePools.map((p: { name: string }) => p.name)).toEqual(["default-pool"]);
  }, 120_000);
});

describe("EKS through the engine: node groups as tracked operations, control plane and node group upgrades, delete in EKS's order", () => {
  it("add, scale and upgrade a node group; delete removes node groups first, then the cluster", async () => {
    const name = `ops-eks-${randomBytes(2).toString("hex")}`;
    const created = await drive((await createCluster(await createBody("eks", name), { key: randomUUID() })).body.operation.id);
    expect(created.state, JSON.stringify(created.timeline)).toBe("succeeded");
    const id = created.clusterId!;
    const nodeRole = (await options(conns.eks, "nodeRoles", { scope: "eu-west-1" }))[0].value;
    // the add-node-group form's own schema (not a wizard list item): bad sizes are named
    const bad = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: { name: "workers", instanceType: "m5.large", nodeRole, desiredSize: 5, minSize: 1, maxSize: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toContain("desiredSize");
    const add = await call(R.nodepools.POST, "POST", "/", { params: { id }, body: { name: "workers", instanceType: "m5.large", nodeRole, desiredSize: 2, minSize: 1, maxSize: 3 }, token: tokens.operator });
    expect(add.status, add.text).toBe(202);
    expect((await drive(add.body.operation.id)).state).toBe("succeeded");
    const scale = await call(R.nodepool.PATCH, "PATCH", "/", { params: { id, poolId: "workers" }, body: { nodeCount: 4 } });
    expect((await drive(scale.body.operation.id)).state).toBe("succeeded");
    let c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.nodePools[0]).toMatchObject({ name: "workers", nodeCount: 4, maxNodes: 4 });

    const o = await call(R.upgradeOptions.GET, "GET", "/", { params: { id } });
    const target = o.body.options.find((x: { allowed: boolean; current?: boolean }) => x.allowed && !x.current).version as string;
    expect((await drive((await call(R.upgrade.POST, "POST", "/", { params: { id }, body: { version: target } })).body.operation.id)).state).toBe("succeeded");
    c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.nodePools[0].lagging).toBe(true);
    // never past the control plane
    const tooFar = await call(R.nodepoolUpgrade.POST, "POST", "/", { params: { id, poolId: "workers" }, body: { version: `1.${Number(target.split(".")[1]) + 1}` } });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/newer version than its control plane/);
    const up = await call(R.nodepoolUpgrade.POST, "POST", "/", { params: { id, poolId: "workers" }, body: { version: target }, token: tokens.operator });
    expect(up.status, up.text).toBe(202);
    const upDone = await drive(up.body.operation.id);
    expect(upDone.state, JSON.stringify(upDone.timeline)).toBe("succeeded");
    c = await call(R.cluster.GET, "GET", "/", { params: { id } });
    expect(c.body.nodePools[0]).toMatchObject({ version: target, lagging: false });

    const del = await call(R.cluster.DELETE, "DELETE", "/", { params: { id }, body: { confirm: name } });
    const gone = await drive(del.body.operation.id);
    expect(gone.state, JSON.stringify(gone.timeline)).toBe("succeeded");
    const text = gone.timeline.map((e) => e.message).join("\n");
    expect(text).toMatch(/node groups first: deleting workers/);
    expect(text).toMatch(/node groups are gone; EKS accepted the cluster delete/);
    expect(await providerHas("eks", name)).toBe(0);
  }, 180_000);
});
