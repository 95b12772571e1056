import { publicRoute } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { metricsAuthorized, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint. Open by default; when METRICS_TOKEN is set it requires
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 */
export const GET = publicRoute("/api/metrics", async (req) => {
  if (!metricsAuthorized(req.headers.get("authorization"), config().METRICS_TOKEN)) {
    throw new ApiError(401, "unauthorized", "send Authorization: Bearer <METRICS_TOKEN>", undefined, { "WWW-Authenticate": 'Bearer realm="metrics"' });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
