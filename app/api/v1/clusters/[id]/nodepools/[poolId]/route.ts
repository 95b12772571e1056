import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { idempotencyKey, started } from "@/lib/operations/routes";
import { nodePoolChangeSchema, startNodePoolDelete, startNodePoolScale } from "@/lib/operations/nodepools";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(64).regex(/^[\w-]+$/), poolId: z.string().min(1).max(200) });

/** scales a node pool: { nodeCount?, minNodes?, maxNodes?, autoscaling? } */
export const PATCH = apiRoute(
  { permission: "clusters.nodepools", name: "/api/v1/clusters/[id]/nodepools/[poolId]", params, body: nodePoolChangeSchema },
  async (ctx) => started(await startNodePoolScale(ctx.audit, ctx.params.id, ctx.params.poolId, ctx.body, idempotencyKey(ctx.req))),
);

/** removes a node pool */
export const DELETE = apiRoute({ permission: "clusters.nodepools", name: "/api/v1/clusters/[id]/nodepools/[poolId]", params }, async (ctx) =>
  started(await startNodePoolDelete(ctx.audit, ctx.params.id, ctx.params.poolId, idempotencyKey(ctx.req))),
);
