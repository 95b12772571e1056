/**
 * Per-token API rate limits through the real route wrapper and a real PostgreSQL: beyond the budget a
 * token answers 429 with Retry-After, other tokens and browser sessions are unaffected, the window
 * frees it again, and the refusals show in the metrics.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let me: { GET: Handler };
let a: { token: string; id: string };
let b: { token: string; id: string };
let cookie: string;

const get = (headers: Record<string, string>) => me.GET(new Request("http://localhost/api/v1/me", { headers: { host: "localhost", ...headers } }), { params: Promise.resolve({}) });

beforeAll(async () => {
  await createTestDatabase("ratelimit");
  process.env.API_TOKEN_RATE_LIMIT_PER_MINUTE = "5";
  (await import("@/lib/config")).resetConfig();
  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const { createSession } = await import("@/lib/auth/sessions");
  const u = await createLocalUser({ email: "bot@example.com", team: "Rate", role: "viewer" }, {});
  a = await createToken({ userId: u.userId, teamId: u.teamId, name: "a" }, {});
  b = await createToken({ userId: u.userId, teamId: u.teamId, name: "b" }, {});
  cookie = `next-auth.session-token=${encodeURIComponent((await createSession(u.userId)).sessionToken)}`;
  me = (await import("@/app/api/v1/me/route")) as unknown as { GET: Handler };
});

describe("per-token API rate limit", () => {
  it("answers 429 with Retry-After beyond API_TOKEN_RATE_LIMIT_PER_MINUTE, per token, visible in metrics", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get({ authorization: `Bearer ${a.token}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const over = await get({ authorization: `Bearer ${a.token}` });
    expect(over.status).toBe(429);
    const retry = Number(over.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const body = (await over.json()) as { error: { code: string; message: string; details: { retryAfterSeconds: number } } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.details.retryAfterSeconds).toBe(retry);
    // another token and the browser session are not affected
    expect((await get({ authorization: `Bearer ${b.token}` })).status).toBe(200);
    expect((await get({ cookie })).status).toBe(200);
    // the metrics count the refusal (by route, nothing tenant-specific)
    const { renderMetrics } = await import("@/lib/metrics");
    const text = (await renderMetrics()).body;
    expect(text).toMatch(/clusterdeck_api_rate_limited_total\{route="\/api\/v1\/me"\} 1\b/);
    expect(text).toMatch(/clusterdeck_http_requests_total\{route="\/api\/v1\/me",method="GET",status="429"\} 1\b/);
    expect(text).not.toContain(a.id);
    // a minute later the token has its budget again
    const { getPrisma } = await import("@/lib/db/client");
    const { apiTokenKey } = await import("@/lib/auth/rate-limit");
    await getPrisma().rateLimit.update({ where: { key: apiTokenKey(a.id) }, data: { windowStart: new Date(Date.now() - 61_000) } });
    expect((await get({ authorization: `Bearer ${a.token}` })).status).toBe(200);
  });

  it("0 turns the limit off", async () => {
    process.env.API_TOKEN_RATE_LIMIT_PER_MINUTE = "0";
    (await import("@/lib/config")).resetConfig();
    for (let i = 0; i < 8; i++) expect((await get({ authorization: `Bearer ${b.token}` })).status).toBe(200);
  });
});
