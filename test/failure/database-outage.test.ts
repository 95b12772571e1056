/**
 * The database goes away and comes back (a throwaway PostgreSQL of this test, stopped and started
 * with pg_ctl): /api/ready turns 503 and back to 200 without restarting anything, /api/health stays
 * 200 throughout (so Kubernetes does not kill pods for a database outage), and the Prisma pool
 * serves authenticated API calls again afterwards.
 */
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

beforeAll(async () => {
  server = await startTestPostgres();
  const url = await server.createDatabase("outage");
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

const get = (h: Handler, p: string, auth = false) => h(new Request(`http://localhost${p}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} }), { params: Promise.resolve({}) });

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
    // API calls fail cleanly (no hang, an error body), they do not take the process down
    const apiDown = await get(me, "/api/v1/me", true);
    expect(apiDown.status).toBeGreaterThanOrEqual(500);
    expect(((await apiDown.json()) as { error: { code: string } }).error.code).toBeTruthy();

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

  it("a second outage is noticed as well (nothing cached)", async () => {
    await server.pause();
    expect((await get(ready, "/api/ready")).status).toBe(503);
    await server.resume();
    expect((await get(ready, "/api/ready")).status).toBe(200);
  });
});
