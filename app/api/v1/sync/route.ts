import { apiRoute } from "@/lib/api/handler";
import { syncNow } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** "Refresh now" for every connection of the team; waits for the syncs (each bounded by SYNC_TIMEOUT_SECONDS). */
export const POST = apiRoute({ permission: "clusters.sync", name: "/api/v1/sync" }, async ({ audit }) =>
  syncNow(audit),
);
