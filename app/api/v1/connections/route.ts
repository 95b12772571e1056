import { apiRoute } from "@/lib/api/handler";
import { createConnection, createConnectionSchema, listConnections } from "@/lib/connections";

export const dynamic = "force-dynamic";

/** The team's provider connections with their health; credentials never appear (only credentialsHint). */
export const GET = apiRoute({ permission: "connections.read", name: "/api/v1/connections" }, async ({ actor }) => ({ items: await listConnections(actor.teamId) }));

/** Adds a connection; the credentials are tested first unless `test: false` (422 with the provider's message on failure). */
export const POST = apiRoute({ permission: "connections.write", name: "/api/v1/connections", body: createConnectionSchema }, async ({ body, audit }) => {
  const r = await createConnection(audit, body);
  return Response.json(r, { status: 201 });
});
