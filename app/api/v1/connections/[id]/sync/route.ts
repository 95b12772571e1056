import { apiRoute, idParams } from "@/lib/api/handler";
import { syncNow } from "@/lib/inventory";

export const dynamic = "force-dynamic";

/** "Refresh now" for one connection; 409 when a sync of it is already running elsewhere. */
export const POST = apiRoute({ permission: "clusters.sync", name: "/api/v1/connections/[id]/sync", params: idParams }, async ({ params, audit }) =>
  syncNow(audit, params.id),
);
