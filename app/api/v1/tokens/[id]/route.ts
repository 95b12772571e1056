import { apiRoute, idParams } from "@/lib/api/handler";
import { revokeToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

/** Revokes one of the caller's tokens; someone else's answers 404. */
export const DELETE = apiRoute({ permission: "tokens.manage", name: "/api/v1/tokens/[id]", params: idParams }, async ({ actor, params, audit }) =>
  revokeToken(actor.userId, params.id, audit),
);
