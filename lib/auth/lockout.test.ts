/**
 * Sign-in throttling against a real PostgreSQL: guessing one account gets slower and slower from the
 * addresses doing it, yet nobody can keep the account's owner out: a correct password from an address
 * that has not been failing still signs in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

beforeAll(async () => {
  await createTestDatabase("lockout");
  const { createLocalUser } = await import("./users");
  await createLocalUser({ email: "known@example.com", password: "the-right-password-1", team: "Lock", role: "operator" }, {});
});

const attempt = async (password: string, ip: string | null, email = "known@example.com") => {
  const { signInWithPassword } = await import("./password-signin");
  try {
    await signInWithPassword({ email, password, ip, userAgent: "test" });
    return { status: 200, retryAfter: null as number | null };
  } catch (e) {
    const err = e as { status: number; headers?: Record<string, string> };
    return { status: err.status, retryAfter: err.headers?.["Retry-After"] ? Number(err.headers["Retry-After"]) : null };
  }
};

/** moves the account's last failure into the past, as if the delay had passed */
async function wait(seconds: number) {
  const { getPrisma } = await import("@/lib/db/client");
  const { accountKey } = await import("./rate-limit");
  const row = await getPrisma().rateLimit.findUniqueOrThrow({ where: { key: accountKey("known@example.com") } });
  await getPrisma().rateLimit.update({ where: { key: row.key }, data: { windowStart: new Date(row.windowStart.getTime() - seconds * 1000) } });
}

describe("password sign-in throttling", () => {
  it("a stranger guessing from one address is slowed down with growing delays; the owner from another address still signs in", async () => {
    const attacker = "203.0.113.7";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(`guess-${i}`, attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    // the attacker is refused even with the right password…
    const refused = await attempt("the-right-password-1", attacker);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeGreaterThan(0);
    // …but the owner, from an address that has not been failing, signs in
    expect((await attempt("the-right-password-1", "198.51.100.20")).status).toBe(200);
  });

  it("each failure past the free ones doubles the wait (capped), and only failing addresses wait", async () => {
    const attacker = "203.0.113.8";
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) await attempt(`x-${i}`, attacker);
    for (let round = 0; round < 6; round++) {
      const r = await attempt(`y-${round}`, attacker);
      if (r.status === 429 && r.retryAfter) {
        const locked = await attempt(`z-${round}`, attacker);
        expect(locked.status).toBe(429);
        waits.push(locked.retryAfter!);
        await wait(locked.retryAfter!);
      }
    }
    expect(waits.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
    expect(waits.at(-1)!).toBeGreaterThan(waits[0] * 4);
    expect(Math.max(...waits)).toBeLessThanOrEqual(15 * 60);
    // an address that failed once on this account waits too; a fresh one gets through with the right password
    expect((await attempt("wrong-once", "192.0.2.50")).status).toBe(429);
    expect((await attempt("the-right-password-1", "192.0.2.50")).status).toBe(429);
    expect((await attempt("the-right-password-1", "192.0.2.51")).status).toBe(200);
  });

  it("the per-address limit still stops one address guessing across many accounts", async () => {
    const { createLocalUser } = await import("./users");
    const ip = "203.0.113.99";
    const results: number[] = [];
    for (let i = 0; i < 32; i++) {
      const email = `spray-${i}@example.com`;
      if (i === 31) await createLocalUser({ email, password: "spray-password-123", team: "Lock", role: "viewer" }, {});
      results.push((await attempt(i === 31 ? "spray-password-123" : "wrong-password", ip, email)).status);
    }
    expect(results.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(results.slice(30)).toEqual([429, 429]);
  });
});
