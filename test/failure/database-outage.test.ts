/**
 * The database goes away and comes back (a throwaway PostgreSQL of this test, stopped and started
 * with pg_ctl): /api/ready turns 503 and back to 200 without restarting anything, /api/health stays
 * 200 throughout (so Kubernetes does not kill pods for a database outage), API calls answer exactly
 * `503 database_unavailable` with Retry-After (never a 500) — for a refused connection, a query
 * cut by the server's shutdown (57P01) and a server that takes no new connections (57P03) — and the
 * Prisma pool serves authenticated API calls again afterwards.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { startTestPostgres, type TestPostgres } from "@/test/support/postgres";
import { seedOwner } from "./support";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
let server: TestPostgres;
let token: string;
let ready: Handler;
let health: Handler;
let me: Handler;
let adminUrl: string;

beforeAll(async () => {
  server = await startTestPostgres();
  const url = await server.createDatabase("outage");
  adminUrl = url;
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL = "fatal";
  ({ token } = await seedOwner("outage"));
  ready = ((await import("@/app/api/ready/route")) as unknown as { GET: Handler }).GET;
  health = ((await import("@/app/api/health/route")) as unknown as { GET: Handler }).GET;
  me = ((await import("@/app/api/v1/me/route")) as unknown as { GET: Handler }).GET;
});

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/db/client");
  await disconnectPrisma().catch(() => undefined);
  await server?.stop();
});

async function expectUnavailable(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(503);
  expect(JSON.parse(text).error.code).toBe("database_unavailable");
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(res.headers.get("cache-control")).toBe("no-store");
}

async function waitForApi() {
  let status = 0;
  for (let i = 0; i < 40 && status !== 200; i++) {
    status = (await get(me, "/api/v1/me", true)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 250));
  }
  expect(status).toBe(200);
}

const get = (h: Handler, p: string, auth = false) => h(new Request(`http://localhost${p}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve({}) });

describe("the /unavailable page", () => {
  it("answers 503 with Retry-After, a friendly page, and retries only same-origin paths", async () => {
    const { GET } = await import("@/app/unavailable/route");
    const res = GET(new Request("http://localhost/unavailable?from=%2Fclusters%3Fq%3D1"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const html = await res.text();
    expect(html).toContain("temporarily unavailable");
    expect(html).toContain('url=/clusters?q=1"');
    const hostile = await GET(new Request("http://localhost/unavailable?from=%2F%09%2Fevil.example")).text();
    expect(hostile).toContain('url=/"');
    expect(hostile).not.toContain("evil.example");
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognizes PostgreSQL's shutdown and start-up states and refused connections, and nothing else", async () => {
    const { isDatabaseUnavailable } = await import("@/lib/db/unavailable");
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });
    expect(isDatabaseUnavailable(pgError("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }) }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("database outage", () => {
  it("ready → 503 while PostgreSQL is down → ready again, in the same process", async () => {
    expect((await get(ready, "/api/ready")).status).toBe(200);
    expect((await get(me, "/api/v1/me", true)).status).toBe(200);

    await server.pause();
    const down = await get(ready, "/api/ready");
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; reason: string };
    expect(body.status).toBe("not_ready");
    expect(body.reason).toMatch(/database unreachable/);
    expect(down.headers.get("cache-control")).toBe("no-store");
    // liveness does not depend on the database
    expect((await get(health, "/api/health")).status).toBe(200);
    // API calls fail cleanly (no hang, a typed answer), they do not take the process down
    await expectUnavailable(await get(me, "/api/v1/me", true));
    // pages: the guard every layout and page uses sends the browser to /unavailable (503), not Next's 500
    const { orUnavailablePage } = await import("@/lib/db/page-guard");
    const { hasAnyUser } = await import("@/lib/auth/users");
    const thrown = await orUnavailablePage(hasAnyUser).then(
      () => null,
      (e: unknown) => e as { digest?: string },
    );
    expect(thrown?.digest).toMatch(/^NEXT_REDIRECT;\w+;\/unavailable;/);

    await server.resume();
    const back = await get(ready, "/api/ready");
    expect(back.status, await back.clone().text()).toBe(200);
    expect(await back.json()).toEqual({ status: "ready", database: "ok" });
    // the Prisma pool drops dead connections and serves again
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await get(me, "/api/v1/me", true)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });

  it("a query cut by the server (57P01, terminating connection due to administrator command) answers 503 database_unavailable", async () => {
    await waitForApi();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      // hold the API's token lookup on a lock, then end its backend the way a shutdown does
      await admin.query("BEGIN");
      await admin.query(`LOCK TABLE "ApiToken" IN ACCESS EXCLUSIVE MODE`);
      const pending = get(me, "/api/v1/me", true);
      let pid: number | null = null;
      for (let i = 0; i < 100 && !pid; i++) {
        const r = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        pid = r.rows[0]?.pid ?? null;
        if (!pid) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toBeTruthy();
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      await expectUnavailable(await pending);
      await admin.query("ROLLBACK");
    } finally {
      await admin.end();
    }
    await waitForApi();
  });

  it("a server shutting down that refuses new connections (57P03) answers 503 database_unavailable", async () => {
    await waitForApi();
    // a smart shutdown waits for open sessions and refuses new ones with 57P03 meanwhile
    const holder = new pg.Client({ connectionString: adminUrl });
    await holder.connect();
    const { disconnectPrisma } = await import("@/lib/db/client");
    await disconnectPrisma();
    try {
      server.requestSmartStop();
      let res: Response | null = null;
      for (let i = 0; i < 100; i++) {
        res = await get(me, "/api/v1/me", true);
        if (res.status !== 200) break;
        await disconnectPrisma();
        await new Promise((r) => setTimeout(r, 50));
      }
      await expectUnavailable(res!);
    } finally {
      await holder.end().catch(() => undefined);
    }
    await server.waitStopped();
    await server.resume();
    await waitForApi();
  });

  it("a second outage is noticed as well (nothing cached)", async () => {
    await server.pause();
    expect((await get(ready, "/api/ready")).status).toBe(503);
    await server.resume();
    expect((await get(ready, "/api/ready")).status).toBe(200);
  });
});
