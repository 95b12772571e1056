import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { updateProfile } from "@/lib/auth/users";
import { listTeamsOf } from "@/lib/teams";

export const dynamic = "force-dynamic";

/** Who the caller is: user, current team and role, and every team they belong to. */
export const GET = apiRoute({ permission: "profile.read", name: "/api/v1/me" }, async ({ actor }) => ({
  user: { id: actor.userId, email: actor.email, name: actor.name },
  team: { id: actor.teamId, name: actor.teamName, role: actor.role },
  via: actor.via,
  teams: await listTeamsOf(actor.userId),
}));

export const PATCH = apiRoute(
  { permission: "profile.write", name: "/api/v1/me", body: z.object({ name: z.string().trim().max(200).nullable() }) },
  async ({ actor, body, audit }) => updateProfile(actor.userId, { name: body.name }, audit),
);
