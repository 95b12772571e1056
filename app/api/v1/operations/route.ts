import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { listOperations } from "@/lib/operations/service";
import { OPERATION_STATES } from "@/lib/operations/types";

export const dynamic = "force-dynamic";

const query = z.object({
  state: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined))
    .pipe(z.array(z.enum(OPERATION_STATES)).optional()),
  cluster: z.string().max(64).optional(),
  connection: z.string().max(64).optional(),
  provider: z.string().max(64).optional(),
  running: z.enum(["1", "0", "true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** tracked operations of the team, newest first: ?state=running,pending&cluster=&connection=&provider=&running=1&limit= */
export const GET = apiRoute({ permission: "operations.read", name: "/api/v1/operations", query }, async ({ actor, query: q }) => ({
  items: await listOperations(actor.teamId, { state: q.state, cluster: q.cluster, connection: q.connection, provider: q.provider, running: q.running === "1" || q.running === "true", limit: q.limit }),
}));
