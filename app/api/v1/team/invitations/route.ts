import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { ROLES } from "@/lib/auth/roles";
import { requestOrigin } from "@/lib/api/request";
import { createInvitation, listInvitations } from "@/lib/teams";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "members.manage", name: "/api/v1/team/invitations" }, async ({ actor }) => ({ items: await listInvitations(actor.teamId) }));

/** Invites by email; the answer carries the invitation link, shown once to the inviter. */
export const POST = apiRoute(
  { permission: "members.manage", name: "/api/v1/team/invitations", body: z.object({ email: z.string().trim().email().max(320), role: z.enum(ROLES) }) },
  async ({ req, actor, body, audit }) => {
    const { invitation, token } = await createInvitation(actor.teamId, body.email, body.role, audit);
    return Response.json({ invitation, url: `${requestOrigin(req)}/invite/${token}` }, { status: 201 });
  },
);
