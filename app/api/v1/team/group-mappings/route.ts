import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { ROLES } from "@/lib/auth/roles";
import { createGroupMapping, listGroupMappings } from "@/lib/teams";

export const dynamic = "force-dynamic";

/** SSO group → role mappings of the caller's team (owners). */
export const GET = apiRoute({ permission: "team.settings", name: "/api/v1/team/group-mappings" }, async ({ actor }) => ({ items: await listGroupMappings(actor.teamId) }));

export const POST = apiRoute(
  { permission: "team.settings", name: "/api/v1/team/group-mappings", body: z.object({ group: z.string().trim().min(1).max(200), role: z.enum(ROLES) }) },
  async ({ actor, body, audit }) =>
    Response.json(await createGroupMapping(actor.teamId, body.group, body.role, audit), { status: 201 }),
);
