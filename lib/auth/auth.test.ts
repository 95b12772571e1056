/**
 * Integration tests of sign-in, set-up, sessions, tokens, SSO group mappings, invitations and the
 * audit API against a real PostgreSQL, through the real route handlers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost";
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

function req(path: string, init: { method?: string; body?: unknown; cookie?: string; token?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { host: "localhost", "content-type": "application/json" };
  if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
  if (init.cookie) headers.cookie = init.cookie;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return new Request(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0];

beforeAll(async () => {
  await createTestDatabase("auth");
});

describe("passwords", () => {
  it("hashes with scrypt and a per-user salt, verifies in constant time", async () => {
    const { hashPassword, verifyPassword } = await import("./password");
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("wrong horse battery!", a)).toBe(false);
    expect(await verifyPassword("anything at all here", null)).toBe(false);
  });
});

describe("first run, password sign-in, sessions", () => {
  let setup: { GET: Handler; POST: Handler };
  let ownerCookie: string;

  beforeAll(async () => {
    setup = (await import("@/app/api/setup/route")) as never;
  });

  it("offers set-up while no user exists, then answers 404", async () => {
    expect((await setup.GET(req("/api/setup"), ctx())).status).toBe(200);
    const cross = await setup.POST(req("/api/setup", { method: "POST", origin: "http://evil.example", body: {} }), ctx());
    expect(cross.status).toBe(403);
    const weak = await setup.POST(req("/api/setup", { method: "POST", body: { email: "owner@example.com", password: "short", teamName: "Platform" } }), ctx());
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.message).toMatch(/password/);
    const res = await setup.POST(req("/api/setup", { method: "POST", body: { email: "Owner@Example.com", name: "Olive", password: "owner-password-1", teamName: "Platform" } }), ctx());
    expect(res.status).toBe(201);
    ownerCookie = cookieOf(res);
    expect(res.headers.get("set-cookie")).toMatch(/^next-auth\.session-token=.+HttpOnly; SameSite=Lax/);
    expect((await setup.GET(req("/api/setup"), ctx())).status).toBe(404);
    expect((await setup.POST(req("/api/setup", { method: "POST", body: { email: "x@example.com", password: "another-password", teamName: "X" } }), ctx())).status).toBe(404);
  });

  it("the set-up session authenticates as owner", async () => {
    const me = (await import("@/app/api/v1/me/route")) as unknown as { GET: Handler };
    const res = await me.GET(req("/api/v1/me", { cookie: ownerCookie }), ctx());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: "owner@example.com" }, team: { name: "Platform", role: "owner" } });
  });

  it("signs in with a password; five wrong ones in a row are refused with 429 and audited", async () => {
    const { createLocalUser } = await import("./users");
    await createLocalUser({ email: "viv@example.com", password: "viewer-password-1", team: "Platform", role: "viewer" }, {});
    const pw = (await import("@/app/api/auth/password/route")) as unknown as { POST: Handler };
    const ok = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "viv@example.com", password: "viewer-password-1" } }), ctx());
    expect(ok.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "viv@example.com", password: `wrong-${i}` } }), ctx())).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const locked = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "viv@example.com", password: "viewer-password-1" } }), ctx());
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBeTruthy();
    expect((await locked.json()).error.message).toMatch(/Too many failed sign-in attempts/);
    const { getPrisma } = await import("@/lib/db/client");
    const events = await getPrisma().auditEvent.findMany({ where: { actorEmail: "viv@example.com" } });
    expect(events.filter((e) => e.action === "auth.signin" && e.result === "failure")).toHaveLength(5);
    expect(events.some((e) => e.action === "auth.signin.locked")).toBe(true);
    expect(events.every((e) => e.teamId)).toBe(true);
    // the owner resets the password from the admin CLI's service: the lock is lifted
    const { setPassword } = await import("./users");
    const { clearFailures, accountKey } = await import("./rate-limit");
    await setPassword("viv@example.com", "viewer-password-2", {});
    await clearFailures(accountKey("viv@example.com"));
    expect((await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "viv@example.com", password: "viewer-password-2" } }), ctx())).status).toBe(200);
  });

  it("password sign-in switched off: members are refused, the local owner (break-glass) is not", async () => {
    const team = (await import("@/app/api/v1/team/route")) as unknown as { PATCH: Handler };
    expect((await team.PATCH(req("/api/v1/team", { method: "PATCH", cookie: ownerCookie, body: { passwordLoginEnabled: false } }), ctx())).status).toBe(200);
    const pw = (await import("@/app/api/auth/password/route")) as unknown as { POST: Handler };
    const viewer = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "viv@example.com", password: "viewer-password-2" } }), ctx());
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.message).toMatch(/switched off/);
    const owner = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "owner@example.com", password: "owner-password-1" } }), ctx());
    expect(owner.status).toBe(200);
    await team.PATCH(req("/api/v1/team", { method: "PATCH", cookie: ownerCookie, body: { passwordLoginEnabled: true } }), ctx());
  });

  it("refuses a cookie-authenticated mutation from another origin (CSRF)", async () => {
    const team = (await import("@/app/api/v1/team/route")) as unknown as { PATCH: Handler };
    const res = await team.PATCH(req("/api/v1/team", { method: "PATCH", cookie: ownerCookie, origin: "http://evil.example", body: { name: "pwned" } }), ctx());
    expect(res.status).toBe(403);
  });

  it("expired sessions no longer authenticate; sign-out deletes the row", async () => {
    const { authenticate } = await import("./authenticate");
    const { getPrisma } = await import("@/lib/db/client");
    const pw = (await import("@/app/api/auth/password/route")) as unknown as { POST: Handler };
    const res = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "owner@example.com", password: "owner-password-1" } }), ctx());
    const cookie = cookieOf(res);
    expect(await authenticate(new Headers({ cookie }))).not.toBeNull();
    const token = decodeURIComponent(cookie.split("=")[1]);
    const { hashToken } = await import("./authenticate");
    await getPrisma().session.update({ where: { sessionToken: hashToken(token) }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await authenticate(new Headers({ cookie }))).toBeNull();

    const res2 = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "owner@example.com", password: "owner-password-1" } }), ctx());
    const cookie2 = cookieOf(res2);
    const logout = (await import("@/app/api/auth/logout/route")) as unknown as { POST: Handler };
    const out = await logout.POST(req("/api/auth/logout", { method: "POST", cookie: cookie2 }), ctx());
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("http://localhost/signin?signedOut=1");
    expect(await authenticate(new Headers({ cookie: cookie2 }))).toBeNull();
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, listed, revocable by id or ?id=, and expire", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { createToken } = await import("./tokens");
    const owner = await getPrisma().user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
    const boot = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "boot" }, {});
    const r = (await import("@/app/api/v1/tokens/route")) as unknown as Record<string, Handler>;
    const rid = (await import("@/app/api/v1/tokens/[id]/route")) as unknown as Record<string, Handler>;
    const created = await r.POST(req("/api/v1/tokens", { method: "POST", token: boot.token, body: { name: "ci", expiresInDays: 30 } }), ctx());
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.token).toMatch(/^cdk_/);
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.tokenHash).not.toContain(body.token);
    const list = await (await r.GET(req("/api/v1/tokens", { token: body.token }), ctx())).json();
    expect(list.items.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["ci", "boot"]));
    expect(JSON.stringify(list)).not.toContain(body.token);
    expect((await r.POST(req("/api/v1/tokens", { method: "POST", token: boot.token, body: { name: "" } }), ctx())).status).toBe(400);
    expect((await rid.DELETE(req(`/api/v1/tokens/${body.id}`, { method: "DELETE", token: boot.token }), ctx({ id: body.id }))).status).toBe(200);
    expect((await r.GET(req("/api/v1/tokens", { token: body.token }), ctx())).status).toBe(401);
    const other = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "q" }, {});
    expect((await r.DELETE(req(`/api/v1/tokens?id=${other.id}`, { method: "DELETE", token: boot.token }), ctx())).status).toBe(200);
    const old = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "old", expiresInDays: 1 }, {});
    await getPrisma().apiToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await r.GET(req("/api/v1/tokens", { token: old.token }), ctx())).status).toBe(401);
    const audits = await getPrisma().auditEvent.findMany({ where: { action: { in: ["token.create", "token.revoke"] } } });
    expect(audits.length).toBeGreaterThanOrEqual(5);
  });
});

describe("SSO group mappings", () => {
  it("parses OIDC_GROUP_MAPPINGS and names a bad entry", async () => {
    const { parseGroupMappings } = await import("@/lib/teams");
    expect(parseGroupMappings("platform-admins=Platform:admin, devs=Platform:operator")).toEqual([
      { group: "platform-admins", team: "Platform", role: "admin" },
      { group: "devs", team: "Platform", role: "operator" },
    ]);
    expect(() => parseGroupMappings("x=Team:king")).toThrow(/x=Team:king/);
  });

  it("adds, changes and removes sso memberships at sign-in; local ones stay", async () => {
    const { seedGroupMappings, applySsoGroups, parseGroupMappings } = await import("@/lib/teams");
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    await seedGroupMappings(parseGroupMappings("admins=Platform:admin,devs=Platform:operator,apps=Apps:viewer"));
    const u = await prisma.user.create({ data: { email: "sam@example.com" } });
    await applySsoGroups(u.id, ["devs", "apps"], {});
    let ms = await prisma.membership.findMany({ where: { userId: u.id }, include: { team: true } });
    expect(ms.map((m) => `${m.team.name}:${m.role}:${m.source}`).sort()).toEqual(["Apps:viewer:sso", "Platform:operator:sso"]);
    await applySsoGroups(u.id, ["admins", "devs"], {});
    ms = await prisma.membership.findMany({ where: { userId: u.id }, include: { team: true } });
    expect(ms.map((m) => `${m.team.name}:${m.role}`)).toEqual(["Platform:admin"]);
    const viv = await prisma.user.findUniqueOrThrow({ where: { email: "viv@example.com" } });
    await applySsoGroups(viv.id, [], {});
    expect(await prisma.membership.count({ where: { userId: viv.id } })).toBe(1);
    await applySsoGroups(u.id, [], {});
    expect(await prisma.membership.count({ where: { userId: u.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).currentTeamId).toBeNull();
  });
});

describe("invitations and members", () => {
  it("an invitation link adds the membership once; the last owner cannot be removed", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { createToken } = await import("./tokens");
    const { acceptInvitation } = await import("@/lib/teams");
    const prisma = getPrisma();
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
    const t = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "inv" }, {});
    const inv = (await import("@/app/api/v1/team/invitations/route")) as unknown as Record<string, Handler>;
    const res = await inv.POST(req("/api/v1/team/invitations", { method: "POST", token: t.token, body: { email: "new@example.com", role: "operator" } }), ctx());
    expect(res.status).toBe(201);
    const { url } = await res.json();
    const token = url.split("/invite/")[1];
    const newbie = await prisma.user.create({ data: { email: "new@example.com" } });
    expect(await acceptInvitation(token, newbie.id, {})).toMatchObject({ role: "operator" });
    await expect(acceptInvitation(token, newbie.id, {})).rejects.toThrow(/used|unknown/);
    const members = (await import("@/app/api/v1/team/members/route")) as unknown as Record<string, Handler>;
    const list = (await (await members.GET(req("/api/v1/team/members", { token: t.token }), ctx())).json()).items as { id: string; email: string }[];
    expect(list.map((m) => m.email)).toContain("new@example.com");
    const one = (await import("@/app/api/v1/team/members/[id]/route")) as unknown as Record<string, Handler>;
    const me = list.find((m) => m.email === "owner@example.com")!;
    expect((await one.DELETE(req(`/api/v1/team/members/${me.id}`, { method: "DELETE", token: t.token }), ctx({ id: me.id }))).status).toBe(409);
  });
});

describe("invitation sign-up", () => {
  it("someone invited without an account chooses a password, joins with the invited role and is signed in; the link works once", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { createToken } = await import("./tokens");
    const { authenticate } = await import("./authenticate");
    const prisma = getPrisma();
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
    const t = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "signup" }, {});
    const invitations = (await import("@/app/api/v1/team/invitations/route")) as unknown as Record<string, Handler>;
    const invite = async (email: string) => {
      const r = await invitations.POST(req("/api/v1/team/invitations", { method: "POST", token: t.token, body: { email, role: "viewer" } }), ctx());
      expect(r.status).toBe(201);
      return ((await r.json()) as { url: string }).url.split("/invite/")[1];
    };
    const signup = (await import("@/app/api/auth/invitation/route")) as unknown as Record<string, Handler>;
    const register = (body: unknown, origin?: string) => signup.POST(req("/api/auth/invitation", { method: "POST", body, origin }), ctx());

    const token = await invite("Fresh.Person@example.com");
    const weak = await register({ token, password: "short" });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { error: { details: { fields: { field: string }[] } } }).error.details.fields[0].field).toBe("password");
    expect((await register({ token, password: "fresh-person-password" }, "http://evil.example")).status).toBe(403);
    expect((await register({ token: "inv_not-a-real-invitation-token", password: "fresh-person-password" })).status).toBe(404);
    expect(await prisma.user.count({ where: { email: "fresh.person@example.com" } })).toBe(0);

    const ok = await register({ token, name: "Fresh Person", password: "fresh-person-password" });
    expect(ok.status).toBe(201);
    const cookie = ok.headers.get("set-cookie")!.split(";")[0];
    const actor = await authenticate(new Headers({ cookie }));
    expect(actor).toMatchObject({ email: "fresh.person@example.com", teamId: owner.currentTeamId, role: "viewer", via: "session" });
    expect((await register({ token, password: "another-password-123" })).status).toBe(404);

    // an address that already has an account signs in and accepts instead
    const taken = await invite("owner@example.com");
    expect((await register({ token: taken, password: "owner-takeover-attempt" })).status).toBe(409);
    // a team that switched password sign-in off accepts only through SSO
    await prisma.team.update({ where: { id: owner.currentTeamId! }, data: { passwordLoginEnabled: false } });
    try {
      const ssoOnly = await invite("sso.only@example.com");
      expect((await register({ token: ssoOnly, password: "sso-only-password-1" })).status).toBe(403);
      expect(await prisma.user.count({ where: { email: "sso.only@example.com" } })).toBe(0);
    } finally {
      await prisma.team.update({ where: { id: owner.currentTeamId! }, data: { passwordLoginEnabled: true } });
    }
    const events = await prisma.auditEvent.findMany({ where: { actorEmail: "fresh.person@example.com" }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(["invitation.accept", "user.create"]);
  });
});

describe("audit API", () => {
  it("lists the team's events with filters and paging (admins)", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { createToken } = await import("./tokens");
    const prisma = getPrisma();
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: "owner@example.com" } });
    const t = await createToken({ userId: owner.id, teamId: owner.currentTeamId!, name: "audit" }, {});
    const a = (await import("@/app/api/v1/audit/route")) as unknown as Record<string, Handler>;
    const res = await a.GET(req("/api/v1/audit?action=auth.signin&result=failure&pageSize=2", { token: t.token }), ctx());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBeGreaterThanOrEqual(5);
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({ action: "auth.signin", result: "failure" });
    expect((await a.GET(req("/api/v1/audit?result=maybe", { token: t.token }), ctx())).status).toBe(400);
  });
});

describe("next-auth adapter", () => {
  it("creates users, links accounts, and reads sessions", async () => {
    const { prismaAdapter } = await import("./adapter");
    const ad = prismaAdapter();
    const u = await ad.createUser!({ email: "Ada@Example.com", name: "Ada", image: null, emailVerified: null } as never);
    expect(u.email).toBe("ada@example.com");
    await ad.linkAccount!({ userId: u.id, type: "oauth", provider: "oidc", providerAccountId: "sub-1", id_token: "x" } as never);
    expect((await ad.getUserByAccount!({ provider: "oidc", providerAccountId: "sub-1" }))?.id).toBe(u.id);
    expect((await ad.getUserByEmail!("ADA@example.com"))?.id).toBe(u.id);
    const created = await ad.createSession!({ sessionToken: "st-1", userId: u.id, expires: new Date(Date.now() + 60_000) });
    // next-auth sets the cookie from what createSession returns: the token itself
    expect(created.sessionToken).toBe("st-1");
    expect((await ad.getSessionAndUser!("st-1"))?.user.id).toBe(u.id);
    expect((await ad.getSessionAndUser!("st-1"))?.session.sessionToken).toBe("st-1");
    await ad.deleteSession!("st-1");
    expect(await ad.getSessionAndUser!("st-1")).toBeNull();
  });
});

describe("session tokens at rest", () => {
  it("the Session table holds only the token's sha256: a row read from the database is not a session", async () => {
    const { authenticate, hashToken } = await import("./authenticate");
    const { getPrisma } = await import("@/lib/db/client");
    const pw = (await import("@/app/api/auth/password/route")) as unknown as { POST: Handler };
    const res = await pw.POST(req("/api/auth/password", { method: "POST", body: { email: "owner@example.com", password: "owner-password-1" } }), ctx());
    expect(res.status).toBe(200);
    const cookie = cookieOf(res);
    const token = decodeURIComponent(cookie.split("=")[1]);
    const prisma = getPrisma();
    expect(await prisma.session.count({ where: { sessionToken: token } })).toBe(0);
    const row = await prisma.session.findUnique({ where: { sessionToken: hashToken(token) } });
    expect(row).not.toBeNull();
    expect(await authenticate(new Headers({ cookie }))).not.toBeNull();
    // what someone reading the database gets does not authenticate
    const name = cookie.split("=")[0];
    expect(await authenticate(new Headers({ cookie: `${name}=${encodeURIComponent(row!.sessionToken)}` }))).toBeNull();
    // and next-auth's sessions (SSO) are stored the same way
    const { prismaAdapter } = await import("./adapter");
    await prismaAdapter().createSession!({ sessionToken: "sso-token-0123456789", userId: row!.userId, expires: new Date(Date.now() + 60_000) });
    expect(await prisma.session.count({ where: { sessionToken: "sso-token-0123456789" } })).toBe(0);
    expect(await authenticate(new Headers({ cookie: `${name}=sso-token-0123456789` }))).not.toBeNull();
  });

  it("the migration hashes existing sessions in place: they stay valid, their raw tokens are gone", async () => {
    const { createTestDatabase: createEmptyDatabase } = await import("@/test/support/postgres");
    const { applyMigrations } = await import("@/lib/db/migrate");
    const { hashToken } = await import("./authenticate");
    const pg = (await import("pg")).default;
    const url = await createEmptyDatabase("sessions_migration");
    const raw = "pre-migration-session-token-abcdef";
    await applyMigrations(url, {
      beforeEach: async (name) => {
        if (!name.endsWith("_hash_session_tokens")) return;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`INSERT INTO "User" (id, email, "createdAt", "updatedAt") VALUES ('u-old', 'old@example.com', now(), now())`);
        await c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ('s-old', $1, 'u-old', now() + interval '1 hour')`, [raw]);
        await c.end();
      },
    });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (await c.query<{ sessionToken: string }>(`SELECT "sessionToken" FROM "Session" WHERE id = 's-old'`)).rows;
    await c.end();
    expect(rows).toEqual([{ sessionToken: hashToken(raw) }]);
  });
});
