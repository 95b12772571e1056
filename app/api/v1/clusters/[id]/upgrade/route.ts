import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { idempotencyKey, started } from "@/lib/operations/routes";
import { startUpgrade } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** { version }: re-reads the cluster live, checks the provider's rules; 202 with the operation, 409 if another one runs */
export const POST = apiRoute(
  { permission: "clusters.upgrade", name: "/api/v1/clusters/[id]/upgrade", params: idParams, body: z.object({ version: z.string({ message: "choose a version" }).trim().min(1, "choose a version").max(64) }) },
  async (ctx) => started(await startUpgrade(ctx.audit, ctx.params.id, ctx.body.version, idempotencyKey(ctx.req))),
);
