/**
 * Teams, memberships, invitations and SSO group → team/role mappings. Every mutation here writes an
 * audit event; callers pass who did it (ActorContext, lib/audit).
 */
import { createHash, randomBytes } from "node:crypto";
import { audit, type ActorContext } from "@/lib/audit";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { endUserAccess } from "@/lib/auth/access";
import { hashPassword } from "@/lib/auth/password";
import { ROLES, roleAtLeast, type Role } from "@/lib/auth/roles";


const INVITATION_DAYS = 7;

export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return s || "team";
}

async function uniqueSlug(tx: Prisma.TransactionClient, name: string): Promise<string> {
  const base = slugify(name);
  for (let i = 0; i < 100; i++) {
    const slug = i === 0 ? base : `${base}-${i + 1}`;
    if (!(await tx.team.findUnique({ where: { slug } }))) return slug;
  }
  return `${base}-${randomBytes(4).toString("hex")}`;
}

export async function createTeam(name: string, tx: Prisma.TransactionClient = getPrisma()) {
  return tx.team.create({ data: { name: name.trim(), slug: await uniqueSlug(tx, name) } });
}

export async function findOrCreateTeamByName(name: string) {
  const prisma = getPrisma();
  const existing = await prisma.team.findFirst({ where: { name: { equals: name.trim(), mode: "insensitive" } }, orderBy: { createdAt: "asc" } });
  return existing ?? createTeam(name);
}

export async function getTeam(teamId: string) {
  const t = await getPrisma().team.findUnique({ where: { id: teamId } });
  if (!t) throw notFound("team");
  return t;
}

export async function listTeamsOf(userId: string) {
  const ms = await getPrisma().membership.findMany({ where: { userId }, include: { team: true }, orderBy: { createdAt: "asc" } });
  return ms.map((m) => ({ id: m.teamId, name: m.team.name, slug: m.team.slug, role: m.role as Role, source: m.source }));
}

export async function switchTeam(userId: string, teamId: string, ctx: ActorContext) {
  const prisma = getPrisma();
  const m = await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!m) throw notFound("team");
  await prisma.user.update({ where: { id: userId }, data: { currentTeamId: teamId } });
  await audit({ ...ctx, teamId, action: "team.switch", targetType: "team", targetId: teamId, result: "success" });
  return { teamId };
}

export async function setPasswordLogin(teamId: string, enabled: boolean, ctx: ActorContext) {
  const t = await getPrisma().team.update({ where: { id: teamId }, data: { passwordLoginEnabled: enabled } });
  await audit({ ...ctx, teamId, action: "team.password_login", targetType: "team", targetId: teamId, result: "success", details: { enabled } });
  return { passwordLoginEnabled: t.passwordLoginEnabled };
}

/** The private networks the team's Kubernetes API connections may reach (already normalized). */
export async function getKubernetesNetworks(teamId: string): Promise<string[]> {
  const t = await getPrisma().team.findUnique({ where: { id: teamId }, select: { kubernetesNetworks: true } });
  if (!t) throw notFound("team");
  return t.kubernetesNetworks;
}

/** Replaces the list (owners; entries checked by privateNetworksInput); audited with before and after. */
export async function setKubernetesNetworks(teamId: string, networks: string[], ctx: ActorContext): Promise<string[]> {
  const before = await getKubernetesNetworks(teamId);
  const t = await getPrisma().team.update({ where: { id: teamId }, data: { kubernetesNetworks: networks } });
  await audit({
    ...ctx,
    teamId,
    action: "team.kubernetes_networks",
    targetType: "team",
    targetId: teamId,
    result: "success",
    details: { before, after: t.kubernetesNetworks, added: t.kubernetesNetworks.filter((n) => !before.includes(n)), removed: before.filter((n) => !t.kubernetesNetworks.includes(n)) },
  });
  return t.kubernetesNetworks;
}

export async function renameTeam(teamId: string, name: string, ctx: ActorContext) {
  const t = await getPrisma().team.update({ where: { id: teamId }, data: { name: name.trim() } });
  await audit({ ...ctx, teamId, action: "team.rename", targetType: "team", targetId: teamId, result: "success", details: { name: t.name } });
  return t;
}

// ── members ─────────────────────────────────────────────────────────────────

export async function listMembers(teamId: string) {
  const ms = await getPrisma().membership.findMany({ where: { teamId }, include: { user: { select: { id: true, email: true, name: true, disabled: true } } }, orderBy: { createdAt: "asc" } });
  return ms.map((m) => ({ id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role as Role, source: m.source, disabled: m.user.disabled, createdAt: m.createdAt }));
}

async function ownerCount(tx: Prisma.TransactionClient, teamId: string) {
  return tx.membership.count({ where: { teamId, role: "owner" } });
}

export async function addMembership(teamId: string, userId: string, role: Role, source: "local" | "sso", ctx: ActorContext, tx: Prisma.TransactionClient = getPrisma()) {
  const m = await tx.membership.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, role, source },
    update: { role, source },
  });
  await tx.user.updateMany({ where: { id: userId, currentTeamId: null }, data: { currentTeamId: teamId } });
  await audit({ ...ctx, teamId, action: "membership.add", targetType: "user", targetId: userId, result: "success", details: { role, source } }, tx === getPrisma() ? undefined : tx);
  return m;
}

export async function changeMemberRole(teamId: string, membershipId: string, role: Role, ctx: ActorContext) {
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { id: membershipId, teamId } });
    if (!m) throw notFound("member");
    if (m.role === "owner" && role !== "owner" && (await ownerCount(tx, teamId)) <= 1) throw conflict("a team needs at least one owner: make someone else owner first");
    // a role set by hand becomes a local membership (SSO sign-ins no longer change it)
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role, source: "local" } });
    await audit({ ...ctx, teamId, action: "membership.role", targetType: "user", targetId: m.userId, result: "success", details: { from: m.role, to: role } }, tx);
    return updated;
  });
}

export async function removeMember(teamId: string, membershipId: string, ctx: ActorContext) {
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { id: membershipId, teamId } });
    if (!m) throw notFound("member");
    if (m.role === "owner" && (await ownerCount(tx, teamId)) <= 1) throw conflict("a team needs at least one owner: you cannot remove the last one");
    await tx.membership.delete({ where: { id: m.id } });
    await tx.user.updateMany({ where: { id: m.userId, currentTeamId: teamId }, data: { currentTeamId: null } });
    await audit({ ...ctx, teamId, action: "membership.remove", targetType: "user", targetId: m.userId, result: "success", details: { role: m.role } }, tx);
    // the removed member's sessions end and their tokens for this team are revoked (re-adding them does not revive either)
    await endUserAccess(m.userId, "membership_removed", ctx, { teamId }, tx);
    return { ok: true };
  });
}

// ── invitations ─────────────────────────────────────────────────────────────

export const hashInvitation = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvitation(teamId: string, email: string, role: Role, ctx: ActorContext) {
  const token = `inv_${randomBytes(24).toString("base64url")}`;
  const inv = await getPrisma().invitation.create({
    data: { teamId, email: email.trim().toLowerCase(), role, tokenHash: hashInvitation(token), invitedById: ctx.actorId ?? null, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) },
  });
  await audit({ ...ctx, teamId, action: "invitation.create", targetType: "invitation", targetId: inv.id, result: "success", details: { email: inv.email, role } });
  return { invitation: publicInvitation(inv), token };
}

function publicInvitation(i: { id: string; email: string; role: string; expiresAt: Date; acceptedAt: Date | null; createdAt: Date }) {
  return { id: i.id, email: i.email, role: i.role as Role, expiresAt: i.expiresAt, acceptedAt: i.acceptedAt, createdAt: i.createdAt };
}

export async function listInvitations(teamId: string) {
  const rows = await getPrisma().invitation.findMany({ where: { teamId, acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } });
  return rows.map(publicInvitation);
}

export async function revokeInvitation(teamId: string, id: string, ctx: ActorContext) {
  const r = await getPrisma().invitation.deleteMany({ where: { id, teamId, acceptedAt: null } });
  if (!r.count) throw notFound("invitation");
  await audit({ ...ctx, teamId, action: "invitation.revoke", targetType: "invitation", targetId: id, result: "success" });
  return { ok: true };
}

/** Deletes invitations past their expiry, used or not (housekeeping): their links answer 404 either way. */
export async function purgeExpiredInvitations(now = new Date()): Promise<number> {
  const r = await getPrisma().invitation.deleteMany({ where: { expiresAt: { lt: now } } });
  return r.count;
}

export async function invitationForToken(token: string) {
  const inv = await getPrisma().invitation.findUnique({ where: { tokenHash: hashInvitation(token) }, include: { team: { select: { id: true, name: true, passwordLoginEnabled: true } } } });
  if (!inv || inv.acceptedAt || inv.expiresAt <= new Date()) return null;
  return { id: inv.id, teamId: inv.teamId, teamName: inv.team.name, passwordLoginEnabled: inv.team.passwordLoginEnabled, email: inv.email, role: inv.role as Role };
}

/** adds the signed-in user to the inviting team (the invitation link is the credential) */
export async function acceptInvitation(token: string, userId: string, ctx: ActorContext) {
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: hashInvitation(token) } });
    if (!inv || inv.acceptedAt || inv.expiresAt <= new Date()) throw new ApiError(404, "not_found", "this invitation is unknown, used or expired");
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (!claimed.count) throw new ApiError(404, "not_found", "this invitation was already used");
    const existing = await tx.membership.findUnique({ where: { teamId_userId: { teamId: inv.teamId, userId } } });
    // never lower an existing role through an invitation
    const role = existing && roleAtLeast(existing.role as Role, inv.role as Role) ? (existing.role as Role) : (inv.role as Role);
    await tx.membership.upsert({ where: { teamId_userId: { teamId: inv.teamId, userId } }, create: { teamId: inv.teamId, userId, role, source: "local" }, update: { role, source: "local" } });
    await tx.user.update({ where: { id: userId }, data: { currentTeamId: inv.teamId } });
    await audit({ ...ctx, teamId: inv.teamId, action: "invitation.accept", targetType: "invitation", targetId: inv.id, result: "success", details: { role } }, tx);
    return { teamId: inv.teamId, role };
  });
}

/** the invitation behind a sign-up link, or the refusal: used, expired, SSO-only team, address taken */
async function invitationForSignup(db: Prisma.TransactionClient, token: string) {
  const inv = await db.invitation.findUnique({ where: { tokenHash: hashInvitation(token) }, include: { team: { select: { passwordLoginEnabled: true } } } });
  if (!inv || inv.acceptedAt || inv.expiresAt <= new Date()) throw new ApiError(404, "not_found", "this invitation is unknown, used or expired");
  if (!inv.team.passwordLoginEnabled) throw new ApiError(403, "password_login_disabled", "password sign-in is switched off for this team: sign in with single sign-on to accept the invitation");
  if (await db.user.findUnique({ where: { email: inv.email }, select: { id: true } })) throw conflict(`an account for ${inv.email} already exists: sign in to accept the invitation`);
  return inv;
}

/**
 * Someone invited who has no account yet: the invitation link is the credential, so it creates the
 * account (with a password, where the team allows password sign-in) and its membership in one
 * transaction. An existing account must sign in and accept instead.
 */
export async function registerWithInvitation(token: string, input: { name?: string; password: string }, ctx: ActorContext) {
  // refuse bad links before the deliberately slow hash (and outside any transaction); the
  // transaction checks again and decides
  await invitationForSignup(getPrisma(), token);
  const passwordHash = await hashPassword(input.password);
  return getPrisma().$transaction(async (tx) => {
    const inv = await invitationForSignup(tx, token);
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (!claimed.count) throw new ApiError(404, "not_found", "this invitation was already used");
    const user = await tx.user.create({ data: { email: inv.email, name: input.name?.trim() || null, passwordHash, currentTeamId: inv.teamId } });
    await tx.membership.create({ data: { teamId: inv.teamId, userId: user.id, role: inv.role, source: "local" } });
    const audited = { ...ctx, actorId: user.id, actorEmail: user.email, teamId: inv.teamId };
    await audit({ ...audited, action: "user.create", targetType: "user", targetId: user.id, result: "success", details: { email: user.email, via: "invitation" } }, tx);
    await audit({ ...audited, action: "invitation.accept", targetType: "invitation", targetId: inv.id, result: "success", details: { role: inv.role } }, tx);
    return { userId: user.id, teamId: inv.teamId, role: inv.role as Role };
  });
}

// ── SSO group mappings ──────────────────────────────────────────────────────

export interface GroupMappingSpec {
  group: string;
  team: string;
  role: Role;
}

/** "platform-admins=Platform:admin,devs=Platform:operator" → specs; throws naming the bad entry */
export function parseGroupMappings(text: string | undefined): GroupMappingSpec[] {
  if (!text?.trim()) return [];
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(.+?)=(.+):(\w+)$/.exec(entry);
      if (!m || !(ROLES as readonly string[]).includes(m[3])) throw new Error(`OIDC_GROUP_MAPPINGS: cannot read "${entry}" (expected group=Team:role with role one of ${ROLES.join(", ")})`);
      return { group: m[1].trim(), team: m[2].trim(), role: m[3] as Role };
    });
}

/** creates missing teams and mappings from OIDC_GROUP_MAPPINGS (existing mappings keep their role as edited in the UI) */
export async function seedGroupMappings(specs: GroupMappingSpec[]) {
  const prisma = getPrisma();
  let created = 0;
  for (const s of specs) {
    const team = await findOrCreateTeamByName(s.team);
    const r = await prisma.groupMapping.createMany({ data: [{ teamId: team.id, group: s.group, role: s.role }], skipDuplicates: true });
    created += r.count;
  }
  return { created };
}

export async function listGroupMappings(teamId: string) {
  return getPrisma().groupMapping.findMany({ where: { teamId }, orderBy: { group: "asc" }, select: { id: true, group: true, role: true, createdAt: true } });
}

export async function createGroupMapping(teamId: string, group: string, role: Role, ctx: ActorContext) {
  const prisma = getPrisma();
  const existing = await prisma.groupMapping.findUnique({ where: { teamId_group: { teamId, group } } });
  if (existing) throw conflict(`group "${group}" is already mapped in this team`);
  const m = await prisma.groupMapping.create({ data: { teamId, group, role }, select: { id: true, group: true, role: true, createdAt: true } });
  await audit({ ...ctx, teamId, action: "group_mapping.create", targetType: "group_mapping", targetId: m.id, result: "success", details: { group, role } });
  return m;
}

export async function deleteGroupMapping(teamId: string, id: string, ctx: ActorContext) {
  const r = await getPrisma().groupMapping.deleteMany({ where: { id, teamId } });
  if (!r.count) throw notFound("group mapping");
  await audit({ ...ctx, teamId, action: "group_mapping.delete", targetType: "group_mapping", targetId: id, result: "success" });
  return { ok: true };
}

/** what the given groups grant: team → highest mapped role */
export async function rolesForGroups(groups: string[]): Promise<Map<string, Role>> {
  const out = new Map<string, Role>();
  if (!groups.length) return out;
  const mappings = await getPrisma().groupMapping.findMany({ where: { group: { in: groups } } });
  for (const m of mappings) {
    const cur = out.get(m.teamId);
    if (!cur || roleAtLeast(m.role as Role, cur)) out.set(m.teamId, m.role as Role);
  }
  return out;
}

/**
 * Applied at every SSO sign-in: the user's "sso" memberships become exactly what their groups map to
 * (added, role changed, or removed when they left the group). "local" memberships are left alone.
 */
export async function applySsoGroups(userId: string, groups: string[], ctx: ActorContext) {
  const prisma = getPrisma();
  const wanted = await rolesForGroups(groups);
  const current = await prisma.membership.findMany({ where: { userId } });
  const changes: { teamId: string; change: "added" | "role" | "removed"; role?: Role }[] = [];
  for (const m of current) {
    if (m.source !== "sso") continue;
    const role = wanted.get(m.teamId);
    if (!role) {
      await prisma.membership.delete({ where: { id: m.id } });
      // the session being signed in stays; the tokens that reached the team are revoked
      await endUserAccess(userId, "membership_removed", { ...ctx, actorId: ctx.actorId ?? userId }, { teamId: m.teamId, sessions: false });
      changes.push({ teamId: m.teamId, change: "removed" });
    } else if (role !== m.role) {
      await prisma.membership.update({ where: { id: m.id }, data: { role } });
      changes.push({ teamId: m.teamId, change: "role", role });
    }
  }
  for (const [teamId, role] of wanted) {
    if (current.some((m) => m.teamId === teamId)) continue;
    await prisma.membership.create({ data: { teamId, userId, role, source: "sso" } });
    changes.push({ teamId, change: "added", role });
  }
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { currentTeamId: true } });
  const remaining = await prisma.membership.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  if (!user?.currentTeamId || !remaining.some((m) => m.teamId === user.currentTeamId)) {
    await prisma.user.update({ where: { id: userId }, data: { currentTeamId: remaining[0]?.teamId ?? null } });
  }
  for (const c of changes) {
    const action = c.change === "added" ? "membership.add" : c.change === "role" ? "membership.role" : "membership.remove";
    await audit({ ...ctx, actorId: ctx.actorId ?? userId, teamId: c.teamId, action, targetType: "user", targetId: userId, result: "success", details: { source: "sso", role: c.role, groups } });
  }
  return { changes, teams: remaining.length };
}
