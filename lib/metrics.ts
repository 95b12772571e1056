import { createHash, timingSafeEqual } from "node:crypto";
import client from "prom-client";

/**
 * Prometheus metrics, kept on globalThis (Next loads modules per bundle). Two registries: `registry`
 * holds nothing tenant-specific (routes, providers, states: no ids or names of teams, connections or
 * clusters) and is what an open scrape shows; `tenantRegistry` holds per-connection series and is only
 * rendered when METRICS_TOKEN protects the endpoint.
 */
const g = globalThis as unknown as { __clusterdeckMetrics?: ReturnType<typeof create> };

function create() {
  const registry = new client.Registry();
  const tenantRegistry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpRequests = new client.Counter({ name: "clusterdeck_http_requests_total", help: "HTTP API requests", labelNames: ["route", "method", "status"], registers: [registry] });
  const httpDuration = new client.Histogram({ name: "clusterdeck_http_request_duration_seconds", help: "HTTP API latency", labelNames: ["route", "method"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const providerCalls = new client.Counter({ name: "clusterdeck_provider_calls_total", help: "Calls to provider APIs", labelNames: ["provider", "operation", "outcome"], registers: [registry] });
  const providerDuration = new client.Histogram({ name: "clusterdeck_provider_call_duration_seconds", help: "Provider API latency (all attempts)", labelNames: ["provider", "operation"], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  const syncAge = new client.Gauge({ name: "clusterdeck_connection_sync_age_seconds", help: "Seconds since the last successful sync per connection (only with METRICS_TOKEN)", labelNames: ["connection", "provider"], registers: [tenantRegistry] });
  const providerSyncAge = new client.Gauge({ name: "clusterdeck_provider_sync_age_max_seconds", help: "Oldest last successful sync among the connections of each provider kind", labelNames: ["provider"], registers: [registry] });
  const connections = new client.Gauge({ name: "clusterdeck_connections", help: "Provider connections per provider kind", labelNames: ["provider"], registers: [registry] });
  const operations = new client.Gauge({ name: "clusterdeck_operations", help: "Tracked operations by state", labelNames: ["state"], registers: [registry] });
  const rateLimited = new client.Counter({ name: "clusterdeck_api_rate_limited_total", help: "API requests refused with 429 because their API token spent its per-minute budget", labelNames: ["route"], registers: [registry] });
  const scrapeErrors = new client.Gauge({ name: "clusterdeck_metrics_database_error", help: "1 when the last scrape could not read the database-backed gauges", registers: [registry] });
  return { registry, tenantRegistry, httpRequests, httpDuration, providerCalls, providerDuration, syncAge, providerSyncAge, connections, operations, rateLimited, scrapeErrors };
}

export function metrics() {
  return (g.__clusterdeckMetrics ??= create());
}

export function observeHttp(route: string, method: string, status: number, ms: number) {
  const m = metrics();
  m.httpRequests.inc({ route, method, status: String(status) });
  m.httpDuration.observe({ route, method }, ms / 1000);
}

/**
 * `Authorization: Bearer <token>` check for GET /api/metrics: open when no token is configured,
 * otherwise a constant-time comparison (of sha256 digests, so lengths do not leak either).
 */
export function metricsAuthorized(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const m = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (!m) return false;
  const a = createHash("sha256").update(m[1]).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b);
}

const OPERATION_STATES = ["pending", "running", "succeeded", "failed", "cancelled"] as const;

/**
 * Refreshes the gauges that describe shared state from the database (every replica then reports the
 * same values), and renders the registry. A database that cannot be read leaves those gauges as
 * they were and the scrape still answers (process metrics stay useful while the database is down).
 */
export async function renderMetrics(opts: { tenantDetail?: boolean } = {}): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  try {
    const { getPrisma } = await import("@/lib/db/client");
    const prisma = getPrisma();
    const [ops, conns] = await Promise.all([
      prisma.operation.groupBy({ by: ["state"], _count: { _all: true } }),
      prisma.connection.findMany({ select: { id: true, provider: true, lastSuccessAt: true } }),
    ]);
    m.operations.reset();
    for (const s of OPERATION_STATES) m.operations.set({ state: s }, 0);
    for (const o of ops) m.operations.set({ state: o.state }, o._count._all);
    m.syncAge.reset();
    m.providerSyncAge.reset();
    m.connections.reset();
    const now = Date.now();
    const oldest = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const c of conns) {
      counts.set(c.provider, (counts.get(c.provider) ?? 0) + 1);
      if (!c.lastSuccessAt) continue;
      const age = Math.max(0, (now - c.lastSuccessAt.getTime()) / 1000);
      m.syncAge.set({ connection: c.id, provider: c.provider }, age);
      oldest.set(c.provider, Math.max(oldest.get(c.provider) ?? 0, age));
    }
    for (const [provider, n] of counts) m.connections.set({ provider }, n);
    for (const [provider, age] of oldest) m.providerSyncAge.set({ provider }, age);
    m.scrapeErrors.set(0);
  } catch {
    m.scrapeErrors.set(1);
  }
  const registry = opts.tenantDetail ? client.Registry.merge([m.registry, m.tenantRegistry]) : m.registry;
  return { body: await registry.metrics(), contentType: m.registry.contentType };
}
