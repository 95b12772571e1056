import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { switchTeam } from "@/lib/teams";

export const dynamic = "force-dynamic";

/** Switches the caller's current team (a team they are not a member of answers 404). */
export const PUT = apiRoute(
  { permission: "profile.write", name: "/api/v1/me/team", body: z.object({ teamId: z.string().min(1).max(64) }) },
  async ({ actor, body, audit }) => switchTeam(actor.userId, body.teamId, audit),
);
