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
