import { apiRoute, idParams } from "@/lib/api/handler";
import { testConnection } from "@/lib/connections";

export const dynamic = "force-dynamic";

/** Checks the stored credentials against the provider: `{ ok, outcome, message, connection }` (a failed check is still 200). */
export const POST = apiRoute({ permission: "connections.test", name: "/api/v1/connections/[id]/test", params: idParams }, async ({ params, audit }) =>
  testConnection(audit, params.id),
);
