import { apiRoute, idParams } from "@/lib/api/handler";
import { deleteGroupMapping } from "@/lib/teams";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute({ permission: "team.settings", name: "/api/v1/team/group-mappings/[id]", params: idParams }, async ({ actor, params, audit }) =>
  deleteGroupMapping(actor.teamId, params.id, audit),
);
