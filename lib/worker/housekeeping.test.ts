/**
 * Housekeeping (expired sessions, invitations, rate-limit counters, old Idempotency-Keys) and lease
 * times on the database's clock, on a real PostgreSQL whose TimeZone is far from UTC and with the
 * application's clock two hours off.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/test/support/db";
import { makeConnection, makeMember } from "@/test/support/factories";

const HOUR = 3600_000;
let url: string;
let teamId: string;
let userId: string;
let connectionId: string;

const db = async () => (await import("@/lib/db/client")).getPrisma();

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  process.env.LOG_LEVEL = "warn";
  url = await createTestDatabase("housekeeping");
  // a server TimeZone 14 hours from UTC: now() in a TIMESTAMP column would be 14 hours off
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET timezone TO 'Pacific/Kiritimati'`);
  await c.end();
  (await import("@/lib/config")).resetConfig();
  const m = await makeMember({ role: "owner" });
  teamId = m.team.id;
  userId = m.user.id;
  connectionId = (await makeConnection({ teamId, nextSyncAt: new Date(Date.now() + HOUR) })).id;
});

afterAll(async () => {
  await (await db()).$disconnect();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("housekeeping", () => {
  it("removes expired sessions, invitations and rate-limit counters, clears old Idempotency-Keys, keeps the rest", async () => {
    const prisma = await db();
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await prisma.session.createMany({
      data: [
        { sessionToken: "expired-session", userId, expires: ago(1000) },
        { sessionToken: "live-session", userId, expires: new Date(now.getTime() + HOUR) },
      ],
    });
    await prisma.verificationToken.createMany({
      data: [
        { identifier: "a@example.com", token: "expired-vt", expires: ago(1000) },
        { identifier: "a@example.com", token: "live-vt", expires: new Date(now.getTime() + HOUR) },
      ],
    });
    await prisma.invitation.createMany({
      data: [
        { teamId, email: "late@example.com", role: "viewer", tokenHash: "h-expired", expiresAt: ago(1000) },
        { teamId, email: "used@example.com", role: "viewer", tokenHash: "h-used-expired", expiresAt: ago(1000), acceptedAt: ago(HOUR) },
        { teamId, email: "soon@example.com", role: "viewer", tokenHash: "h-live", expiresAt: new Date(now.getTime() + HOUR) },
      ],
    });
    await prisma.rateLimit.createMany({
      data: [
        { key: "signin:account:old@example.com", windowStart: ago(25 * HOUR), count: 5 },
        { key: "signin:account:locked@example.com", windowStart: ago(60_000), count: 5 },
        // an account's failures are remembered a day (growing delays); an address's only its 15-minute window
        { key: "signin:account:slowed@example.com", windowStart: ago(16 * 60_000), count: 6 },
        { key: "signin:ip:203.0.113.9", windowStart: ago(16 * 60_000), count: 30 },
      ],
    });
    const op = (key: string, state: string, createdAt: Date) => ({ teamId, connectionId, kind: "create", targetName: key, state, idempotencyKey: key, createdAt, nextAttemptAt: createdAt });
    await prisma.operation.createMany({
      data: [op("old-finished-key", "succeeded", ago(25 * HOUR)), op("recent-finished-key", "failed", ago(HOUR)), op("old-active-key", "running", ago(25 * HOUR))],
    });

    const { runHousekeeping } = await import("./housekeeping");
    expect(await runHousekeeping(now)).toEqual({ sessions: 1, invitations: 2, rateLimits: 2, idempotencyKeys: 1 });

    expect((await prisma.session.findMany({ where: { userId } })).map((s) => s.sessionToken)).toEqual(["live-session"]);
    expect((await prisma.verificationToken.findMany()).map((t) => t.token)).toEqual(["live-vt"]);
    expect((await prisma.invitation.findMany({ where: { teamId } })).map((i) => i.tokenHash)).toEqual(["h-live"]);
    expect((await prisma.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual(["signin:account:locked@example.com", "signin:account:slowed@example.com"]);
    const ops = await prisma.operation.findMany({ where: { teamId }, orderBy: { targetName: "asc" } });
    expect(ops.map((o) => [o.targetName, o.idempotencyKey])).toEqual([
      ["old-active-key", "old-active-key"],
      ["old-finished-key", null],
      ["recent-finished-key", "recent-finished-key"],
    ]);
    // a second pass finds nothing more
    expect(await runHousekeeping(now)).toEqual({ sessions: 0, invitations: 0, rateLimits: 0, idempotencyKeys: 0 });
    await prisma.operation.deleteMany({ where: { teamId } });
  });

  it("is one of the worker's jobs", async () => {
    const { allJobs } = await import("./jobs");
    const jobs = await allJobs();
    expect(jobs.map((j) => j.name)).toContain("housekeeping");
    const job = jobs.find((j) => j.name === "housekeeping")!;
    const prisma = await db();
    await prisma.session.create({ data: { sessionToken: "expired-again", userId, expires: new Date(Date.now() - 1000) } });
    await job.run({ workerId: "test", signal: new AbortController().signal });
    expect(await prisma.session.count({ where: { sessionToken: "expired-again" } })).toBe(0);
  });
});

describe("leases use the database's clock", () => {
  /** the database's now (UTC wall time, as the TIMESTAMP(3) columns hold it) */
  const dbNow = async () => {
    const [{ now }] = await (await db()).$queryRaw<{ now: Date }[]>`SELECT (now() AT TIME ZONE 'UTC') AS now`;
    return now.getTime();
  };
  /** the application's clock runs two hours ahead; the database's does not */
  const skewAppClock = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * HOUR);
  };
  const expectLeaseNear = (until: Date | null, from: number, ms: number) => {
    expect(until).not.toBeNull();
    expect(until!.getTime() - from).toBeGreaterThan(ms - 5000);
    expect(until!.getTime() - from).toBeLessThan(ms + 5000);
  };

  it("operations: claim and renewal both set leaseUntil from the database's now", async () => {
    const prisma = await db();
    const { config } = await import("@/lib/config");
    const leaseMs = config().OPERATION_LEASE_SECONDS * 1000;
    const start = await dbNow();
    const op = await prisma.operation.create({ data: { teamId, connectionId, kind: "upgrade", targetName: "lease-op", state: "pending", nextAttemptAt: new Date(start - 1000) } });
    skewAppClock();
    const { claimDue, renewLease } = await import("@/lib/operations/engine");
    const claimed = await claimDue("lease-worker", 8);
    expect(claimed.map((o) => o.id)).toEqual([op.id]);
    expectLeaseNear(claimed[0].leaseUntil, await dbNow(), leaseMs);

    expect(await renewLease(op.id, "lease-worker", 3 * leaseMs)).toBe(true);
    const renewed = await prisma.operation.findUniqueOrThrow({ where: { id: op.id } });
    expectLeaseNear(renewed.leaseUntil, await dbNow(), 3 * leaseMs);
    // only the holder renews
    expect(await renewLease(op.id, "someone-else", leaseMs)).toBe(false);
    await prisma.operation.delete({ where: { id: op.id } });
  });

  it("inventory sync: the claim sets syncLeaseUntil from the database's now", async () => {
    const prisma = await db();
    await prisma.connection.update({ where: { id: connectionId }, data: { nextSyncAt: new Date((await dbNow()) - 1000), syncLeaseOwner: null, syncLeaseUntil: null } });
    skewAppClock();
    const { claimDueConnections, leaseMs } = await import("@/lib/inventory/job");
    const claimed = await claimDueConnections("lease-worker");
    expect(claimed.map((c) => c.id)).toEqual([connectionId]);
    const row = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.syncLeaseOwner).toBe("lease-worker");
    expectLeaseNear(row.syncLeaseUntil, await dbNow(), leaseMs());
    // held: a second claim gets nothing, whatever the application's clock says
    vi.setSystemTime(Date.now() + 10 * HOUR);
    expect(await claimDueConnections("other-worker")).toEqual([]);
  });

  it("inventory sync: the release schedules nextSyncAt from the database's now, and only the holder releases", async () => {
    const prisma = await db();
    await prisma.connection.update({ where: { id: connectionId }, data: { nextSyncAt: new Date((await dbNow()) - 1000), syncLeaseOwner: null, syncLeaseUntil: null } });
    skewAppClock();
    const { claimDueConnections, releaseConnection } = await import("@/lib/inventory/job");
    const { config } = await import("@/lib/config");
    expect((await claimDueConnections("lease-worker")).map((c) => c.id)).toEqual([connectionId]);
    await releaseConnection("someone-else", connectionId, { ok: true });
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).syncLeaseOwner).toBe("lease-worker");
    await releaseConnection("lease-worker", connectionId, { ok: true });
    const row = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.syncLeaseOwner).toBeNull();
    expect(row.syncLeaseUntil).toBeNull();
    // the interval ± 20 % jitter, counted from the database's now (not the application's, two hours ahead)
    const intervalMs = config().SYNC_INTERVAL_SECONDS * 1000;
    const ahead = row.nextSyncAt.getTime() - (await dbNow());
    expect(ahead).toBeGreaterThan(0.8 * intervalMs - 5000);
    expect(ahead).toBeLessThan(1.2 * intervalMs + 5000);
  });
});
