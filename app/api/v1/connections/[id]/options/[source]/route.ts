import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { connectionOptions } from "@/lib/operations/wizard";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(64).regex(/^[\w-]+$/), source: z.string().min(1).max(64).regex(/^[\w-]+$/) });
/** the wizard's context: values of the fields the option source depends on (and the scope) */
const query = z.record(z.string(), z.string().max(500));

/** live option lists for the create wizard (adapter.listOptions; "scopes" lists the connection's scopes) */
export const GET = apiRoute({ permission: "clusters.create", name: "/api/v1/connections/[id]/options/[source]", params, query }, async ({ actor, params: p, query: q, requestId }) =>
  connectionOptions(actor.teamId, p.id, p.source, q, requestId),
);
