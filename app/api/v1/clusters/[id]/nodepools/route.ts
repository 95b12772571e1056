import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { idempotencyKey, started } from "@/lib/operations/routes";
import { startNodePoolCreate } from "@/lib/operations/nodepools";

export const dynamic = "force-dynamic";

/** adds a node pool (where the provider's API can); the body is validated by the provider's node-pool rules */
export const POST = apiRoute(
  { permission: "clusters.nodepools", name: "/api/v1/clusters/[id]/nodepools", params: idParams, body: z.record(z.string(), z.unknown()) },
  async (ctx) => started(await startNodePoolCreate(ctx.audit, ctx.params.id, ctx.body, idempotencyKey(ctx.req))),
);
