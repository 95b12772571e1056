/**
 * The two snapshot writers (inventory sync and operations) on one cluster, over a real PostgreSQL and the
 * NKS simulator over real HTTP:
 * - a cluster's creation time survives both. NKS lists clusters in its summary shape, without `created`;
 *   only the create answer and GET-one carry it (docs/providers/nks.md §3.4). An operation's read stored
 *   the time; the next sync wrote null over it, so a new cluster's page said "Created: —" until the next
 *   operation (the flaky wizards e2e).
 * - a sync whose listing was read before an operation's write does not put the older state back.
 * - the update time, missing from the same listing, stays while the cluster lists unchanged (the page
 *   said "Updated: —" after every sync) and becomes unknown once it changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";

let sims: RunningSimulators;
let teamId: string;
let connectionId: string;

const db = async () => (await import("@/lib/db/client")).getPrisma();

beforeAll(async () => {
  ({ sims } = await startSimulatorWorld("snapwriters", {
    PROVIDER_TIMEOUT_SECONDS: "5",
    SYNC_TIMEOUT_SECONDS: "30",
  }));
  const { createLocalUser } = await import("@/lib/auth/users");
  teamId = (await createLocalUser({ email: "created@example.com", team: "Created", role: "owner" }, {})).teamId;
  const { createConnection } = await import("@/lib/connections");
  const nks = sims.items.find((i) => i.kind === "nks")!;
  const d = nks.demo[0];
  const r = await createConnection({ teamId }, { provider: "nks", name: "nks", baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false });
  connectionId = r.connection.id;
  // nothing is due for a background claim
  await (await db()).connection.update({ where: { id: connectionId }, data: { nextSyncAt: new Date(Date.now() + 3600_000) } });
});

afterAll(async () => {
  await sims?.close();
});

async function sync() {
  const { syncConnection } = await import("@/lib/inventory/sync");
  const r = await syncConnection(connectionId);
  expect(r, r.error).toMatchObject({ ok: true });
}

describe("a cluster's creation time", () => {
  it("a sync whose listing has none keeps the one an operation read; an operation's answer without one keeps it too", async () => {
    const prisma = await db();
    await sync();
    const row = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId, status: "running", goneAt: null }, orderBy: { externalId: "asc" } });
    expect(row.providerCreatedAt, "premise: NKS lists clusters without a creation time (docs/providers/nks.md §3.4)").toBeNull();

    // an operation reads the cluster (GET-one, the full shape) and writes its snapshot
    const { adapterForConnection } = await import("@/lib/connections");
    const { upsertSnapshot } = await import("@/lib/operations/snapshot");
    const conn = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const live = await (await adapterForConnection(conn)).getCluster(row.scope, row.externalId);
    expect(live.createdAt).toBeTruthy();
    await upsertSnapshot(conn, live);
    const created = (await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row.id } })).providerCreatedAt;
    expect(created).toEqual(new Date(Date.parse(live.createdAt!)));

    // the next sync lists the cluster without `created`: the known time stays, and the page shows it
    await sync();
    const afterSync = await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row.id } });
    expect(afterSync.providerCreatedAt).toEqual(created);
    const { getClusterDetail } = await import("@/lib/inventory");
    expect((await getClusterDetail(teamId, row.id)).createdAt).not.toBeNull();

    // a steady listing rewrites nothing: the kept time is no change
    await sync();
    const steady = await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row.id } });
    expect(steady.lastSeenAt).toEqual(afterSync.lastSeenAt);
    expect(steady.providerCreatedAt).toEqual(created);

    // an operation's answer without a creation time (NKS's GET-one has answered in the summary shape too)
    await upsertSnapshot(conn, { ...live, createdAt: null });
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row.id } })).providerCreatedAt).toEqual(created);
  });
});

describe("a sync racing an operation", () => {
  it("a listing read before an operation's write does not put the older state back", async () => {
    const prisma = await db();
    await sync();
    const rows = await prisma.clusterSnapshot.findMany({ where: { connectionId, status: "running", goneAt: null }, orderBy: { externalId: "asc" } });
    const row = rows.find((r) => Array.isArray(r.upgradeTargets) && r.upgradeTargets.length > 0);
    expect(row, "a running NKS cluster with an upgrade on offer").toBeTruthy();
    const { adapterForConnection } = await import("@/lib/connections");
    const { upsertSnapshot } = await import("@/lib/operations/snapshot");
    const { writeSnapshots } = await import("@/lib/inventory/sync");
    const conn = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const adapter = await adapterForConnection(conn);

    // a sync starts and reads the provider (as syncConnection does): the cluster is running
    const syncStart = new Date();
    const [scopes, clusters, versions] = await Promise.all([adapter.listScopes(), adapter.listClusters(), adapter.listVersions()]);
    expect(clusters.find((c) => c.externalId === row!.externalId)?.status).toBe("running");

    // meanwhile an upgrade operation is accepted and writes what it then reads: upgrading
    await adapter.upgradeCluster(row!.scope, row!.externalId, (row!.upgradeTargets as string[])[0]);
    const live = await adapter.getCluster(row!.scope, row!.externalId);
    expect(live.status).toBe("upgrading");
    await upsertSnapshot(conn, live);

    // the sync's write lands last, with its older read
    await prisma.$transaction((tx) => writeSnapshots(tx, conn, { scopes, clusters, versions }, syncStart));
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } })).status).toBe("upgrading");

    // the next sync reads the provider anew and agrees
    await sync();
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } })).status).toBe("upgrading");
  });
});

describe("a cluster's update time", () => {
  it("a listing without one keeps the known time while the cluster lists unchanged, and drops it once the cluster changed", async () => {
    const prisma = await db();
    await sync();
    const rows = await prisma.clusterSnapshot.findMany({ where: { connectionId, status: "running", goneAt: null }, orderBy: { externalId: "asc" } });
    const row = rows.find((r) => Array.isArray(r.upgradeTargets) && r.upgradeTargets.length > 0);
    expect(row, "a running NKS cluster with an upgrade on offer").toBeTruthy();
    expect(row!.providerUpdatedAt, "premise: NKS lists clusters without an update time (docs/providers/nks.md §3.4)").toBeNull();
    const { adapterForConnection } = await import("@/lib/connections");
    const { upsertSnapshot } = await import("@/lib/operations/snapshot");
    const conn = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    const adapter = await adapterForConnection(conn);

    // an operation reads the cluster (GET-one, the full shape, with `updated`)
    const live = await adapter.getCluster(row!.scope, row!.externalId);
    expect(live.updatedAt).toBeTruthy();
    await upsertSnapshot(conn, live);
    const updated = new Date(Date.parse(live.updatedAt!));
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } })).providerUpdatedAt).toEqual(updated);

    // the next sync lists it unchanged (same version, state and node count) without `updated`: the time stays
    await sync();
    const kept = await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } });
    expect(kept.providerUpdatedAt).toEqual(updated);
    const { getClusterDetail } = await import("@/lib/inventory");
    expect((await getClusterDetail(teamId, row!.id)).updatedAt).not.toBeNull();
    // and a steady listing rewrites nothing
    await sync();
    expect((await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } })).lastSeenAt).toEqual(kept.lastSeenAt);

    // the cluster changes at the provider (an upgrade from elsewhere): the kept time would now be stale
    await adapter.upgradeCluster(row!.scope, row!.externalId, (row!.upgradeTargets as string[])[0]);
    await sync();
    const changed = await prisma.clusterSnapshot.findUniqueOrThrow({ where: { id: row!.id } });
    expect(changed.status).not.toBe("running");
    expect(changed.providerUpdatedAt).toBeNull();
  });
});
