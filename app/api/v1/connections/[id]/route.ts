import { apiRoute, idParams } from "@/lib/api/handler";
import { deleteConnection, getConnection, updateConnection, updateConnectionSchema } from "@/lib/connections";

export const dynamic = "force-dynamic";

const name = "/api/v1/connections/[id]";

export const GET = apiRoute({ permission: "connections.read", name, params: idParams }, async ({ actor, params }) => getConnection(actor.teamId, params.id));

/** Edits name, base URL, default scope; new credentials are tested before they replace the old ones (422 keeps the old ones). */
export const PATCH = apiRoute({ permission: "connections.write", name, params: idParams, body: updateConnectionSchema }, async ({ params, body, audit }) =>
  updateConnection(audit, params.id, body),
);

/** Removes the connection and its clusters from the inventory; nothing on the provider is touched. */
export const DELETE = apiRoute({ permission: "connections.write", name, params: idParams }, async ({ params, audit }) =>
  deleteConnection(audit, params.id),
);
