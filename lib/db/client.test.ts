/**
 * Issue 20: statements are prepared once per connection on PostgreSQL (their plans kept), named by
 * their text's hash; never on the embedded database or when switched off; bounded in number.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

beforeAll(async () => {
  await createTestDatabase("dbclient");
});

describe("prepared statements", () => {
  it("names a short statement by its text, alike in every process, and stops naming at the cap", async () => {
    const { statementNamer, PREPARED_STATEMENTS_MAX, PREPARED_STATEMENT_MAX_CHARS } = await import("./client");
    const name = statementNamer({})!;
    const a = name({ sql: "SELECT 1" });
    expect(a).toMatch(/^cd_[\w-]+$/);
    expect(name({ sql: "SELECT 1" })).toBe(a);
    expect(statementNamer({})!({ sql: "SELECT 1" })).toBe(a);
    expect(name({ sql: "SELECT 2" })).not.toBe(a);
    // a long statement (a multi-row INSERT) runs unnamed
    expect(name({ sql: `INSERT INTO t VALUES ${"($1), ".repeat(PREPARED_STATEMENT_MAX_CHARS / 4)}($1)` })).toBe("");
    for (let i = 0; i < PREPARED_STATEMENTS_MAX; i++) name({ sql: `SELECT ${i} + 10` });
    expect(name({ sql: "SELECT 'one too many'" })).toBe("");
    expect(name({ sql: "SELECT 1" })).toBe(a);
    expect(statementNamer({ CLUSTERDECK_DB_KIND: "embedded" })).toBeUndefined();
    expect(statementNamer({ DATABASE_PREPARED_STATEMENTS: "0" })).toBeUndefined();
  });

  it("prepares what the app runs on its PostgreSQL connection", async () => {
    const { getPrisma } = await import("./client");
    const prepared = await getPrisma().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 41 + 1 AS answer`;
      return tx.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`;
    });
    expect(prepared.map((p) => p.statement).join("\n")).toContain("SELECT 41 + 1 AS answer");
  });
});
