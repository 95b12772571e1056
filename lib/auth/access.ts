/**
 * Ending a user's access, the one home for it: a password reset, a disabled account and a removed
 * membership all delete the user's sessions and revoke their personal API tokens (every token, or
 * those that reach the team they left), with one audit event naming what was ended and why.
 */
import { audit } from "@/lib/audit";
import { getPrisma, type TransactionClient } from "@/lib/db/client";
import type { ActorContext } from "@/lib/audit";

export type AccessEndReason = "password_reset" | "disabled" | "membership_removed";

export interface EndAccessOptions {
  /** only the tokens that reach this team (bound to it, or team-less ones that follow the current team); all tokens when absent */
  teamId?: string;
  /** also delete every session of the user (default true) */
  sessions?: boolean;
  /** the team the audit event belongs to (default: teamId) */
  auditTeamId?: string | null;
}

export async function endUserAccess(userId: string, reason: AccessEndReason, ctx: ActorContext, opts: EndAccessOptions = {}, tx?: TransactionClient): Promise<{ sessions: number; tokens: number }> {
  const db = tx ?? getPrisma();
  const sessions = opts.sessions === false ? 0 : (await db.session.deleteMany({ where: { userId } })).count;
  const tokens = (
    await db.apiToken.updateMany({
      where: { userId, revokedAt: null, ...(opts.teamId ? { OR: [{ teamId: opts.teamId }, { teamId: null }] } : {}) },
      data: { revokedAt: new Date() },
    })
  ).count;
  await audit(
    {
      ...ctx,
      teamId: opts.auditTeamId !== undefined ? opts.auditTeamId : (opts.teamId ?? null),
      action: "user.access_ended",
      targetType: "user",
      targetId: userId,
      result: "success",
      details: { reason, sessionsEnded: sessions, tokensRevoked: tokens, ...(opts.teamId ? { team: opts.teamId } : {}) },
    },
    tx,
  );
  return { sessions, tokens };
}
