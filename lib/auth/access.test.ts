/**
 * Removing a member ends their access to the team for good: their sessions end and their API tokens
 * for that team are revoked (re-adding them later does not revive either), audited. Real PostgreSQL,
 * real route handlers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma as Sql } from "@/lib/db/client";
import { createTestDatabase } from "@/test/support/db";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const req = (path: string, init: { method?: string; token?: string; cookie?: string } = {}) => {
  const headers: Record<string, string> = { host: "localhost", origin: "http://localhost" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.cookie) headers.cookie = init.cookie;
  return new Request(`http://localhost${path}`, { method: init.method ?? "GET", headers });
};

beforeAll(async () => {
  await createTestDatabase("access");
});

describe("ending access", () => {
  it("revokes their tokens for that team and ends their sessions; other teams' tokens keep working", async () => {
    const { createLocalUser } = await import("./users");
    const { createToken } = await import("./tokens");
    const { createSession } = await import("./sessions");
    const { getPrisma } = await import("@/lib/db/client");
    const owner = await createLocalUser({ email: "owner@access.test", team: "Blue", role: "owner" }, {});
    const member = await createLocalUser({ email: "member@access.test", team: "Blue", role: "operator" }, {});
    const other = await createLocalUser({ email: "member@access.test", team: "Green", role: "viewer" }, {});
    const ownerToken = (await createToken({ userId: owner.userId, teamId: owner.teamId, name: "o" }, {})).token;
    const blueToken = (await createToken({ userId: member.userId, teamId: member.teamId, name: "blue" }, {})).token;
    const greenToken = (await createToken({ userId: member.userId, teamId: other.teamId, name: "green" }, {})).token;
    const session = `next-auth.session-token=${encodeURIComponent((await createSession(member.userId)).sessionToken)}`;

    const me = (await import("@/app/api/v1/me/route")) as unknown as { GET: Handler };
    const members = (await import("@/app/api/v1/team/members/route")) as unknown as { GET: Handler };
    const memberRoute = (await import("@/app/api/v1/team/members/[id]/route")) as unknown as { DELETE: Handler };
    const status = async (init: { token?: string; cookie?: string }) => (await me.GET(req("/api/v1/me", init), ctx())).status;

    expect(await status({ token: blueToken })).toBe(200);
    expect(await status({ token: greenToken })).toBe(200);
    expect(await status({ cookie: session })).toBe(200);

    const list = (await (await members.GET(req("/api/v1/team/members", { token: ownerToken }), ctx())).json()) as { items?: { id: string; email: string }[] } | { id: string; email: string }[];
    const rows = Array.isArray(list) ? list : (list.items ?? []);
    const m = rows.find((x) => x.email === "member@access.test")!;
    const del = await memberRoute.DELETE(req(`/api/v1/team/members/${m.id}`, { method: "DELETE", token: ownerToken }), ctx({ id: m.id }));
    expect(del.status).toBe(200);

    expect(await status({ token: blueToken })).toBe(401);
    expect(await status({ cookie: session })).toBe(401);
    expect(await status({ token: greenToken })).toBe(200);
    // added back later: the old token stays revoked
    await createLocalUser({ email: "member@access.test", team: "Blue", role: "operator" }, {});
    expect(await status({ token: blueToken })).toBe(401);
    const row = await getPrisma().apiToken.findFirstOrThrow({ where: { userId: member.userId, name: "blue" } });
    expect(row.revokedAt).not.toBeNull();
    const event = await getPrisma().auditEvent.findFirst({ where: { action: "user.access_ended", targetId: member.userId } });
    expect(event).toMatchObject({ teamId: member.teamId, actorEmail: "owner@access.test" });
    expect(event?.details).toMatchObject({ reason: "membership_removed", sessionsEnded: 1, tokensRevoked: 1 });
  });

  it("changing one's own password in Settings revokes the API tokens and ends the other sessions; this browser gets a new session", async () => {
    const { createLocalUser } = await import("./users");
    const { createToken } = await import("./tokens");
    const { createSession } = await import("./sessions");
    const u = await createLocalUser({ email: "self@access.test", password: "self-password-123", team: "Blue", role: "viewer" }, {});
    const token = (await createToken({ userId: u.userId, teamId: u.teamId, name: "ci" }, {})).token;
    const mine = `next-auth.session-token=${encodeURIComponent((await createSession(u.userId)).sessionToken)}`;
    const other = `next-auth.session-token=${encodeURIComponent((await createSession(u.userId)).sessionToken)}`;
    const me = (await import("@/app/api/v1/me/route")) as unknown as { GET: Handler };
    const pw = (await import("@/app/api/v1/me/password/route")) as unknown as { POST: Handler };
    const status = async (init: { token?: string; cookie?: string }) => (await me.GET(req("/api/v1/me", init), ctx())).status;
    expect(await status({ token })).toBe(200);
    expect(await status({ cookie: other })).toBe(200);

    const post = (body: unknown) =>
      pw.POST(new Request("http://localhost/api/v1/me/password", { method: "POST", headers: { host: "localhost", origin: "http://localhost", cookie: mine, "content-type": "application/json" }, body: JSON.stringify(body) }), ctx());
    const wrong = await post({ currentPassword: "not-it-at-all", newPassword: "brand-new-password-1" });
    expect(wrong.status).toBe(400);
    expect(await status({ token })).toBe(200);
    const ok = await post({ currentPassword: "self-password-123", newPassword: "brand-new-password-1" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ tokensRevoked: 1, sessionsEnded: 2 });
    expect(await status({ token })).toBe(401);
    expect(await status({ cookie: other })).toBe(401);
    expect(await status({ cookie: mine })).toBe(401);
    const fresh = ok.headers.get("set-cookie")!.split(";")[0];
    expect(await status({ cookie: fresh })).toBe(200);
  });

  it("a session acts in the user's current team, else in their oldest membership; a route's team read rides along", async () => {
    const { createLocalUser } = await import("./users");
    const { createSession } = await import("./sessions");
    const { authenticate } = await import("./authenticate");
    const { getPrisma, Prisma } = await import("@/lib/db/client");
    const db = getPrisma();
    const first = await createLocalUser({ email: "two.teams@access.test", team: "Amber", role: "viewer" }, {});
    const second = await createLocalUser({ email: "two.teams@access.test", team: "Cobalt", role: "admin" }, {});
    const cookie = `next-auth.session-token=${encodeURIComponent((await createSession(first.userId)).sessionToken)}`;
    const read = (teamId: Sql.Sql) => Prisma.sql`(SELECT name FROM "Team" WHERE id = ${teamId})`;
    const actor = () => authenticate(new Headers({ cookie }), read);

    await db.user.update({ where: { id: first.userId }, data: { currentTeamId: second.teamId } });
    expect(await actor()).toMatchObject({ teamId: second.teamId, teamName: "Cobalt", role: "admin", via: "session", teamRead: "Cobalt" });
    await db.user.update({ where: { id: first.userId }, data: { currentTeamId: null } });
    expect(await actor()).toMatchObject({ teamId: first.teamId, teamName: "Amber", role: "viewer", teamRead: "Amber" });
    // the current team's membership is gone: the oldest one left
    await db.user.update({ where: { id: first.userId }, data: { currentTeamId: second.teamId } });
    await db.membership.deleteMany({ where: { userId: first.userId, teamId: second.teamId } });
    expect(await actor()).toMatchObject({ teamId: first.teamId, teamRead: "Amber" });
    expect((await authenticate(new Headers({ cookie })))?.teamRead).toBeNull();
    // no membership at all, or a disabled user: no actor
    await db.membership.deleteMany({ where: { userId: first.userId } });
    expect(await actor()).toBeNull();
    await createLocalUser({ email: "two.teams@access.test", team: "Amber", role: "viewer" }, {});
    expect(await actor()).not.toBeNull();
    await db.user.update({ where: { id: first.userId }, data: { disabled: true } });
    expect(await actor()).toBeNull();
  });

  it("a session without any team still names its user (the no-team pages), under the same rule: not expired, user not disabled", async () => {
    const { createLocalUser } = await import("./users");
    const { createSession } = await import("./sessions");
    const { authenticate, hashToken, userForSessionToken } = await import("./authenticate");
    const db = (await import("@/lib/db/client")).getPrisma();
    const u = await createLocalUser({ email: "no.team@access.test", team: "Ochre", role: "viewer" }, {});
    const { sessionToken } = await createSession(u.userId);
    await db.membership.deleteMany({ where: { userId: u.userId } });
    expect(await authenticate(new Headers({ cookie: `next-auth.session-token=${encodeURIComponent(sessionToken)}` }))).toBeNull();
    expect(await userForSessionToken(sessionToken)).toMatchObject({ id: u.userId, email: "no.team@access.test" });
    expect(await userForSessionToken(`${sessionToken}x`)).toBeNull();
    await db.session.update({ where: { sessionToken: hashToken(sessionToken) }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await userForSessionToken(sessionToken)).toBeNull();
    await db.session.update({ where: { sessionToken: hashToken(sessionToken) }, data: { expires: new Date(Date.now() + 60_000) } });
    expect(await userForSessionToken(sessionToken)).toMatchObject({ id: u.userId });
    await db.user.update({ where: { id: u.userId }, data: { disabled: true } });
    expect(await userForSessionToken(sessionToken)).toBeNull();
  });
});
