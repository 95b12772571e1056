import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { setProtection } from "@/lib/operations/service";

export const dynamic = "force-dynamic";

/** { protected }: protected clusters cannot be deleted until an admin removes the protection */
export const PUT = apiRoute(
  { permission: "clusters.protect", name: "/api/v1/clusters/[id]/protection", params: idParams, body: z.object({ protected: z.boolean({ message: "true or false" }) }) },
  async (ctx) => setProtection(ctx.audit, ctx.params.id, ctx.body.protected),
);
