/**
 * Walks EVERY app/api/**\/route.ts (found on disk, so new routes are covered without editing this
 * file) and checks the authorization contract against a real database:
 *   - no credentials → 401, for every exported method of every non-public route;
 *   - another team's resource → 404 (for routes with an [id]), indistinguishable from a missing id;
 *   - a role one below the one the route requires → 403.
 * Public routes are listed explicitly below; every other route must be wrapped in apiRoute with a
 * literal `permission`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

/** first path segment under app/api that needs no credentials */
const PUBLIC = new Set(["health", "ready", "metrics", "auth", "setup"]);
/** single public routes elsewhere: the API's OpenAPI document describes shapes, never data */
const PUBLIC_ROUTES = new Set(["/api/v1/openapi.json"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const apiDir = path.join(root, "app", "api");

interface RouteFile {
  file: string;
  /** /api/v1/clusters/[id]/upgrade */
  route: string;
  segments: string[];
  dynamic: string[];
  isPublic: boolean;
}

function discover(dir: string, out: RouteFile[] = []): RouteFile[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) discover(p, out);
    else if (name === "route.ts" || name === "route.tsx") {
      const segments = path.relative(apiDir, path.dirname(p)).split(path.sep).filter(Boolean);
      out.push({
        file: p,
        route: `/api/${segments.join("/")}`,
        segments,
        dynamic: segments.filter((s) => /^\[[^.\]]+\]$/.test(s)).map((s) => s.slice(1, -1)),
        isPublic: PUBLIC.has(segments[0]) || PUBLIC_ROUTES.has(`/api/${segments.join("/")}`),
      });
    }
  }
  return out;
}

const routes = discover(apiDir).sort((a, b) => a.route.localeCompare(b.route));
const guarded = routes.filter((r) => !r.isPublic);

/** permission per exported method, read from the source: `export const GET = apiRoute({ ... permission: "x" ...` */
function permissionsOf(file: string): Partial<Record<Method, string>> {
  const src = readFileSync(file, "utf8");
  const out: Partial<Record<Method, string>> = {};
  const re = /export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\s*=\s*apiRoute\s*\(\s*\{([\s\S]*?)permission\s*:\s*["']([\w.]+)["']/g;
  for (const m of src.matchAll(re)) {
    if (/export\s+const/.test(m[2])) continue;
    out[m[1] as Method] = m[3];
  }
  return out;
}

const RANKS = ["viewer", "operator", "admin", "owner"] as const;
type Role = (typeof RANKS)[number];

let tokens: Record<Role | "ownerB", string>;
/** resources of team B (the "other" team) by the collection segment before [id] */
let otherTeam: Record<string, string>;
const MISSING_ID = "cmissing0000000000000000000";

async function call(r: RouteFile, method: Method, opts: { token?: string; ids?: Record<string, string> } = {}): Promise<Response> {
  const mod = (await import(pathToFileURL(r.file).href)) as Partial<Record<Method, Handler>>;
  const params: Record<string, string | string[]> = {};
  let url = "http://localhost";
  for (const s of r.segments) {
    const dyn = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(s);
    if (dyn) {
      const v = opts.ids?.[dyn[1]] ?? MISSING_ID;
      params[dyn[1]] = s.startsWith("[...") ? [v] : v;
      url += `/${v}`;
    } else url += `/${s}`;
  }
  url = url.replace("http://localhost", "http://localhost/api");
  const headers: Record<string, string> = { "content-type": "application/json", origin: "http://localhost", host: "localhost" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const req = new Request(url, { method, headers, body: method === "GET" || method === "DELETE" ? undefined : "{}" });
  return mod[method]!(req, { params: Promise.resolve(params) });
}

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  await createTestDatabase("routewalk");
  const { getPrisma } = await import("@/lib/db/client");
  const { makeConnection, makeMember, makeTeam } = await import("@/test/support/factories");
  const prisma = getPrisma();
  const teamA = await makeTeam("Team A");
  const teamB = await makeTeam("Team B");
  const mk = async (role: Role, teamId: string, label: string) => {
    const m = await makeMember({ team: { id: teamId }, role, email: `${label}@example.com`, tokenName: "walk" });
    return { user: m.user, token: m.token, tokenId: m.tokenId };
  };
  const a = Object.fromEntries(await Promise.all(RANKS.map(async (r) => [r, await mk(r, teamA.id, `${r}-a`)] as const))) as Record<Role, Awaited<ReturnType<typeof mk>>>;
  const b = await mk("owner", teamB.id, "owner-b");
  tokens = { viewer: a.viewer.token, operator: a.operator.token, admin: a.admin.token, owner: a.owner.token, ownerB: b.token };

  const conn = await makeConnection({ teamId: teamB.id, name: "b-conn", baseUrl: "http://127.0.0.1:9" });
  const cluster = await prisma.clusterSnapshot.create({ data: { teamId: teamB.id, connectionId: conn.id, provider: "nks", externalId: "ext-1", name: "b-cluster", scope: "s", status: "running" } });
  const op = await prisma.operation.create({ data: { teamId: teamB.id, connectionId: conn.id, clusterId: cluster.id, kind: "upgrade", targetName: "b-cluster" } });
  const inv = await prisma.invitation.create({ data: { teamId: teamB.id, email: "x@example.com", role: "viewer", tokenHash: "h".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) } });
  const gm = await prisma.groupMapping.create({ data: { teamId: teamB.id, group: "b-group", role: "viewer" } });
  const memberB = await prisma.membership.findFirstOrThrow({ where: { teamId: teamB.id } });
  otherTeam = {
    connections: conn.id,
    clusters: cluster.id,
    operations: op.id,
    invitations: inv.id,
    "group-mappings": gm.id,
    members: memberB.id,
    tokens: b.tokenId,
  };
});

function idsFor(r: RouteFile, source: Record<string, string>): Record<string, string> {
  const ids: Record<string, string> = {};
  r.segments.forEach((s, i) => {
    const dyn = /^\[(?:\.\.\.)?([^\]]+)\]$/.exec(s);
    if (dyn) ids[dyn[1]] = source[r.segments[i - 1]] ?? MISSING_ID;
  });
  return ids;
}

describe("route discovery", () => {
  it("finds the routes on disk, public ones only from the explicit list", () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.map((r) => r.route)).toContain("/api/v1/tokens");
    for (const r of routes.filter((x) => x.isPublic)) expect(PUBLIC.has(r.segments[0]) || PUBLIC_ROUTES.has(r.route)).toBe(true);
  });
});

describe.each(guarded.map((r) => [r.route, r] as const))("%s", (_name, r) => {
  it("every exported method goes through apiRoute with a known permission", async () => {
    const { PERMISSIONS } = await import("./roles");
    const mod = (await import(pathToFileURL(r.file).href)) as Record<string, unknown>;
    const exported = METHODS.filter((m) => typeof mod[m] === "function");
    expect(exported.length).toBeGreaterThan(0);
    const perms = permissionsOf(r.file);
    for (const m of exported) {
      expect(perms[m], `${m} ${r.route} must be \`export const ${m} = apiRoute({ permission: "...", ... })\``).toBeDefined();
      expect(Object.keys(PERMISSIONS)).toContain(perms[m]);
    }
  });

  it("answers 401 without credentials", async () => {
    const mod = (await import(pathToFileURL(r.file).href)) as Record<string, unknown>;
    for (const m of METHODS.filter((x) => typeof mod[x] === "function")) {
      const res = await call(r, m);
      expect(res.status, `${m} ${r.route}`).toBe(401);
    }
  });

  it("answers 403 to a role one below the required one", async () => {
    const { PERMISSIONS } = await import("./roles");
    const perms = permissionsOf(r.file);
    for (const [m, perm] of Object.entries(perms) as [Method, keyof typeof PERMISSIONS][]) {
      const need = PERMISSIONS[perm] as Role;
      const below = RANKS[RANKS.indexOf(need) - 1];
      if (!below) continue;
      const res = await call(r, m, { token: tokens[below] });
      expect(res.status, `${m} ${r.route} as ${below} (needs ${need})`).toBe(403);
    }
  });

  if (r.dynamic.length > 0) {
    it("answers another team's resource like a missing one (404)", async () => {
      const mod = (await import(pathToFileURL(r.file).href)) as Record<string, unknown>;
      for (const m of METHODS.filter((x) => typeof mod[x] === "function")) {
        const missing = await call(r, m, { token: tokens.owner, ids: idsFor(r, {}) });
        const other = await call(r, m, { token: tokens.owner, ids: idsFor(r, otherTeam) });
        const label = `${m} ${r.route} with team B's id`;
        if (m === "GET") expect(other.status, label).toBe(404);
        else expect([400, 404], label).toContain(other.status);
        expect(other.status, `${label}: must look like a missing id`).toBe(missing.status);
      }
    });
  }
});
