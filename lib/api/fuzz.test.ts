/**
 * Fuzzes EVERY API route found on disk (app/api/**\/route.ts, like lib/auth/route-walk.test.ts) with
 * an authenticated owner (API token): random and malformed JSON, wrong types, huge strings, unknown
 * fields, bad ids and query strings. Every answer must be
 *   - never a 500; a 5xx only as a typed provider error (provider_*),
 *   - a 4xx with `{ error: { code, message } }`, or a 2xx (reads, and the few mutations whose input
 *     is all optional),
 *   - on authenticated (/api/v1) routes, always `Cache-Control: no-store`,
 * and a mutating call that answered 4xx must not have written anything (row counts and the latest
 * updatedAt of every table are compared before and after; failed sign-ins may add RateLimit rows and
 * failure/denied audit events, which is their purpose).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const MUTATING = new Set<Method>(["POST", "PUT", "PATCH", "DELETE"]);
/** runs per route method (plus the fixed malformed cases); FUZZ_RUNS raises it for a longer soak */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const apiDir = path.join(root, "app", "api");

interface RouteFile {
  file: string;
  route: string;
  segments: string[];
}

function discover(dir: string, out: RouteFile[] = []): RouteFile[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) discover(p, out);
    else if (name === "route.ts" || name === "route.tsx") {
      const segments = path.relative(apiDir, path.dirname(p)).split(path.sep).filter(Boolean);
      out.push({ file: p, route: `/api/${segments.join("/")}`, segments });
    }
  }
  return out;
}

/**
 * next-auth's own catch-all handler needs Next's request scope (it calls cookies() from next/headers),
 * which only exists inside a running Next server; it is exercised end to end by the e2e specs.
 */
const NEEDS_NEXT_SERVER = (r: RouteFile) => r.segments[0] === "auth" && r.segments[1]?.startsWith("[...");
const routes = discover(apiDir)
  .filter((r) => !NEEDS_NEXT_SERVER(r))
  .sort((a, b) => a.route.localeCompare(b.route));

let token: string;
let url: string;
let db: pg.Client;
/** valid ids of team A (reads only) and team B's ids (must look missing) */
const validIds: Record<string, string[]> = {};
const otherTeamIds: string[] = [];
const stats = { requests: 0, mutating4xx: 0, mutating2xx: new Map<string, number>(), byStatus: new Map<number, number>() };
const problems: string[] = [];

/* ---------------------------------------------------------------- generators */

const FIELD_NAMES = [
  "name", "provider", "baseUrl", "credentials", "token", "apiKey", "apiSecret", "defaultScope", "connectionId", "scope", "version",
  "email", "role", "group", "password", "teamName", "confirm", "confirmName", "nodePools", "nodeCount", "minNodes", "maxNodes",
  "autoscaling", "size", "expiresInDays", "key", "value", "protected", "reason", "teamId", "id", "region", "zone", "kind", "fields",
  "passwordLoginEnabled", "page", "pageSize", "sort", "q", "status", "__proto__", "constructor",
];

const huge = fc.constantFrom("x".repeat(70_000), "é".repeat(5_000), "\u0000".repeat(1000), "9".repeat(400));
const weirdString = fc.oneof(
  fc.string(),
  fc.constantFrom("%ff", "%E0%A4%A", "%", "%00", "\t", "\n", "\r\n", "\u0000", "\u007f", "/\t/evil.example", "%0d%0ax: y"),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom("", " ", "null", "undefined", "NaN", "-1", "0", "1e309", "../../etc/passwd", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "🚀", "\u202e", "c".repeat(25)),
  huge,
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e21, 2 ** 31),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);
const fieldObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 12 })), weirdValue, { maxKeys: 8 });
const nestedObject = fc.record({ credentials: fc.oneof(fieldObject, weirdValue), nodePools: fc.oneof(fc.array(fieldObject, { maxLength: 3 }), weirdValue) }, { requiredKeys: [] });

/** raw body text: valid JSON of any shape, malformed JSON, or not JSON at all */
const bodyText = fc.oneof(
  { weight: 4, arbitrary: fieldObject.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.tuple(fieldObject, nestedObject).map(([a, b]) => JSON.stringify({ ...a, ...b })) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom("{", "}", "[", "{\"name\":", "{'a':1}", "nul", "{\"a\":1}}", "\uFEFF{}", "{\"__proto__\":{\"admin\":true}}", "[1,2,3]", "\"str\"", "42", "true", "null") },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: huge.map((h) => JSON.stringify({ name: h, email: h, version: h, baseUrl: h })) },
);

const queryArb = fc.dictionary(fc.oneof(fc.constantFrom("page", "pageSize", "sort", "provider", "connection", "status", "version", "q", "limit", "cursor", "cluster", "state", "kind", "scope", "dir", "order", "name"), fc.string({ maxLength: 6 })), weirdString, { maxKeys: 5 });

const BAD_IDS = ["cmissing0000000000000000000", "", "..", "a/b", "%2e%2e", "x".repeat(300), "' OR '1'='1", "-1", "0", "🚀", "null", "c".repeat(64), "\u0000"];
/**
 * Malformed percent-encoding and control characters (issue 12 item 4). A real server cannot even decode
 * "%ff" into a param (proxy.ts answers those, see proxy.test.ts and e2e/hardening.spec.ts); here the
 * handlers get them as they would arrive decoded once, or not at all.
 */
const MALFORMED = ["%ff", "%E0%A4%A", "%", "%%", "%zz", "%c0%af", "%00", "\t", "\n", "\r\n", "a\u0000b", "\u007f", "\u2028", "/\t/evil.example", "..%2f..%2f", "%0d%0aSet-Cookie:%20x=y"];

function idArb(segment: string, collection: string, mutating: boolean): fc.Arbitrary<string> {
  const bad = fc.oneof(fc.constantFrom(...BAD_IDS), fc.constantFrom(...MALFORMED), fc.string({ maxLength: 70 }), fc.constantFrom(...(otherTeamIds.length ? otherTeamIds : BAD_IDS)));
  const valid = validIds[collection] ?? validIds[segment] ?? [];
  // mutations with a valid id could legitimately change data; they get bad ids (and team B's ids) only
  return mutating || !valid.length ? bad : fc.oneof(bad, fc.constantFrom(...valid));
}

/* ---------------------------------------------------------------- state snapshots */

let tables: string[] = [];
let withUpdatedAt = new Set<string>();

async function snapshot(): Promise<Map<string, string>> {
  const parts = tables.map((t) => `SELECT '${t}' AS t, count(*)::text AS n${withUpdatedAt.has(t) ? `, max("updatedAt")::text AS u` : `, NULL AS u`} FROM "${t}"`);
  const r = await db.query<{ t: string; n: string; u: string | null }>(parts.join(" UNION ALL "));
  return new Map(r.rows.map((x) => [x.t, `${x.n}|${x.u ?? ""}`]));
}

async function unexpectedWrites(before: Map<string, string>, route: RouteFile, since: Date): Promise<string[]> {
  const after = await snapshot();
  const changed: string[] = [];
  for (const [t, v] of after) {
    if (before.get(t) === v) continue;
    if (t === "RateLimit" && route.segments[0] === "auth") continue;
    if (t === "AuditEvent") {
      const r = await db.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "createdAt" >= $1 AND result = 'success'`, [since]);
      if (r.rows[0].n === 0) continue;
    }
    changed.push(`${t}: ${before.get(t)} → ${v}`);
  }
  return changed;
}

/* ---------------------------------------------------------------- calling */

interface Case {
  ids: Record<string, string | string[]>;
  query: Record<string, string>;
  body: string | null;
  contentType: string | null;
  idempotencyKey: string | null;
}

async function call(r: RouteFile, method: Method, c: Case): Promise<Response> {
  const mod = (await import(pathToFileURL(r.file).href)) as Partial<Record<Method, Handler>>;
  const params: Record<string, string | string[]> = {};
  let u = "http://localhost/api";
  for (const s of r.segments) {
    const dyn = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(s);
    if (dyn) {
      const v = c.ids[dyn[1]];
      params[dyn[1]] = v;
      u += `/${(Array.isArray(v) ? v : [v]).map(encodeURIComponent).join("/")}`;
    } else u += `/${s}`;
  }
  const qs = new URLSearchParams(c.query).toString();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, origin: "http://localhost", host: "localhost" };
  if (c.contentType) headers["content-type"] = c.contentType;
  if (c.idempotencyKey !== null) headers["idempotency-key"] = c.idempotencyKey;
  const hasBody = c.body !== null && method !== "GET";
  // route handlers receive a NextRequest in Next (next-auth reads req.nextUrl)
  const req = new NextRequest(qs ? `${u}?${qs}` : u, { method, headers, body: hasBody ? c.body : undefined });
  return mod[method]!(req, { params: Promise.resolve(params) });
}

async function check(r: RouteFile, method: Method, c: Case): Promise<void> {
  const mutating = MUTATING.has(method);
  const before = mutating ? await snapshot() : null;
  const since = new Date(Date.now() - 5);
  let res: Response;
  try {
    res = await call(r, method, c);
  } catch (e) {
    problems.push(`${method} ${r.route}: handler threw ${(e as Error).message}`);
    return;
  }
  stats.requests++;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  const label = `${method} ${r.route} ids=${JSON.stringify(c.ids).slice(0, 80)} body=${String(c.body).slice(0, 120)} → ${res.status}`;
  const text = await res.text();
  // every answer of an authenticated route, success or refusal, is private: Cache-Control: no-store
  if (r.segments[0] === "v1" && res.headers.get("cache-control") !== "no-store") problems.push(`${label}: Cache-Control is ${res.headers.get("cache-control") ?? "missing"}, not no-store`);
  if (res.status === 500) {
    problems.push(`${label}: 500 ${text.slice(0, 200)}`);
    return;
  }
  if (res.status >= 400) {
    let body: { error?: { code?: unknown; message?: unknown } } = {};
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`${label}: error answer is not JSON: ${text.slice(0, 120)}`);
      return;
    }
    if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string") problems.push(`${label}: error body lacks {error:{code,message}}: ${text.slice(0, 120)}`);
    if (res.status >= 500 && !String(body.error?.code).startsWith("provider_")) problems.push(`${label}: 5xx that is not a provider error: ${text.slice(0, 120)}`);
  }
  if (!mutating) return;
  if (res.status >= 400 && res.status < 500) {
    stats.mutating4xx++;
    const writes = await unexpectedWrites(before!, r, since);
    if (writes.length) problems.push(`${label}: a refused mutation wrote: ${writes.join("; ")}`);
  } else if (res.status < 400) {
    stats.mutating2xx.set(`${method} ${r.route}`, (stats.mutating2xx.get(`${method} ${r.route}`) ?? 0) + 1);
  }
}

function caseArb(r: RouteFile, method: Method): fc.Arbitrary<Case> {
  const mutating = MUTATING.has(method);
  const dyn = r.segments.map((s, i) => ({ s, i, m: /^\[(\.\.\.)?([^\]]+)\]$/.exec(s) })).filter((x) => x.m);
  const idEntries = dyn.map(({ i, m }) => {
    const name = m![2];
    const collection = r.segments[i - 1] ?? name;
    const arb = m![1] ? fc.array(fc.oneof(fc.constantFrom("signin", "session", "csrf", "providers", "callback", "signout", "credentials", "oidc", "error"), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 3 }) : idArb(name, collection, mutating);
    return [name, arb as fc.Arbitrary<string | string[]>] as const;
  });
  return fc.record({
    ids: fc.record(Object.fromEntries(idEntries) as Record<string, fc.Arbitrary<string | string[]>>),
    query: queryArb,
    body: fc.option(bodyText, { nil: null, freq: 5 }),
    contentType: fc.constantFrom("application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", null),
    idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.uuid()), { nil: null, freq: 2 }),
  });
}

/** fixed malformed cases every route method gets, whatever the random runs produce */
function fixedCases(r: RouteFile, _method: Method): Case[] {
  const ids = Object.fromEntries(
    r.segments
      .map((s) => /^\[(\.\.\.)?([^\]]+)\]$/.exec(s))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[2], m[1] ? ["session"] : "cmissing0000000000000000000"]),
  );
  const bodies = ["{", "null", "[]", "\"x\"", "{\"name\":{\"$gt\":\"\"}}", JSON.stringify({ unknownField: 1, name: 42, email: false, version: [], credentials: "s", provider: {} }), JSON.stringify({ name: "x".repeat(1_200_000) })];
  const malformedIds = Object.fromEntries(Object.entries(ids).map(([k, v], i) => [k, Array.isArray(v) ? v : MALFORMED[i % MALFORMED.length]]));
  return [
    ...bodies.map((body) => ({ ids, query: { page: "-1", pageSize: "100000", sort: "'; DROP TABLE x" }, body, contentType: "application/json", idempotencyKey: null })),
    ...MALFORMED.map((m) => ({ ids: Object.keys(malformedIds).length ? Object.fromEntries(Object.keys(malformedIds).map((k) => [k, Array.isArray(malformedIds[k]) ? malformedIds[k] : m])) : ids, query: { q: m, page: m, callbackUrl: m }, body: "{}", contentType: "application/json", idempotencyKey: null })),
  ];
}

/* ---------------------------------------------------------------- setup */

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  process.env.NEXTAUTH_SECRET ??= "fuzz-nextauth-secret-0123456789abcdef";
  process.env.NEXTAUTH_URL ??= "http://localhost";
  process.env.LOG_LEVEL = "fatal";
  // thousands of requests with one token: the per-token budget would answer most of them 429
  process.env.API_TOKEN_RATE_LIMIT_PER_MINUTE = "0";
  url = await createTestDatabase("fuzz");
  (await import("@/lib/config")).resetConfig();
  const { getPrisma } = await import("@/lib/db/client");
  const prisma = getPrisma();
  const { makeConnection, makeMember, makeToken } = await import("@/test/support/factories");

  const seedTeam = async (label: string) => {
    const { team, user, membership, token } = await makeMember({ teamName: `Fuzz ${label}`, email: `owner-${label}@example.com`, password: "correct horse battery staple", tokenName: "fuzz" });
    const spare = await makeToken({ userId: user.id, teamId: team.id, name: "spare" });
    const conn = await makeConnection({ id: `cfuzz${label}${"0".repeat(19)}`.slice(0, 25), teamId: team.id, name: `conn-${label}`, baseUrl: "https://127.0.0.1:9", credentials: { token: "provider-token-0123456789" } });
    const cluster = await prisma.clusterSnapshot.create({
      data: { teamId: team.id, connectionId: conn.id, provider: "nks", externalId: `ext-${label}`, name: `cluster-${label}`, scope: "org-1", status: "running", version: "1.30.2", nodePools: [{ id: "pool-1", name: "pool-1", nodeCount: 3 }] },
    });
    const op = await prisma.operation.create({ data: { teamId: team.id, connectionId: conn.id, clusterId: cluster.id, kind: "upgrade", targetName: cluster.name, state: "succeeded" } });
    const inv = await prisma.invitation.create({ data: { teamId: team.id, email: `invitee-${label}@example.com`, role: "viewer", tokenHash: label.repeat(64).slice(0, 64), expiresAt: new Date(Date.now() + 86_400_000) } });
    const gm = await prisma.groupMapping.create({ data: { teamId: team.id, group: `group-${label}`, role: "viewer" } });
    return { team, token, ids: { connections: conn.id, clusters: cluster.id, operations: op.id, invitations: inv.id, "group-mappings": gm.id, members: membership.id, tokens: spare.tokenId, poolId: "pool-1", source: "scopes" } };
  };
  const a = await seedTeam("a");
  const b = await seedTeam("b");
  token = a.token;
  for (const [k, v] of Object.entries(a.ids)) validIds[k] = [v];
  otherTeamIds.push(...Object.values(b.ids).filter((v) => v.length > 10));

  db = new pg.Client({ connectionString: url });
  await db.connect();
  const t = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`);
  tables = t.rows.map((x) => x.table_name);
  const u = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'updatedAt'`);
  withUpdatedAt = new Set(u.rows.map((x) => x.table_name));
});

afterAll(async () => {
  await db?.end();
  const mut = [...stats.mutating2xx.entries()].map(([k, n]) => `${k}×${n}`).join(", ");
  const statuses = [...stats.byStatus.entries()].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}:${n}`).join(" ");
  console.log(`[fuzz] ${stats.requests} requests over ${routes.length} route files; statuses ${statuses}; ${stats.mutating4xx} refused mutations checked for writes; mutations accepted: ${mut || "none"}`);
});

/* ---------------------------------------------------------------- the tests */

describe("API fuzzing", () => {
  it("discovers the routes on disk", () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => r.route)).toContain("/api/v1/connections");
  });

  describe.each(routes.map((r) => [r.route, r] as const))("%s", (_name, r) => {
    it("answers random and malformed input with typed 4xx (or 2xx), never a 500, and refused mutations write nothing", async () => {
      const mod = (await import(pathToFileURL(r.file).href)) as Record<string, unknown>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length).toBeGreaterThan(0);
      const before = problems.length;
      for (const method of methods) {
        for (const c of fixedCases(r, method)) await check(r, method, c);
        await fc.assert(
          fc.asyncProperty(caseArb(r, method), async (c) => {
            await check(r, method, c);
          }),
          { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
        );
      }
      const mine = problems.slice(before);
      if (mine.length) console.log(mine.slice(0, 5).join("\n"));
      expect(mine.slice(0, 10), `${mine.length} problem(s)`).toEqual([]);
    });
  });
});
