/**
 * Authorization for server components and server actions (route handlers use lib/api/handler.ts):
 * the same Actor, the same permission table.
 */
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { orUnavailablePage } from "@/lib/db/page-guard";
import { authenticate, sessionTokenFrom, userForSessionToken, type Actor } from "./authenticate";
import { can, PERMISSIONS, type Permission } from "./roles";

/** The signed-in actor, or null. */
export async function currentActor(): Promise<Actor | null> {
  return authenticate(await headers());
}

/** The signed-in user even without any team (for the "no team yet" page and invitations). */
export async function currentUser() {
  const token = sessionTokenFrom(await headers());
  return token ? userForSessionToken(token) : null;
}

/**
 * For server components: redirects to /signin when signed out; renders Next's 404 when the role is
 * below the permission (pages a role may not see do not exist for it).
 */
export async function requirePageActor(permission: Permission): Promise<Actor> {
  const actor = await orUnavailablePage(currentActor);
  if (!actor) redirect("/signin");
  if (!can(actor.role, permission)) notFound();
  return actor;
}

/** For server actions: throws ApiError 401/403 like the API does. */
export async function requireActor(permission: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new ApiError(401, "unauthorized", "sign in first");
  if (!can(actor.role, permission)) throw new ApiError(403, "forbidden", `this needs the ${PERMISSIONS[permission]} role or higher; you are ${actor.role}`);
  return actor;
}

export async function userTeams(userId: string) {
  const ms = await getPrisma().membership.findMany({ where: { userId }, include: { team: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } });
  return ms.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role }));
}

/** For server actions a signed-in user may take without any team yet (accepting an invitation). */
export async function requireUser() {
  const user = await currentUser();
  if (!user) throw new ApiError(401, "unauthorized", "sign in first");
  return user;
}
