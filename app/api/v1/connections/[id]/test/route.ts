import { apiRoute, idParams } from "@/lib/api/handler";
import { testConnection } from "@/lib/connections";

export const dynamic = "force-dynamic";

/** Checks the stored credentials against the provider: `{ ok, outcome, message, connection }` (a failed check is still 200). */
export const POST = apiRoute({ permission: "connections.test", name: "/api/v1/connections/[id]/test", params: idParams }, async ({ actor, params, ip, userAgent, requestId }) =>
  testConnection({ teamId: actor.teamId, actorId: actor.userId, actorEmail: actor.email, ip, userAgent, requestId }, params.id),
);
