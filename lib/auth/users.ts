/** Local users: creation (setup, admin CLI, bootstrap), password changes, the first-run check. */
import { audit } from "@/lib/audit";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import type { ActorContext } from "@/lib/audit";
import { createTeam, findOrCreateTeamByName } from "@/lib/teams";
import { endUserAccess } from "./access";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import type { Role } from "./roles";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const g = globalThis as unknown as { __clusterdeckHasUser?: boolean };

/** true once any user exists (cached positive answer: users are never all deleted in normal use) */
export async function hasAnyUser(): Promise<boolean> {
  if (g.__clusterdeckHasUser) return true;
  const n = await getPrisma().user.count();
  if (n > 0) g.__clusterdeckHasUser = true;
  return n > 0;
}

/** whether the user signs in with a password (SSO-only accounts have none) */
export async function hasPassword(userId: string): Promise<boolean> {
  return (await getPrisma().user.count({ where: { id: userId, passwordHash: { not: null } } })) > 0;
}

export async function userExists(email: string): Promise<boolean> {
  return (await getPrisma().user.count({ where: { email: normalizeEmail(email) } })) > 0;
}

function checkPassword(password: string) {
  const p = passwordProblem(password);
  if (p) throw new ApiError(400, "invalid_request", `invalid body: password: ${p}`, { fields: [{ field: "password", message: p }] });
}

/**
 * First run: creates the first user as owner of the first team, only while no user exists
 * (serialised with an advisory lock so two concurrent set-ups cannot both succeed).
 */
export async function setupFirstOwner(input: { email: string; name?: string; password: string; teamName: string }, ctx: ActorContext) {
  checkPassword(input.password);
  const prisma = getPrisma();
  const passwordHash = await hashPassword(input.password);
  const result = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301955)`;
    if ((await tx.user.count()) > 0) return null;
    const team = await createTeam(input.teamName, tx);
    const user = await tx.user.create({ data: { email: normalizeEmail(input.email), name: input.name?.trim() || null, passwordHash, currentTeamId: team.id } });
    await tx.membership.create({ data: { teamId: team.id, userId: user.id, role: "owner", source: "local" } });
    return { user, team };
  });
  if (!result) throw new ApiError(404, "not_found", "set-up is already done");
  g.__clusterdeckHasUser = true;
  await audit({ ...ctx, actorId: result.user.id, actorEmail: result.user.email, teamId: result.team.id, action: "setup.owner", targetType: "user", targetId: result.user.id, result: "success" });
  return { userId: result.user.id, teamId: result.team.id };
}

/** Creates (or, with the same email, adds to the team) a local user with a password. */
export async function createLocalUser(input: { email: string; password?: string; name?: string; team: string; role: Role }, ctx: ActorContext) {
  if (input.password) checkPassword(input.password);
  const prisma = getPrisma();
  const email = normalizeEmail(input.email);
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing && input.password && existing.passwordHash) throw conflict(`a user with email ${email} already exists (use reset-password)`);
  const team = await findOrCreateTeamByName(input.team);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const user = existing
    ? await prisma.user.update({ where: { id: existing.id }, data: passwordHash ? { passwordHash } : {} })
    : await prisma.user.create({ data: { email, name: input.name?.trim() || null, passwordHash: passwordHash ?? null, currentTeamId: team.id } });
  await prisma.membership.upsert({
    where: { teamId_userId: { teamId: team.id, userId: user.id } },
    create: { teamId: team.id, userId: user.id, role: input.role, source: "local" },
    update: { role: input.role, source: "local" },
  });
  if (!user.currentTeamId) await prisma.user.update({ where: { id: user.id }, data: { currentTeamId: team.id } });
  g.__clusterdeckHasUser = true;
  await audit({ ...ctx, teamId: team.id, action: existing ? "membership.add" : "user.create", targetType: "user", targetId: user.id, result: "success", details: { email, role: input.role, team: team.name } });
  return { userId: user.id, teamId: team.id, teamName: team.name, created: !existing };
}

export async function setPassword(email: string, password: string, ctx: ActorContext) {
  checkPassword(password);
  const prisma = getPrisma();
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw notFound("user");
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await audit({ ...ctx, teamId: user.currentTeamId, action: "user.password_reset", targetType: "user", targetId: user.id, result: "success" });
  // a password reset ends every session of that user and revokes their API tokens
  const ended = await endUserAccess(user.id, "password_reset", ctx, { auditTeamId: user.currentTeamId });
  return { userId: user.id, ...ended };
}

/**
 * A signed-in user changes their own password (Settings): the current one must be right. Like a
 * reset, it ends every session and revokes every API token of the user; the caller gets a new
 * session (createSession) so that only this browser stays signed in.
 */
export async function changeOwnPassword(userId: string, current: string, next: string, ctx: ActorContext) {
  checkPassword(next);
  const user = await getPrisma().user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("user");
  if (!user.passwordHash) throw new ApiError(400, "no_password", "your account signs in with single sign-on and has no password to change");
  if (!(await verifyPassword(current, user.passwordHash))) {
    await audit({ ...ctx, teamId: user.currentTeamId, action: "user.password_change", targetType: "user", targetId: user.id, result: "failure", details: { reason: "wrong_current_password" } });
    throw new ApiError(400, "invalid_request", "currentPassword: the current password is wrong", { fields: [{ field: "currentPassword", message: "the current password is wrong" }] });
  }
  return setPassword(user.email, next, ctx);
}

/**
 * Disables (or enables again) an account. Disabling ends every session and revokes every API token:
 * enabling it later does not bring them back.
 */
export async function setUserDisabled(email: string, disabled: boolean, ctx: ActorContext) {
  const prisma = getPrisma();
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw notFound("user");
  await prisma.user.update({ where: { id: user.id }, data: { disabled } });
  await audit({ ...ctx, teamId: user.currentTeamId, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: user.id, result: "success" });
  const ended = disabled ? await endUserAccess(user.id, "disabled", ctx, { auditTeamId: user.currentTeamId }) : { sessions: 0, tokens: 0 };
  return { userId: user.id, disabled, ...ended };
}

export async function updateProfile(userId: string, data: { name?: string | null }, ctx: ActorContext) {
  const u = await getPrisma().user.update({ where: { id: userId }, data: { name: data.name?.trim() || null } });
  await audit({ ...ctx, teamId: u.currentTeamId, action: "user.profile", targetType: "user", targetId: userId, result: "success" });
  return { id: u.id, email: u.email, name: u.name };
}

/** Bootstrap owner from BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD: only while no user exists. */
export async function bootstrapOwner(email: string, password: string, teamName = "Default") {
  if (await hasAnyUser()) return { created: false };
  try {
    await setupFirstOwner({ email, password, teamName }, { actorEmail: "bootstrap" });
    return { created: true };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { created: false };
    throw e;
  }
}
