/** GET /api/metrics: Prometheus text, optional METRICS_TOKEN, operations gauge refreshed from the database. */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/support/db";

type Handler = (req: Request) => Promise<Response>;
let GET: Handler;

beforeAll(async () => {
  await createTestDatabase("metrics");
  ({ GET } = (await import("@/app/api/metrics/route")) as unknown as { GET: Handler });
  const { getPrisma } = await import("@/lib/db/client");
  const { createTeam } = await import("@/lib/teams");
  const prisma = getPrisma();
  const team = await createTeam("Metrics");
  const conn = await prisma.connection.create({
    data: { teamId: team.id, provider: "nks", name: "m", baseUrl: "https://nks.example.com", credentialsCiphertext: "x", credentialsKeyId: "k", credentialsHint: "…abcd", lastSuccessAt: new Date(Date.now() - 42_000) },
  });
  for (const state of ["pending", "running", "running", "succeeded"]) {
    await prisma.operation.create({ data: { teamId: team.id, connectionId: conn.id, kind: "upgrade", targetName: "c", state } });
  }
});

afterEach(async () => {
  delete process.env.METRICS_TOKEN;
  (await import("@/lib/config")).resetConfig();
});

const scrape = (headers: Record<string, string> = {}) => GET(new Request("http://localhost/api/metrics", { headers }));

describe("GET /api/metrics", () => {
  it("answers Prometheus text with default, HTTP and database-backed metrics", async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_heap_size_total_bytes");
    expect(text).toMatch(/clusterdeck_operations\{state="running"\} 2\b/);
    expect(text).toMatch(/clusterdeck_operations\{state="pending"\} 1\b/);
    expect(text).toMatch(/clusterdeck_operations\{state="failed"\} 0\b/);
    expect(text).toMatch(/clusterdeck_provider_sync_age_max_seconds\{provider="nks"\} (4[2-9]|[5-9]\d)/);
    expect(text).toMatch(/clusterdeck_connections\{provider="nks"\} 1\b/);
    expect(text).toContain("# TYPE clusterdeck_http_requests_total counter");
    expect(text).toContain("clusterdeck_metrics_database_error 0");
  });

  it("requires the bearer token when METRICS_TOKEN is set", async () => {
    process.env.METRICS_TOKEN = "scrape-secret-0123456789";
    (await import("@/lib/config")).resetConfig();
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await scrape({ authorization: "Bearer wrong" })).status).toBe(401);
    expect((await scrape({ authorization: "Bearer scrape-secret-012345678" })).status).toBe(401);
    expect((await scrape({ authorization: "Basic c2NyYXBlLXNlY3JldA==" })).status).toBe(401);
    const ok = await scrape({ authorization: "Bearer scrape-secret-0123456789" });
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).not.toContain("scrape-secret");
    // the protected scrape adds the per-connection series
    expect(text).toMatch(/clusterdeck_connection_sync_age_seconds\{connection="[^"]+",provider="nks"\} (4[2-9]|[5-9]\d)/);
  });

  it("without METRICS_TOKEN reveals nothing tenant-specific: no id or name of a team, connection, cluster or operation anywhere in the text", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { createTeam } = await import("@/lib/teams");
    const { setSyncAgeGauge } = await import("@/lib/inventory/sync");
    const prisma = getPrisma();
    const team = await createTeam("Tenant Zebra Secret");
    const conn = await prisma.connection.create({
      data: { teamId: team.id, provider: "coreweave", name: "conn-walrus-secret", baseUrl: "https://cw.example.com", credentialsCiphertext: "x", credentialsKeyId: "k", credentialsHint: "…wxyz", lastSuccessAt: new Date(Date.now() - 5_000) },
    });
    const cluster = await prisma.clusterSnapshot.create({ data: { teamId: team.id, connectionId: conn.id, provider: "coreweave", externalId: "ext-narwhal-secret", name: "cluster-narwhal-secret", scope: "scope-okapi-secret", status: "running" } });
    const op = await prisma.operation.create({ data: { teamId: team.id, connectionId: conn.id, clusterId: cluster.id, kind: "upgrade", targetName: cluster.name, state: "running" } });
    // as the sync sets it between scrapes
    setSyncAgeGauge(conn.id, conn.provider, new Date(Date.now() - 1000));
    const res = await scrape();
    expect(res.status).toBe(200);
    const text = await res.text();
    const secrets = [team.id, team.name, team.slug, conn.id, conn.name, cluster.id, cluster.name, cluster.externalId, cluster.scope, op.id];
    const all = await prisma.connection.findMany({ select: { id: true, name: true, teamId: true } });
    for (const c of all) secrets.push(c.id, c.teamId);
    // walk every sample line: no label value or comment carries any of them
    for (const line of text.split("\n")) {
      for (const s of secrets) expect(line.includes(s), `${line} reveals ${s}`).toBe(false);
      const labels = /\{(.*)\}/.exec(line)?.[1] ?? "";
      for (const [, name] of labels.matchAll(/(\w+)="/g)) expect(["connection", "team", "cluster", "teamId", "connectionId", "clusterId"]).not.toContain(name);
    }
    expect(text).toMatch(/clusterdeck_connections\{provider="coreweave"\} 1\b/);
  });

  it("counts its own scrapes in the HTTP metrics", async () => {
    await scrape();
    const text = await (await scrape()).text();
    expect(text).toMatch(/clusterdeck_http_requests_total\{route="\/api\/metrics",method="GET",status="200"\} \d+/);
  });
});
