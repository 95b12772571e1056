import { publicRoute } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { metricsAuthorized, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint. Open by default, and then it shows nothing tenant-specific (no ids or
 * names of teams, connections or clusters: per-provider aggregates only). When METRICS_TOKEN is set
 * it requires `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time) and adds the
 * per-connection series.
 */
export const GET = publicRoute("/api/metrics", async (req) => {
  const token = config().METRICS_TOKEN;
  if (!metricsAuthorized(req.headers.get("authorization"), token)) {
    throw new ApiError(401, "unauthorized", "send Authorization: Bearer <METRICS_TOKEN>", undefined, { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
  const { body, contentType } = await renderMetrics({ tenantDetail: !!token });
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
