"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { clientIp } from "@/lib/api/request";
import { requireUser } from "@/lib/auth/server";
import { acceptInvitation, invitationForToken } from "@/lib/teams";

/** Accepts an invitation for the signed-in user (whose email must be the invited one). */
export async function acceptInvitationAction(token: string): Promise<{ error: string } | void> {
  const user = await requireUser();
  const inv = await invitationForToken(token);
  if (!inv) return { error: "This invitation is unknown, used or expired." };
  if (inv.email !== user.email.toLowerCase()) return { error: `This invitation is for ${inv.email}; you are signed in as ${user.email}.` };
  const h = await headers();
  try {
    await acceptInvitation(token, user.id, { actorId: user.id, actorEmail: user.email, ip: clientIp(h), userAgent: h.get("user-agent") });
  } catch (e) {
    if (e instanceof ApiError) return { error: e.message };
    throw e;
  }
  redirect("/");
}
