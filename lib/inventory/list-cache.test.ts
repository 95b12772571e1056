/**
 * Issue 20: the cluster list's page cache is exact. Over a real PostgreSQL: a page is served from the
 * cache while the team's inventory is unchanged (proved by a write made with the database's triggers
 * switched off, which the list then does not see), and every kind of change that alters a page raises
 * the team's revision at commit — snapshots written by a sync, a connection renamed, added, deleted or
 * given another account key, an operation started or finished — while what is read fresh on every
 * request (a connection's sync state) shows at once without any revision change.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ClusterListResponse } from "@/lib/inventory/api-types";
import type { ProviderInventory } from "@/lib/inventory/sync";
import { createTestDatabase } from "@/test/support/db";
import { makeConnection, makeTeam } from "@/test/support/factories";

let teamId: string;
let connA: string;
let connB: string;

type Prisma = Awaited<ReturnType<typeof prismaOf>>;
const prismaOf = async () => (await import("@/lib/db/client")).getPrisma();
let db: Prisma;

function inventory(names: string[], version = "1.30.2"): ProviderInventory {
  return {
    scopes: [{ externalId: "org-1", name: "Org 1", kind: "org" }],
    clusters: names.map((n) => ({ externalId: `id-${n}`, name: n, scope: "org-1", region: "eu-1", version, status: "running" as const, providerStatus: "RUNNING", nodeCount: 3, nodePools: [] })),
    versions: [{ version, active: true }],
  };
}

async function write(connectionId: string, inv: ProviderInventory) {
  const { writeSnapshots } = await import("@/lib/inventory/sync");
  const conn = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  await db.$transaction((tx) => writeSnapshots(tx, conn, inv, new Date()));
}

/** the API's answer (listClustersResponse, as GET /api/v1/clusters gives it), decoded */
async function list(query: Record<string, string> = {}, now = new Date()): Promise<ClusterListResponse> {
  return JSON.parse((await answer(query, now)).text) as ClusterListResponse;
}

async function answer(query: Record<string, string>, now: Date) {
  const { clusterQuerySchema, listClustersResponse } = await import("@/lib/inventory");
  const res = await listClustersResponse(teamId, clusterQuerySchema.parse(query), undefined, now);
  if (!(res instanceof Response)) return { kept: false, bytes: Buffer.alloc(0), text: JSON.stringify(res) };
  expect(res.headers.get("content-type")).toBe("application/json");
  const bytes = Buffer.from(await res.arrayBuffer());
  return { kept: true, bytes, text: bytes.toString("utf8") };
}

async function revision(): Promise<bigint | null> {
  return (await db.inventoryRevision.findUnique({ where: { teamId } }))?.revision ?? null;
}

/** a snapshot change the triggers do not see: only a cached page can hide it */
async function renameBehindTheTriggers(externalId: string, name: string) {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    await tx.$executeRawUnsafe(`UPDATE "ClusterSnapshot" SET name = $1 WHERE "externalId" = $2 AND "teamId" = $3`, name, externalId, teamId);
  });
}

beforeAll(async () => {
  await createTestDatabase("listcache");
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "cd-listcache-"));
  process.env.CLUSTERDECK_DEMO = "0";
  (await import("@/lib/config")).resetConfig();
  db = await prismaOf();
  teamId = (await makeTeam()).id;
  connA = (await makeConnection({ teamId, name: "alpha" })).id;
  connB = (await makeConnection({ teamId, name: "beta" })).id;
}, 120_000);

beforeEach(async () => {
  (await import("@/lib/inventory/list-cache")).resetListCache();
  await db.clusterSnapshot.deleteMany({ where: { teamId } });
  await db.connection.updateMany({ where: { teamId }, data: { state: "fresh", lastSuccessAt: new Date(), lastError: null } });
  await write(connA, inventory(["a1", "a2", "a3"]));
  await write(connB, inventory(["b1", "b2"]));
});

describe("cluster list page cache", () => {
  it("serves an unchanged inventory from the cache, and a sync's change at once", async () => {
    expect((await list()).items.map((r) => r.name)).toEqual(["a1", "a2", "a3", "b1", "b2"]);
    await renameBehindTheTriggers("id-a1", "a1-hidden");
    // nothing raised the revision: the cached page (this also fails if nothing were cached)
    expect((await list()).items.map((r) => r.name)).toContain("a1");
    const before = await revision();
    // a sync that changes one cluster: the revision moves once for the whole transaction
    await write(connA, inventory(["a1", "a2", "a3", "a4"]));
    expect(await revision()).toBe(before! + 1n);
    const after = await list();
    // the sync rewrote a1 from the provider's answer too (the hidden rename differed from it)
    expect(after.items.map((r) => r.name)).toEqual(["a1", "a2", "a3", "a4", "b1", "b2"]);
    expect(after.total).toBe(6);
    expect(after.connections.find((c) => c.id === connA)?.clusterCount).toBe(4);
  });

  it("a sync that finds nothing changed leaves the revision (and the cache) alone", async () => {
    const before = await revision();
    await write(connA, inventory(["a1", "a2", "a3"]));
    expect(await revision()).toBe(before);
  });

  it("shows a connection's sync state fresh on every request (not part of the cached page)", async () => {
    await list();
    const before = await revision();
    await db.connection.update({ where: { id: connB }, data: { state: "failing", lastError: "provider down" } });
    expect(await revision()).toBe(before);
    const page = await list();
    expect(page.connections.find((c) => c.id === connB)?.state).toBe("failing");
    expect(page.items.find((r) => r.name === "b1")?.connectionState).toBe("failing");
  });

  it("a renamed connection re-orders a list sorted by connection", async () => {
    expect((await list({ sort: "connection" })).items[0].name).toBe("a1");
    await db.connection.update({ where: { id: connA }, data: { name: "zulu" } });
    const page = await list({ sort: "connection" });
    expect(page.items[0].name).toBe("b1");
    expect(page.items[0].connectionName).toBe("beta");
    await db.connection.update({ where: { id: connA }, data: { name: "alpha" } });
  });

  it("an operation started and finished shows and leaves the row's running operation", async () => {
    await list();
    const cluster = await db.clusterSnapshot.findFirstOrThrow({ where: { teamId, externalId: "id-b2" } });
    const op = await db.operation.create({ data: { teamId, connectionId: connB, clusterId: cluster.id, kind: "upgrade", state: "running", targetName: "b2" } });
    expect((await list()).items.find((r) => r.name === "b2")?.runningOperation).toMatchObject({ id: op.id, kind: "upgrade", state: "running" });
    // progress written into the timeline does not change a page: no new revision
    const before = await revision();
    await db.operation.update({ where: { id: op.id }, data: { timeline: [{ at: new Date().toISOString(), message: "50 %" }] } });
    expect(await revision()).toBe(before);
    await db.operation.update({ where: { id: op.id }, data: { state: "succeeded" } });
    expect((await list()).items.find((r) => r.name === "b2")?.runningOperation).toBeNull();
    await db.operation.delete({ where: { id: op.id } });
  });

  it("a second connection to the same account hides its copies once the account keys say so", async () => {
    await list();
    const copy = (await makeConnection({ teamId, name: "alpha-copy" })).id;
    await write(copy, inventory(["a1", "a2", "a3"]));
    expect((await list()).total).toBe(8);
    await db.connection.updateMany({ where: { id: { in: [connA, copy] } }, data: { accountKey: "same-account" } });
    expect((await list()).total).toBe(5);
    // deleting the connection (its snapshots go with it) changes the page again
    await db.connection.update({ where: { id: connA }, data: { accountKey: null } });
    await db.connection.delete({ where: { id: copy } });
    expect((await list()).total).toBe(5);
    expect((await list()).items.map((r) => r.connectionName)).not.toContain("alpha-copy");
  });

  it("does not cache filters that depend on the clock (eol, issues)", async () => {
    await list({ eol: "unknown" });
    await renameBehindTheTriggers("id-b1", "b1-renamed");
    expect((await list({ eol: "unknown" })).items.map((r) => r.name)).toContain("b1-renamed");
    expect((await list({ issues: "1" })).total).toBe(0);
  });
});

describe("the API's answer kept with a cached page", () => {
  it("is the list itself, the same bytes while nothing changes", async () => {
    const { clusterQuerySchema, listClusters } = await import("@/lib/inventory");
    const now = new Date();
    const first = await answer({}, now);
    expect(first.kept).toBe(true);
    expect(JSON.parse(first.text)).toEqual(JSON.parse(JSON.stringify(await listClusters(teamId, clusterQuerySchema.parse({}), now))));
    expect((await answer({}, now)).bytes.equals(first.bytes)).toBe(true);
    // a filter on the clock is read per request, never kept
    expect((await answer({ eol: "unknown" }, now)).kept).toBe(false);
  });

  it("follows the clock where the answer does: a connection turning stale, a version reaching its end of life", async () => {
    const eol = new Date(Date.now() + 200 * 86_400_000);
    await db.clusterSnapshot.updateMany({ where: { teamId, externalId: "id-a1" }, data: { eol } });
    const now = new Date();
    const before = await list({}, now);
    expect(before.items.find((r) => r.name === "a1")).toMatchObject({ eolState: "ok", connectionState: "fresh" });
    // a second on, each connection's age in whole seconds moves on
    const second = await list({}, new Date(now.getTime() + 1000));
    expect(second.connections.map((c) => c.ageSeconds)).toEqual(before.connections.map((c) => c.ageSeconds! + 1));
    const revisionBefore = await revision();
    // two days on: nothing in the database changed, the connections' last successes are now old
    const later = new Date(now.getTime() + 2 * 86_400_000);
    const stale = await list({}, later);
    expect(await revision()).toBe(revisionBefore);
    expect(stale.connections.every((c) => c.state === "stale")).toBe(true);
    expect(stale.items.find((r) => r.name === "a1")?.connectionState).toBe("stale");
    // across the end of life within one second of the connections' age (which the answer shows in
    // whole seconds): only the row's EOL state tells the two answers apart
    await db.connection.updateMany({ where: { teamId }, data: { lastSuccessAt: new Date(eol.getTime() - 10_000) } });
    expect((await list({}, new Date(eol.getTime() - 200))).items.find((r) => r.name === "a1")?.eolState).toBe("soon");
    expect((await list({}, new Date(eol.getTime() + 200))).items.find((r) => r.name === "a1")?.eolState).toBe("past");
  });
});
