/**
 * Every JSON answer of the read API carries only keys of its documented type: the TypeScript
 * interfaces in lib/inventory/api-types.ts, lib/operations/types.ts and lib/connections (read here with
 * the TypeScript compiler, so the check follows the types as they change). Internal fields such as the
 * idempotency `requestHash` of an operation's params must never leave the server.
 */
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulatorWorld } from "@/test/support/simulators";
import type { RunningSimulators } from "@/simulators/index";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost";

// ---------------------------------------------------------------- the documented types, read by tsc

const ROOT = path.resolve(__dirname, "../..");
const VIRTUAL = path.join(ROOT, "lib/api/__documented_answers__.ts");
const DOCUMENTED = `
import type { ClusterDetail, ClusterListResponse, OperationSummary, OverviewResponse, ScopesResponse, VersionsResponse } from "@/lib/inventory/api-types";
import type { OperationListResponse, UpgradeOptionsResponse } from "@/lib/operations/types";
import type { ConnectionView } from "@/lib/connections/service";
import type { TestReport } from "@/lib/connections/health";
export interface Answers {
  overview: OverviewResponse;
  clusters: ClusterListResponse;
  cluster: ClusterDetail;
  scopes: ScopesResponse;
  versions: VersionsResponse;
  operations: OperationListResponse;
  operation: OperationSummary;
  upgradeOptions: UpgradeOptionsResponse;
  connections: { items: ConnectionView[] };
  connection: ConnectionView;
  connectionTest: TestReport & { connection: ConnectionView };
}
`;

function documentedTypes() {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, baseUrl: ROOT, paths: { "@/*": ["./*"] }, jsx: ts.JsxEmit.Preserve };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === VIRTUAL ? ts.createSourceFile(name, DOCUMENTED, lang) : read(name, lang, ...rest));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === VIRTUAL || exists(name);
  const program = ts.createProgram([VIRTUAL], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(VIRTUAL)!;
  const answers = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((s) => s.name === "Answers")!;
  const type = checker.getDeclaredTypeOfSymbol(answers);
  const of = (name: string) => checker.getTypeOfSymbol(type.getProperty(name)!);
  return { checker, of };
}

/** keys of `value` (recursively) that its documented type does not name; "a.b[].c" paths */
function undocumentedKeys(checker: ts.TypeChecker, value: unknown, type: ts.Type, at = "$"): string[] {
  if (value === null || typeof value !== "object") return [];
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
  const t = checker.getNonNullableType(type);
  const members = t.isUnion() ? t.types : [t];
  if (Array.isArray(value)) {
    const element = members.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.Number)).find((e) => e);
    if (!element) return [`${at} (an array where the type has none)`];
    return value.flatMap((v) => undocumentedKeys(checker, v, element, `${at}[]`));
  }
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const prop = members.map((m) => m.getProperty(key)).find((p) => p);
    const propType = prop ? checker.getTypeOfSymbol(prop) : members.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.String)).find((x) => x);
    if (!propType) out.push(`${at}.${key}`);
    else out.push(...undocumentedKeys(checker, v, propType, `${at}.${key}`));
  }
  return out;
}

// ---------------------------------------------------------------- a team with data in every answer

let sims: RunningSimulators;
let token: string;
let connectionId: string;
let clusterId: string;
let operationId: string;

async function get(route: string, url: string, params: Record<string, string> = {}, method = "GET") {
  const mod = (await import(`@/app/api/v1/${route}/route`)) as Record<string, Handler>;
  const res = await mod[method](new Request(`${ORIGIN}${url}`, { method, headers: { host: "localhost", origin: ORIGIN, authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
  expect(res.status, `${method} ${url}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  ({ sims } = await startSimulatorWorld("answers", {}, { scale: 50 }));

  const { createLocalUser } = await import("@/lib/auth/users");
  const { createToken } = await import("@/lib/auth/tokens");
  const u = await createLocalUser({ email: "owner@answers.test", team: "Answers", role: "owner" }, {});
  token = (await createToken({ userId: u.userId, teamId: u.teamId, name: "t" }, {})).token;
  const nks = sims.items.find((i) => i.kind === "nks")!;
  const { createConnection } = await import("@/lib/connections");
  const d = nks.demo[0];
  connectionId = (await createConnection({ teamId: u.teamId }, { provider: "nks", name: "nks conn", baseUrl: d.baseUrl, credentials: d.credentials, defaultScope: d.defaultScope ?? null, test: false })).connection.id;
  await (await import("@/lib/inventory")).syncConnectionNow(connectionId);

  const prisma = (await import("@/lib/db/client")).getPrisma();
  const cluster = await prisma.clusterSnapshot.findFirstOrThrow({ where: { connectionId, status: "running" } });
  clusterId = cluster.id;
  // an operation as the service writes one: its params carry the idempotency bookkeeping
  const op = await prisma.operation.create({
    data: {
      teamId: u.teamId, connectionId, clusterId, kind: "create", state: "running", targetName: cluster.name, createdById: u.userId,
      params: { scope: cluster.scope, input: { name: cluster.name }, requestHash: "0".repeat(64) },
      timeline: [{ at: new Date().toISOString(), message: "accepted", state: "accepted", repeat: 2 }],
      nextAttemptAt: new Date(Date.now() + 86_400_000),
    },
  });
  operationId = op.id;
}, 120_000);

afterAll(async () => {
  await sims?.close();
});

describe("API answers carry only documented keys", () => {
  let types: ReturnType<typeof documentedTypes>;
  beforeAll(() => {
    types = documentedTypes();
  }, 120_000);

  const cases: [string, () => Promise<unknown>][] = [
    ["overview", () => get("overview", "/api/v1/overview")],
    ["clusters", () => get("clusters", "/api/v1/clusters")],
    ["cluster", () => get("clusters/[id]", `/api/v1/clusters/${clusterId}`, { id: clusterId })],
    ["scopes", () => get("scopes", "/api/v1/scopes")],
    ["versions", () => get("versions", "/api/v1/versions")],
    ["operations", () => get("operations", "/api/v1/operations")],
    ["operation", () => get("operations/[id]", `/api/v1/operations/${operationId}`, { id: operationId })],
    ["upgradeOptions", () => get("clusters/[id]/upgrade-options", `/api/v1/clusters/${clusterId}/upgrade-options`, { id: clusterId })],
    ["connections", () => get("connections", "/api/v1/connections")],
    ["connection", () => get("connections/[id]", `/api/v1/connections/${connectionId}`, { id: connectionId })],
    ["connectionTest", () => get("connections/[id]/test", `/api/v1/connections/${connectionId}/test`, { id: connectionId }, "POST")],
  ];

  it.each(cases)("%s", async (name, read) => {
    const body = await read();
    const text = JSON.stringify(body);
    expect(text.length).toBeGreaterThan(2);
    expect(undocumentedKeys(types.checker, body, types.of(name))).toEqual([]);
    expect(text).not.toContain("requestHash");
  });

  it("the walk itself finds a key its type does not name", () => {
    expect(undocumentedKeys(types.checker, { items: [{ id: "x", secret: 1 }] }, types.of("scopes"))).toEqual(["$.items[].secret"]);
    expect(undocumentedKeys(types.checker, { id: "x", params: { requestHash: "h" } }, types.of("operation"))).toEqual(["$.params.requestHash"]);
  });
});
