import { z } from "zod";
import { apiRoute, idParams } from "@/lib/api/handler";
import { ROLES } from "@/lib/auth/roles";
import { changeMemberRole, removeMember } from "@/lib/teams";

export const dynamic = "force-dynamic";

/** Changes a member's role (owners); the membership becomes locally managed. */
export const PATCH = apiRoute(
  { permission: "members.manage", name: "/api/v1/team/members/[id]", params: idParams, body: z.object({ role: z.enum(ROLES) }) },
  async ({ actor, params, body, audit }) => changeMemberRole(actor.teamId, params.id, body.role, audit),
);

export const DELETE = apiRoute({ permission: "members.manage", name: "/api/v1/team/members/[id]", params: idParams }, async ({ actor, params, audit }) =>
  removeMember(actor.teamId, params.id, audit),
);
