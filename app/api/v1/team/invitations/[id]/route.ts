import { apiRoute, idParams } from "@/lib/api/handler";
import { revokeInvitation } from "@/lib/teams";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({ permission: "members.manage", name: "/api/v1/team/invitations/[id]", params: idParams }, async ({ actor, params, audit }) =>
  revokeInvitation(actor.teamId, params.id, audit),
);
