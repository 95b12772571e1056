/**
 * Inventory over a real PostgreSQL and the four simulators over real HTTP: sync per provider, faults
 * (503, hang, rejected credentials) keep the last snapshots, disappearance only after a confirmed
 * listing, lease claims between workers, and the read API through the real route handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<string, Handler>;
const ORIGIN = "http://localhost";

let sims: RunningSimulators;
let owner: string;
let viewer: string;
let outsider: string;
let fixtureToken: string;
let teamId: string;
const conn: Record<string, string> = {};
let routes: { clusters: Routes; cluster: Routes; scopes: Routes; versions: Routes; overview: Routes; sync: Routes; syncOne: Routes };

const inv = () => import("@/lib/inventory");
const db = async () => (await import("@/lib/db/client")).getPrisma();
const simUrl = (kind: string) => sims.items.find((i) => i.kind === kind)!.sim.url;

async function call(h: Handler, method: string, p: string, opts: { token?: string; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: "localhost", origin: ORIGIN };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await h(new Request(`${ORIGIN}${p}`, { method, headers }), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  const json = res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null;
  return { status: res.status, body: json, text, headers: res.headers };
}

async function simAdmin(kind: string, method: string, sub: string, body?: unknown) {
  const res = await fetch(`${simUrl(kind)}/__sim${sub}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${kind} ${sub}`).toBe(200);
  return res.json();
}

beforeAll(async () => {
  ({ sims } = await startSimulatorWorld("inventory", { PROVIDER_TIMEOUT_SECONDS: "1", SYNC_TIMEOUT_SECONDS: "3", SYNC_INTERVAL_SECONDS: "60" }, { scale: 50 }));

  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const o = await createLocalUser({ email: "owner@inv.test", team: "Platform", role: "owner" }, {});
  const v = await createLocalUser({ email: "viewer@inv.test", team: "Platform", role: "viewer" }, {});
  const x = await createLocalUser({ email: "other@inv.test", team: "Elsewhere", role: "owner" }, {});
  const f = await createLocalUser({ email: "fixture@inv.test", team: "Fixtures", role: "viewer" }, {});
  teamId = o.teamId;
  owner = (await createToken({ userId: o.userId, teamId: o.teamId, name: "t" }, {})).token;
  viewer = (await createToken({ userId: v.userId, teamId: v.teamId, name: "t" }, {})).token;
  outsider = (await createToken({ userId: x.userId, teamId: x.teamId, name: "t" }, {})).token;
  fixtureToken = (await createToken({ userId: f.userId, teamId: f.teamId, name: "t" }, {})).token;

  const { createConnection } = await import("@/lib/connections");
  for (const item of sims.items) {
    const d = item.demo[0];
    const r = await createConnection({ teamId }, { provider: item.kind, name: `${item.kind} conn`, baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false });
    conn[item.kind] = r.connection.id;
  }
  // nothing is due for the background claims until a test says so
  await (await db()).connection.updateMany({ data: { nextSyncAt: new Date(Date.now() + 3600_000) } });

  routes = {
    clusters: (await import("@/app/api/v1/clusters/route")) as unknown as Routes,
    cluster: (await import("@/app/api/v1/clusters/[id]/route")) as unknown as Routes,
    scopes: (await import("@/app/api/v1/scopes/route")) as unknown as Routes,
    versions: (await import("@/app/api/v1/versions/route")) as unknown as Routes,
    overview: (await import("@/app/api/v1/overview/route")) as unknown as Routes,
    sync: (await import("@/app/api/v1/sync/route")) as unknown as Routes,
    syncOne: (await import("@/app/api/v1/connections/[id]/sync/route")) as unknown as Routes,
  };
});

afterAll(async () => {
  await sims?.close();
});

async function snapshotCounts(connectionId: string) {
  const prisma = await db();
  return {
    clusters: await prisma.clusterSnapshot.count({ where: { connectionId } }),
    gone: await prisma.clusterSnapshot.count({ where: { connectionId, goneAt: { not: null } } }),
  };
}

describe("sync", () => {
  it("creates scope, version and cluster snapshots for each provider and marks the connection fresh", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    for (const kind of Object.keys(conn)) {
      const r = await syncConnectionNow(conn[kind]);
      expect(r, kind).toMatchObject({ ok: true });
      expect(r!.clusters, kind).toBeGreaterThan(0);
      const c = await prisma.connection.findUniqueOrThrow({ where: { id: conn[kind] } });
      expect(c.state, kind).toBe("fresh");
      expect(c.lastSuccessAt).toBeTruthy();
      expect(c.syncLeaseOwner).toBeNull();
      expect(c.nextSyncAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
      expect(await prisma.scopeSnapshot.count({ where: { connectionId: conn[kind] } }), kind).toBeGreaterThan(0);
      expect(await prisma.versionSnapshot.count({ where: { connectionId: conn[kind] } }), kind).toBeGreaterThan(0);
      const rows = await prisma.clusterSnapshot.findMany({ where: { connectionId: conn[kind] } });
      expect(rows.length).toBe(r!.clusters);
      for (const row of rows) {
        expect(row.teamId).toBe(teamId);
        expect(row.searchText).toBe(row.searchText.toLowerCase());
        expect(row.searchText).toContain(`${kind} conn`);
        expect(row.searchText).toContain(row.name.toLowerCase());
        if (row.version) expect(row.versionSort).toMatch(/^\d{4}\.\d{4}\.\d{4}$/);
      }
      // the catalogue gives EOLs by minor
      expect(rows.some((row) => row.eol), kind).toBe(true);
    }
  });

  it("a second sync changes nothing and clears no rows (idempotent upserts keep ids)", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    const before = await prisma.clusterSnapshot.findMany({ where: { connectionId: conn.nks }, select: { id: true, externalId: true, firstSeenAt: true }, orderBy: { externalId: "asc" } });
    const r = await syncConnectionNow(conn.nks);
    // (a cluster the simulator finishes deleting meanwhile may be marked gone: that row is kept, not removed)
    expect(r).toMatchObject({ ok: true, removed: 0 });
    const after = await prisma.clusterSnapshot.findMany({ where: { connectionId: conn.nks }, select: { id: true, externalId: true, firstSeenAt: true }, orderBy: { externalId: "asc" } });
    expect(after).toEqual(before);
  });

  it("a sync rewrites only the rows the provider changed; an unchanged cluster still reads as seen by the last sync", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    await syncConnectionNow(conn.coreweave);
    // xmin is the transaction that last wrote the row: unchanged rows keep theirs
    const versions = async () =>
      new Map((await prisma.$queryRaw<{ id: string; x: string; status: string }[]>`SELECT id, xmin::text AS x, status FROM "ClusterSnapshot" WHERE "connectionId" = ${conn.coreweave}`).map((r) => [r.id, r]));
    const before = await versions();
    const r = await syncConnectionNow(conn.coreweave);
    expect(r).toMatchObject({ ok: true, gone: 0 });
    const after = await versions();
    const stable = [...before.values()].filter((b) => b.status === "running" && after.get(b.id)?.status === "running");
    expect(stable.length).toBeGreaterThan(0);
    for (const b of stable) expect(after.get(b.id)!.x, `row ${b.id} was rewritten although nothing changed`).toBe(b.x);
    const synced = (await prisma.connection.findUniqueOrThrow({ where: { id: conn.coreweave } })).lastSyncAt!;
    const l = await call(routes.clusters.GET, "GET", `/api/v1/clusters?connection=${conn.coreweave}&status=running&pageSize=5`, { token: viewer });
    expect(l.body.items.length).toBeGreaterThan(0);
    for (const item of l.body.items as { lastSeenAt: string }[]) expect(new Date(item.lastSeenAt).getTime()).toBeGreaterThanOrEqual(synced.getTime());
  });

  it("a failing provider (503) marks only that connection failing and keeps its snapshots", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    const before = await snapshotCounts(conn.nks);
    await simAdmin("nks", "PUT", "/faults", { errorRates: { "503": 1 }, retryAfterSeconds: 0 });
    try {
      const r = await syncConnectionNow(conn.nks);
      expect(r).toMatchObject({ ok: false });
      const c = await prisma.connection.findUniqueOrThrow({ where: { id: conn.nks } });
      expect(c.state).toBe("failing");
      expect(c.lastError).toMatch(/unavailable|Service Unavailable/i);
      expect(c.consecutiveFailures).toBe(1);
      expect(await snapshotCounts(conn.nks)).toEqual(before);
      // the others are untouched
      for (const kind of ["cloudferro", "coreweave", "rafay"]) expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn[kind] } })).state).toBe("fresh");
      // the API shows the state and the provider's error beside the still-listed clusters
      const l = await call(routes.clusters.GET, "GET", `/api/v1/clusters?connection=${conn.nks}&pageSize=500`, { token: viewer });
      expect(l.status).toBe(200);
      expect(l.body.total).toBe(before.clusters);
      expect(l.body.items.every((i: { connectionState: string }) => i.connectionState === "failing")).toBe(true);
      const summary = l.body.connections.find((s: { id: string }) => s.id === conn.nks);
      expect(summary).toMatchObject({ state: "failing", errorKind: "unavailable" });
      expect(summary.error).toBeTruthy();
      // issues=1 lists them
      const issues = await call(routes.clusters.GET, "GET", `/api/v1/clusters?issues=1&connection=${conn.nks}`, { token: viewer });
      expect(issues.body.total).toBe(before.clusters);
    } finally {
      await simAdmin("nks", "PUT", "/faults", {});
    }
    const ok = await syncConnectionNow(conn.nks);
    expect(ok).toMatchObject({ ok: true, gone: 0 });
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn.nks } })).state).toBe("fresh");
  });

  it("a hanging provider times out within SYNC_TIMEOUT_SECONDS; nothing disappears", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    const before = await snapshotCounts(conn.coreweave);
    await simAdmin("coreweave", "PUT", "/faults", { hangRate: 1 });
    try {
      const t0 = Date.now();
      const r = await syncConnectionNow(conn.coreweave);
      expect(Date.now() - t0).toBeLessThan(6_000);
      expect(r).toMatchObject({ ok: false, errorKind: "timeout" });
      expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn.coreweave } })).state).toBe("failing");
      expect(await snapshotCounts(conn.coreweave)).toEqual(before);
    } finally {
      await simAdmin("coreweave", "PUT", "/faults", {});
    }
  });

  it("rejected credentials show credential_rejected with the provider's message", async () => {
    const { syncConnectionNow } = await inv();
    const prisma = await db();
    const before = await snapshotCounts(conn.rafay);
    await simAdmin("rafay", "POST", "/expire-key", { expired: true });
    try {
      const r = await syncConnectionNow(conn.rafay);
      expect(r).toMatchObject({ ok: false, errorKind: "credentials_rejected" });
      const c = await prisma.connection.findUniqueOrThrow({ where: { id: conn.rafay } });
      expect(c.state).toBe("credential_rejected");
      expect(c.lastError).toMatch(/^Wrong credentials/);
      expect(await snapshotCounts(conn.rafay)).toEqual(before);
    } finally {
      await simAdmin("rafay", "POST", "/expire-key", { expired: false });
    }
    expect(await syncConnectionNow(conn.rafay)).toMatchObject({ ok: true });
  });

  it("a deleted cluster is marked gone only by a confirmed sync, removed after the grace period, and cleared if it reappears", async () => {
    const { syncConnectionNow } = await inv();
    const { adapterForConnection } = await import("@/lib/connections");
    const prisma = await db();
    expect(await syncConnectionNow(conn.coreweave)).toMatchObject({ ok: true });
    const victim = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId: conn.coreweave, status: "running" }, orderBy: { name: "asc" } });
    const adapter = await adapterForConnection(conn.coreweave);
    await adapter.deleteCluster(victim.scope, victim.externalId);
    await simAdmin("coreweave", "POST", "/clock", { advanceMs: 6 * 3600_000 });
    // a failed read first: the cluster must not disappear because a request failed
    await simAdmin("coreweave", "PUT", "/faults", { errorRates: { "503": 1 } });
    expect(await syncConnectionNow(conn.coreweave)).toMatchObject({ ok: false });
    await simAdmin("coreweave", "PUT", "/faults", {});
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: victim.id } })).goneAt).toBeNull();
    // the confirmed listing marks it gone (still listed, greyed out)
    const r = await syncConnectionNow(conn.coreweave);
    expect(r).toMatchObject({ ok: true, gone: 1, removed: 0 });
    const gone = await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: victim.id } });
    expect(gone.goneAt).toBeTruthy();
    const d = await call(routes.cluster.GET, "GET", `/api/v1/clusters/${victim.id}`, { token: viewer, params: { id: victim.id } });
    expect(d.status).toBe(200);
    expect(d.body.goneAt).toBeTruthy();
    const hidden = await call(routes.clusters.GET, "GET", `/api/v1/clusters?gone=0&q=${encodeURIComponent(`"${victim.name}"`)}`, { token: viewer });
    expect(hidden.body.items.find((i: { id: string }) => i.id === victim.id)).toBeUndefined();
    // within the grace period it stays; after it, the next sync removes it
    expect(await syncConnectionNow(conn.coreweave)).toMatchObject({ ok: true, gone: 0, removed: 0 });
    await prisma.clusterSnapshot.update({ where: { id: victim.id }, data: { goneAt: new Date(Date.now() - 11 * 60_000) } });
    expect(await syncConnectionNow(conn.coreweave)).toMatchObject({ ok: true, removed: 1 });
    expect(await prisma.clusterSnapshot.findUnique({ where: { id: victim.id } })).toBeNull();
    // a listed cluster carrying goneAt (e.g. it came back) is cleared
    const other = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId: conn.coreweave } });
    await prisma.clusterSnapshot.update({ where: { id: other.id }, data: { goneAt: new Date() } });
    await syncConnectionNow(conn.coreweave);
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: other.id } })).goneAt).toBeNull();
  });
});

describe("claims and the background job", () => {
  it("two workers never claim the same connection; an expired lease is taken over; only the owner releases", async () => {
    const { claimDueConnections, releaseConnection } = await inv();
    const prisma = await db();
    const ids = Object.values(conn);
    for (let round = 0; round < 5; round++) {
      await prisma.connection.updateMany({ where: { id: { in: ids } }, data: { nextSyncAt: new Date(Date.now() - 1000), syncLeaseOwner: null, syncLeaseUntil: null } });
      const limit = Math.ceil(ids.length / 2) + 1; // together they can claim every connection
      const [a, b] = await Promise.all([claimDueConnections("worker-a", { limit }), claimDueConnections("worker-b", { limit })]);
      const aIds = a.map((c) => c.id);
      const bIds = b.map((c) => c.id);
      expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
      expect(new Set([...aIds, ...bIds])).toEqual(new Set(ids.filter((id) => aIds.includes(id) || bIds.includes(id))));
      expect(aIds.length + bIds.length).toBe(ids.length);
      // held leases are not claimable again
      expect(await claimDueConnections("worker-c")).toEqual([]);
    }
    // worker-a "was SIGKILLed": its lease expires and worker-b takes over
    await prisma.connection.updateMany({ where: { id: conn.nks }, data: { syncLeaseOwner: "worker-a", syncLeaseUntil: new Date(Date.now() - 1) } });
    const taken = await claimDueConnections("worker-b");
    expect(taken.map((c) => c.id)).toContain(conn.nks);
    // worker-a cannot release worker-b's lease
    await releaseConnection("worker-a", conn.nks, { ok: true });
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn.nks } })).syncLeaseOwner).toBe("worker-b");
    await releaseConnection("worker-b", conn.nks, { ok: true });
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn.nks } })).syncLeaseOwner).toBeNull();
    await prisma.connection.updateMany({ where: { id: { in: ids } }, data: { syncLeaseOwner: null, syncLeaseUntil: null, nextSyncAt: new Date(Date.now() + 3600_000) } });
  });

  it("a release records the sync's duration; among connections due together the longest expected sync is claimed first", async () => {
    const { claimDueConnections, releaseConnection } = await inv();
    const prisma = await db();
    const ids = Object.values(conn);
    const due = new Date(Date.now() - 1000);
    await prisma.connection.updateMany({ where: { id: { in: ids } }, data: { nextSyncAt: due, syncLeaseOwner: null, syncLeaseUntil: null, lastSyncMs: null } });
    // the release records how long the sync took (a crashed sync, without a result, keeps the last figure)
    const [first] = await claimDueConnections("order-worker", { limit: 1 });
    await releaseConnection("order-worker", first.id, { ok: true, durationMs: 1234.4 });
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: first.id } })).lastSyncMs).toBe(1234);
    await prisma.connection.update({ where: { id: first.id }, data: { syncLeaseOwner: "order-worker", syncLeaseUntil: new Date(Date.now() + 60_000) } });
    await releaseConnection("order-worker", first.id, null);
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: first.id } })).lastSyncMs).toBe(1234);
    // every connection due at the same instant, each with a different last duration: claimed longest first
    const durations = ids.map((_, i) => (i % 2 ? i : 2 * ids.length - i) * 1000 + 500); // distinct, not in creation order
    for (const [i, id] of ids.entries()) await prisma.connection.update({ where: { id }, data: { nextSyncAt: due, syncLeaseOwner: null, syncLeaseUntil: null, lastSyncMs: durations[i] } });
    const claimed: string[] = [];
    for (let i = 0; i < ids.length; i++) claimed.push(...(await claimDueConnections("order-worker", { limit: 1 })).map((c) => c.id));
    const byDuration = [...ids].sort((a, b) => durations[ids.indexOf(b)] - durations[ids.indexOf(a)]);
    expect(claimed).toEqual(byDuration);
    // the due time still comes first when it differs by more than the durations: a long-overdue short sync is not starved
    await prisma.connection.updateMany({ where: { id: { in: ids } }, data: { syncLeaseOwner: null, syncLeaseUntil: null, nextSyncAt: new Date(Date.now() - 1000) } });
    const shortest = byDuration[byDuration.length - 1];
    await prisma.connection.update({ where: { id: shortest }, data: { nextSyncAt: new Date(Date.now() - 3600_000) } });
    expect((await claimDueConnections("order-worker", { limit: 1 })).map((c) => c.id)).toEqual([shortest]);
    await prisma.connection.updateMany({ where: { id: { in: ids } }, data: { syncLeaseOwner: null, syncLeaseUntil: null, lastSyncMs: null, nextSyncAt: new Date(Date.now() + 3600_000) } });
  });

  it("refresh now answers 409 while another worker holds the lease; the tick syncs due connections and backs off failing ones", async () => {
    const { runInventoryTick, claimDueConnections } = await inv();
    const prisma = await db();
    await prisma.connection.updateMany({ where: { id: conn.nks }, data: { nextSyncAt: new Date(Date.now() - 1000) } });
    await claimDueConnections("someone-else", { onlyId: conn.nks });
    const busy = await call(routes.syncOne.POST, "POST", `/api/v1/connections/${conn.nks}/sync`, { token: owner, params: { id: conn.nks } });
    expect(busy.status).toBe(409);
    await prisma.connection.updateMany({ where: { id: conn.nks }, data: { syncLeaseOwner: null, syncLeaseUntil: null } });

    await simAdmin("cloudferro", "PUT", "/faults", { errorRates: { "502": 1 } });
    try {
      await prisma.connection.updateMany({ where: { id: { in: [conn.nks, conn.cloudferro] } }, data: { nextSyncAt: new Date(Date.now() - 1000), consecutiveFailures: 2 } });
      const results = await runInventoryTick("tick-worker");
      expect(results.map((r) => r.connectionId).sort()).toEqual([conn.nks, conn.cloudferro].sort());
      const nks = await prisma.connection.findUniqueOrThrow({ where: { id: conn.nks } });
      const cf = await prisma.connection.findUniqueOrThrow({ where: { id: conn.cloudferro } });
      expect(nks.state).toBe("fresh");
      expect(cf.state).toBe("failing");
      expect(cf.consecutiveFailures).toBe(3);
      // interval 60 s ± 20 % after success; 60 s × 2² ± 10 % after the third failure
      expect(nks.nextSyncAt.getTime() - Date.now()).toBeLessThan(73_000);
      expect(cf.nextSyncAt.getTime() - Date.now()).toBeGreaterThan(200_000);
      expect(nks.syncLeaseOwner).toBeNull();
      expect(cf.syncLeaseOwner).toBeNull();
    } finally {
      await simAdmin("cloudferro", "PUT", "/faults", {});
    }
    const { metrics } = await import("@/lib/metrics");
    const text = await metrics().tenantRegistry.metrics();
    expect(text).toMatch(new RegExp(`clusterdeck_connection_sync_age_seconds\\{connection="${conn.nks}",provider="nks"\\} \\d`));
    // refresh now over the API (operator+), audited
    const r = await call(routes.syncOne.POST, "POST", `/api/v1/connections/${conn.cloudferro}/sync`, { token: owner, params: { id: conn.cloudferro } });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ connectionId: conn.cloudferro, ok: true });
    expect(r.body.connections.find((c: { id: string }) => c.id === conn.cloudferro).state).toBe("fresh");
    expect(await prisma.auditEvent.count({ where: { action: "inventory.sync", targetId: conn.cloudferro } })).toBe(1);
    expect((await call(routes.syncOne.POST, "POST", `/api/v1/connections/${conn.nks}/sync`, { token: viewer, params: { id: conn.nks } })).status).toBe(403);
    expect((await call(routes.syncOne.POST, "POST", `/api/v1/connections/${conn.nks}/sync`, { token: outsider, params: { id: conn.nks } })).status).toBe(404);
    const all = await call(routes.sync.POST, "POST", `/api/v1/sync`, { token: owner });
    expect(all.status).toBe(200);
    expect(all.body.results).toHaveLength(sims.items.length);
  });

  it("fresh turns stale after 3× the interval without success", async () => {
    const { markStaleConnections, effectiveState } = await inv();
    const prisma = await db();
    const old = new Date(Date.now() - 4 * 60_000);
    expect(effectiveState({ state: "fresh", lastSuccessAt: old, syncLeaseUntil: null })).toBe("stale");
    expect(effectiveState({ state: "syncing", lastSuccessAt: old, syncLeaseUntil: new Date(Date.now() - 1) })).toBe("stale");
    await prisma.connection.update({ where: { id: conn.rafay }, data: { lastSuccessAt: old } });
    expect(await markStaleConnections()).toBeGreaterThanOrEqual(1);
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: conn.rafay } })).state).toBe("stale");
    await (await inv()).syncConnectionNow(conn.rafay);
  });
});

describe("read API", () => {
  let fixtureConn: string;
  const F = [
    { name: "prod-eu-1", scope: "o1", region: "eu-west", version: "1.29.3", status: "running", nodes: 5 },
    { name: "prod-us-2", scope: "o1", region: "us-east", version: "1.30.1", status: "failed", nodes: 3 },
    { name: "staging eu", scope: "o2", region: "eu-west", version: "1.30.4", status: "running", nodes: 2 },
    { name: "dev_box", scope: "o2", region: "us-east", version: "1.31.0", status: "provisioning", nodes: 1 },
    { name: "Analytics, \"big\"", scope: "o2", region: null, version: null, status: "running", nodes: 9 },
  ] as const;

  beforeAll(async () => {
    const prisma = await db();
    const { writeSnapshots } = await inv();
    const team = await prisma.team.findFirstOrThrow({ where: { name: "Fixtures" } });
    const c = await prisma.connection.create({
      data: { teamId: team.id, provider: "nks", name: "Fixture NKS", baseUrl: "https://nks.example", credentialsCiphertext: "x", credentialsKeyId: "x", credentialsHint: "x", nextSyncAt: new Date(Date.now() + 86_400_000), state: "fresh", lastSuccessAt: new Date() },
    });
    fixtureConn = c.id;
    const year = new Date().getUTCFullYear();
    await prisma.$transaction((tx) =>
      writeSnapshots(
        tx,
        { id: c.id, teamId: team.id, name: c.name, provider: "nks" },
        {
          scopes: [
            { externalId: "o1", name: "Org One", kind: "org" },
            { externalId: "o2", name: "Org Two", kind: "org" },
          ],
          versions: [
            { version: "1.29.3", eol: `${year - 1}-01-01`, active: false },
            { version: "1.30.1", eol: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), active: true },
            { version: "1.31.0", eol: `${year + 2}-01-01`, active: true, default: true },
          ],
          clusters: F.map((f, i) => ({
            externalId: String(100 + i),
            name: f.name,
            scope: f.scope,
            region: f.region,
            version: f.version,
            status: f.status,
            providerStatus: f.status.toUpperCase(),
            nodeCount: f.nodes,
            nodePools: [
              { externalId: `p${i}`, name: "pool", version: f.version === "1.30.4" ? "1.29.3" : f.version, nodeCount: f.nodes },
            ],
            createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
          })),
        },
        new Date(),
      ),
    );
  });

  const get = (qs: string, token = fixtureToken) => call(routes.clusters.GET, "GET", `/api/v1/clusters${qs}`, { token });
  const names = (r: { body: { items: { name: string }[] } }) => r.body.items.map((i) => i.name);

  it("lists with connection summaries, paginates and sorts in the database", async () => {
    let r = await get("");
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(5);
    expect(r.body.connections).toEqual([expect.objectContaining({ id: fixtureConn, name: "Fixture NKS", state: "fresh", clusterCount: 5, providerName: expect.any(String) })]);
    expect(names(r)).toEqual(['Analytics, "big"', "dev_box", "prod-eu-1", "prod-us-2", "staging eu"]);
    const row = r.body.items.find((i: { name: string }) => i.name === "prod-eu-1");
    expect(row).toMatchObject({ scopeName: "Org One", connectionName: "Fixture NKS", eolState: "past", status: "running", nodeCount: 5, connectionState: "fresh", runningOperation: null });
    r = await get("?sort=-version");
    expect(names(r)).toEqual(["dev_box", "staging eu", "prod-us-2", "prod-eu-1", 'Analytics, "big"']);
    r = await get("?sort=nodes&page=2&pageSize=2");
    expect(r.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(names(r)).toEqual(["prod-us-2", "prod-eu-1"]);
    r = await get("?sort=-created");
    expect(names(r)[0]).toBe('Analytics, "big"');
    r = await get("?sort=eol");
    expect(names(r)).toEqual(["prod-eu-1", "prod-us-2", "staging eu", "dev_box", 'Analytics, "big"']);
  });

  it("filters by provider, status, scope, region, version (minor or exact), eol and issues", async () => {
    expect((await get("?status=running")).body.total).toBe(3);
    expect((await get("?status=running,failed")).body.total).toBe(4);
    expect((await get("?scope=o1")).body.total).toBe(2);
    expect((await get("?scope=Org%20Two")).body.total).toBe(3);
    expect((await get("?region=eu-west")).body.total).toBe(2);
    expect(names(await get("?version=1.30"))).toEqual(["prod-us-2", "staging eu"]);
    expect(names(await get("?version=1.30.4"))).toEqual(["staging eu"]);
    expect(names(await get("?version=v1.29"))).toEqual(["prod-eu-1"]);
    expect(names(await get("?eol=past"))).toEqual(["prod-eu-1"]);
    expect(names(await get("?eol=soon"))).toEqual(["prod-us-2", "staging eu"]);
    expect(names(await get("?eol=unknown"))).toEqual(['Analytics, "big"']);
    expect(names(await get("?issues=1"))).toEqual(["prod-eu-1", "prod-us-2"]);
    expect((await get("?provider=rafay")).body.total).toBe(0);
    expect((await get(`?connection=${fixtureConn}`)).body.total).toBe(5);
  });

  it("searches words, quoted phrases and -excluded terms, case-insensitively; wildcards are literal", async () => {
    expect(names(await get("?q=PROD"))).toEqual(["prod-eu-1", "prod-us-2"]);
    expect(names(await get("?q=prod%20-us"))).toEqual(["prod-eu-1"]);
    expect(names(await get(`?q=${encodeURIComponent('"staging eu"')}`))).toEqual(["staging eu"]);
    expect(names(await get(`?q=${encodeURIComponent('-"org one" eu')}`))).toEqual(["staging eu"]);
    expect(names(await get(`?q=${encodeURIComponent("org two -dev -staging")}`))).toEqual(['Analytics, "big"']);
    expect((await get("?q=fixture")).body.total).toBe(5);
    expect((await get("?q=1.30")).body.total).toBe(2);
    expect(names(await get("?q=dev_")).length).toBe(1);
    expect((await get("?q=%25")).body.total).toBe(0);
    expect((await get("?q=d_v")).body.total).toBe(0);
    expect((await get(`?q=${encodeURIComponent("\\")}`)).body.total).toBe(0);
  });

  it("answers 400 naming the field for bad query values, 401 without credentials", async () => {
    for (const [qs, field] of [["?status=exploded", "status"], ["?sort=color", "sort"], ["?pageSize=501", "pageSize"], ["?page=0", "page"], ["?eol=later", "eol"], ["?version=latest", "version"], ["?format=xml", "format"]]) {
      const r = await get(qs);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.details.fields[0].field, qs).toBe(field);
    }
    expect((await call(routes.clusters.GET, "GET", "/api/v1/clusters")).status).toBe(401);
  });

  it("exports the whole filtered, sorted set as CSV", async () => {
    const r = await get("?format=csv&sort=-nodes&pageSize=1&status=running");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(r.headers.get("content-disposition")).toMatch(/attachment; filename="clusters-/);
    const lines = r.text.trim().split("\r\n");
    expect(lines[0]).toMatch(/^name,provider,connection,scope,region,version,status/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^"Analytics, ""big""",nks,Fixture NKS,Org Two,,,running/);
    expect(lines[2]).toMatch(/^prod-eu-1,/);
  });

  it("CSV streams a large set completely", async () => {
    const prisma = await db();
    const { writeSnapshots } = await inv();
    const team = await prisma.team.findFirstOrThrow({ where: { name: "Elsewhere" } });
    const c = await prisma.connection.create({ data: { teamId: team.id, provider: "rafay", name: "Big", baseUrl: "https://r.example", credentialsCiphertext: "x", credentialsKeyId: "x", credentialsHint: "x", nextSyncAt: new Date(Date.now() + 86_400_000) } });
    const clusters = Array.from({ length: 2500 }, (_, i) => ({ externalId: `e${i}`, name: `c-${String(i).padStart(5, "0")}`, scope: "p", version: "1.31.2", status: "running" as const, providerStatus: "READY", nodeCount: 3, nodePools: [] }));
    const t0 = Date.now();
    await prisma.$transaction((tx) => writeSnapshots(tx, { id: c.id, teamId: team.id, name: "Big", provider: "rafay" }, { scopes: [{ externalId: "p", name: "P", kind: "project" }], versions: [], clusters }, new Date()));
    expect(Date.now() - t0).toBeLessThan(10_000);
    const r = await call(routes.clusters.GET, "GET", "/api/v1/clusters?format=csv", { token: outsider });
    const lines = r.text.trim().split("\r\n");
    expect(lines).toHaveLength(2501);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(2500);
  });

  it("both snapshot writers (sync and operations) store the same row for the same provider cluster", async () => {
    const prisma = await db();
    const { writeSnapshots } = await inv();
    const { upsertSnapshot } = await import("@/lib/operations/snapshot");
    const team = await prisma.team.findFirstOrThrow({ where: { name: "Elsewhere" } });
    const mk = (name: string) => prisma.connection.create({ data: { teamId: team.id, provider: "nks", name, baseUrl: "https://n.example", credentialsCiphertext: "x", credentialsKeyId: "x", credentialsHint: "x", nextSyncAt: new Date(Date.now() + 86_400_000) } });
    const [a, b] = [await mk("Writer A"), await mk("Writer B")];
    const cluster = {
      externalId: "w1", name: "writers", scope: "o1", region: "eu", version: "v1.30.2", status: "running" as const, providerStatus: "RUNNING",
      nodeCount: 2.6, nodePools: [{ externalId: "p", name: "pool", nodeCount: 2.6 }], createdAt: "2024-01-01T10:00:00+02:00", upgradeTargets: ["1.31.0"], raw: { zone: "a" },
    };
    const inventory = { scopes: [{ externalId: "o1", name: "Org One", kind: "org" }], versions: [{ version: "1.30.2", eol: "2030-01-01", active: true }], clusters: [cluster] };
    await prisma.$transaction((tx) => writeSnapshots(tx, { id: a.id, teamId: team.id, name: "Same", provider: "nks" }, inventory, new Date()));
    await prisma.$transaction((tx) => writeSnapshots(tx, { id: b.id, teamId: team.id, name: "Same", provider: "nks" }, { ...inventory, clusters: [] }, new Date()));
    await prisma.connection.update({ where: { id: b.id }, data: { name: "Same" } });
    await upsertSnapshot({ id: b.id, teamId: team.id, provider: "nks" }, cluster);
    const row = async (connectionId: string) => {
      const r = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId } });
      const { id: _i, connectionId: _c, firstSeenAt: _f, lastSeenAt: _l, ...rest } = r;
      return rest;
    };
    const [fromSync, fromOperation] = [await row(a.id), await row(b.id)];
    expect(fromSync.nodeCount).toBe(3);
    expect(fromOperation).toEqual(fromSync);
  });

  it("one cluster: node pools with lagging flag, upgrade options from the provider rules, 404 across teams", async () => {
    const prisma = await db();
    const staging = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId: fixtureConn, name: "staging eu" } });
    const r = await call(routes.cluster.GET, "GET", `/api/v1/clusters/${staging.id}`, { token: fixtureToken, params: { id: staging.id } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: staging.id, name: "staging eu", version: "1.30.4", operations: [] });
    expect(r.body.nodePools).toEqual([expect.objectContaining({ name: "pool", lagging: true })]);
    expect(r.body.upgradeOptions.length).toBeGreaterThan(0);
    expect(r.body.upgradeOptions.every((o: { allowed: boolean }) => !o.allowed)).toBe(true);
    const dev = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId: fixtureConn, name: "prod-us-2" } });
    await prisma.clusterSnapshot.update({ where: { id: dev.id }, data: { status: "running" } });
    const d = await call(routes.cluster.GET, "GET", `/api/v1/clusters/${dev.id}`, { token: fixtureToken, params: { id: dev.id } });
    expect(d.body.upgradeOptions.find((o: { version: string }) => o.version === "1.31.0")).toMatchObject({ allowed: true });
    await prisma.clusterSnapshot.update({ where: { id: dev.id }, data: { status: "failed" } });
    expect((await call(routes.cluster.GET, "GET", `/api/v1/clusters/${dev.id}`, { token: outsider, params: { id: dev.id } })).status).toBe(404);
    expect((await call(routes.cluster.GET, "GET", `/api/v1/clusters/nope`, { token: fixtureToken, params: { id: "nope" } })).status).toBe(404);
  });

  it("scopes, versions and overview", async () => {
    const s = await call(routes.scopes.GET, "GET", "/api/v1/scopes", { token: fixtureToken });
    expect(s.status).toBe(200);
    expect(s.body.items.map((i: { name: string; clusterCount: number }) => [i.name, i.clusterCount])).toEqual([["Org One", 2], ["Org Two", 3]]);
    const v = await call(routes.versions.GET, "GET", "/api/v1/versions", { token: fixtureToken });
    expect(v.status).toBe(200);
    const byVersion = Object.fromEntries(v.body.items.map((i: { version: string }) => [i.version, i]));
    expect(byVersion["1.31.0"]).toMatchObject({ provider: "nks", clusterCount: 1, isDefault: true, eolState: "ok" });
    expect(byVersion["1.29.3"]).toMatchObject({ clusterCount: 1, eolState: "past", active: false });
    expect(byVersion["1.30.4"]).toMatchObject({ clusterCount: 1, active: false });
    expect(byVersion["1.30.1"].upgradesTo).toContain("1.31.0");
    const o = await call(routes.overview.GET, "GET", "/api/v1/overview", { token: fixtureToken });
    expect(o.status).toBe(200);
    expect(o.body.totals).toMatchObject({ clusters: 5, byProvider: { nks: 5 }, byStatus: { running: 3, failed: 1, provisioning: 1 }, byVersion: { "1.29": 1, "1.30": 2, "1.31": 1, unknown: 1 } });
    expect(o.body.eol).toMatchObject({ past: 1, soon: 2 });
    expect(o.body.eol.clusters.map((c: { name: string }) => c.name)).toEqual(["prod-eu-1", "prod-us-2", "staging eu"]);
    expect(o.body.connections).toHaveLength(1);
    expect(o.body.runningOperations).toEqual([]);
    // the real team's inventory, from the simulators
    const real = await call(routes.overview.GET, "GET", "/api/v1/overview", { token: viewer });
    expect(Object.keys(real.body.totals.byProvider).sort()).toEqual(sims.items.map((i) => i.kind).sort());
  });
});
