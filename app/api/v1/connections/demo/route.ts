import { apiRoute } from "@/lib/api/handler";
import { createDemoConnections } from "@/lib/connections";

export const dynamic = "force-dynamic";

/** Embedded demo only (404 otherwise): connections to the running simulators; a second call adds nothing. */
export const POST = apiRoute({ permission: "connections.write", name: "/api/v1/connections/demo" }, async ({ audit }) => {
  const r = await createDemoConnections(audit);
  return Response.json(r, { status: r.created.length ? 201 : 200 });
});
