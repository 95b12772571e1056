import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { idempotencyKey, started } from "@/lib/operations/routes";
import { nodePoolUpgradeSchema, startNodePoolUpgrade } from "@/lib/operations/nodepools";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(64).regex(/^[\w-]+$/), poolId: z.string().min(1).max(200) });

/** { version }: upgrades a node pool's nodes (providers whose pools upgrade separately); 202 with the operation */
export const POST = apiRoute(
  { permission: "clusters.nodepools", name: "/api/v1/clusters/[id]/nodepools/[poolId]/upgrade", params, body: nodePoolUpgradeSchema },
  async (ctx) => started(await startNodePoolUpgrade(ctx.audit, ctx.params.id, ctx.params.poolId, ctx.body.version, idempotencyKey(ctx.req))),
);
