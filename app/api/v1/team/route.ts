import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getTeam, renameTeam, setPasswordLogin } from "@/lib/teams";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "members.read", name: "/api/v1/team" }, async ({ actor }) => {
  const t = await getTeam(actor.teamId);
  return { id: t.id, name: t.name, slug: t.slug, passwordLoginEnabled: t.passwordLoginEnabled, role: actor.role };
});

/** Team settings (owners): name, password sign-in on/off. */
export const PATCH = apiRoute(
  { permission: "team.settings", name: "/api/v1/team", body: z.object({ name: z.string().trim().min(1).max(100).optional(), passwordLoginEnabled: z.boolean().optional() }) },
  async ({ actor, body, audit }) => {
    const ctx = audit;
    if (body.name !== undefined) await renameTeam(actor.teamId, body.name, ctx);
    if (body.passwordLoginEnabled !== undefined) await setPasswordLogin(actor.teamId, body.passwordLoginEnabled, ctx);
    const t = await getTeam(actor.teamId);
    return { id: t.id, name: t.name, slug: t.slug, passwordLoginEnabled: t.passwordLoginEnabled };
  },
);
