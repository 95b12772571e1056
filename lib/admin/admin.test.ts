/** The admin command line (`npm run admin -- <command>`) against a real PostgreSQL database. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

let url: string;
const admin = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" }, timeout: 60_000 });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
};

beforeAll(async () => {
  url = await createTestDatabase("admin");
});

describe("npm run admin", () => {
  it("lists every command module of lib/admin in the static table the bundled CLI uses", async () => {
    const { ADMIN_COMMANDS } = await import("./commands");
    const modules = readdirSync("lib/admin")
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !["types.ts", "commands.ts"].includes(f))
      .map((f) => f.slice(0, -3));
    expect(Object.keys(ADMIN_COMMANDS).sort()).toEqual(modules.sort());
    for (const load of Object.values(ADMIN_COMMANDS)) expect(typeof (await load()).default.run).toBe("function");
  });

  it("creates users, tokens (printed alone on the last line) and resets passwords", async () => {
    const c = admin("create-user", "--email", "ops@example.com", "--password", "ops-password-123", "--team", "Platform", "--role", "admin");
    expect(c.code, c.err).toBe(0);
    expect(c.out).toContain('admin of team "Platform"');
    const t = admin("create-token", "--email", "ops@example.com", "--name", "ci", "--expires-days", "30");
    expect(t.code, t.err).toBe(0);
    const token = t.out.split("\n").at(-1)!;
    expect(token).toMatch(/^cdk_[\w-]{40,}$/);
    const { authenticate } = await import("@/lib/auth/authenticate");
    const actor = await authenticate(new Headers({ authorization: `Bearer ${token}` }));
    expect(actor).toMatchObject({ email: "ops@example.com", teamName: "Platform", role: "admin", via: "token" });
    const r = admin("reset-password", "--email", "ops@example.com", "--password", "new-ops-password-1");
    expect(r.code, r.err).toBe(0);
    const { verifyPassword } = await import("@/lib/auth/password");
    const { getPrisma } = await import("@/lib/db/client");
    const u = await getPrisma().user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    expect(await verifyPassword("new-ops-password-1", u.passwordHash)).toBe(true);
  });

  it("reset-password and disable-user end the user's sessions and revoke their API tokens (200 before, 401 after), audited", async () => {
    type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const me = (await import("@/app/api/v1/me/route")) as unknown as { GET: Handler };
    const status = async (headers: Record<string, string>) => (await me.GET(new Request("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) })).status;
    const { getPrisma } = await import("@/lib/db/client");
    const { createSession } = await import("@/lib/auth/sessions");
    const newToken = (email: string) => admin("create-token", "--email", email, "--name", `t-${Math.random()}`).out.split("\n").at(-1)!;
    const cookie = async (email: string) => {
      const u = await getPrisma().user.findUniqueOrThrow({ where: { email } });
      return `next-auth.session-token=${encodeURIComponent((await createSession(u.id)).sessionToken)}`;
    };

    expect(admin("create-user", "--email", "reset@example.com", "--password", "reset-password-123", "--team", "Platform", "--role", "operator").code).toBe(0);
    let token = newToken("reset@example.com");
    let session = await cookie("reset@example.com");
    expect(await status({ authorization: `Bearer ${token}` })).toBe(200);
    expect(await status({ cookie: session })).toBe(200);
    const r = admin("reset-password", "--email", "reset@example.com", "--password", "another-password-9");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/1 session\(s\) ended, 1 API token\(s\) revoked/);
    expect(await status({ authorization: `Bearer ${token}` })).toBe(401);
    expect(await status({ cookie: session })).toBe(401);
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email: "reset@example.com" } });
    const ended = await getPrisma().auditEvent.findFirst({ where: { action: "user.access_ended", targetId: user.id } });
    expect(ended?.details).toMatchObject({ reason: "password_reset", sessionsEnded: 1, tokensRevoked: 1 });

    token = newToken("reset@example.com");
    session = await cookie("reset@example.com");
    expect(await status({ authorization: `Bearer ${token}` })).toBe(200);
    const d = admin("disable-user", "--email", "reset@example.com");
    expect(d.code, d.err).toBe(0);
    expect(await status({ authorization: `Bearer ${token}` })).toBe(401);
    expect(await status({ cookie: session })).toBe(401);
    // enabling the account again does not revive what the disabling ended
    expect(admin("disable-user", "--email", "reset@example.com", "--enable").code).toBe(0);
    expect(await status({ authorization: `Bearer ${token}` })).toBe(401);
    expect(await status({ cookie: session })).toBe(401);
    expect(await getPrisma().auditEvent.count({ where: { action: "user.access_ended", targetId: user.id } })).toBe(2);
    expect(await status({ authorization: `Bearer ${newToken("reset@example.com")}` })).toBe(200);
  });

  it("names bad input and unknown commands", () => {
    expect(admin("create-user", "--email", "x@example.com", "--role", "king").code).toBe(2);
    const weak = admin("create-user", "--email", "y@example.com", "--password", "short");
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/password/);
    const unknown = admin("no-such-command");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("create-token");
  });
});
