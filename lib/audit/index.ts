import { getPrisma } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * Who acts, for which team and from where: THE actor context every audited service takes (teams,
 * users, tokens, preferences, connections, syncs, operations). API routes get it ready-made as
 * `RouteContext.audit` (lib/api/handler.ts); the CLI and boot pass what they know (often nothing).
 */
export interface ActorContext {
  teamId?: string | null;
  actorId?: string | null;
  actorEmail?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** the incoming request's id, propagated to provider calls */
  requestId?: string;
}

/** an ActorContext acting in one team (what team-scoped services need) */
export type TeamActorContext = ActorContext & { teamId: string };

export interface AuditInput {
  teamId?: string | null;
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string;
  targetId?: string | null;
  result: "success" | "failure" | "denied";
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/** Writes one audit event. Never throws: a failed audit write is logged, not turned into a failed request. */
export async function audit(e: AuditInput, tx?: Prisma.TransactionClient): Promise<void> {
  try {
    await (tx ?? getPrisma()).auditEvent.create({
      data: {
        teamId: e.teamId ?? null,
        actorId: e.actorId ?? null,
        actorEmail: e.actorEmail ?? null,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId ?? null,
        result: e.result,
        ip: e.ip ?? null,
        userAgent: e.userAgent?.slice(0, 300) ?? null,
        details: (e.details ?? undefined) as Prisma.InputJsonValue | undefined,
      },
    });
  } catch (err) {
    logger.error({ err: (err as Error).message, action: e.action }, "audit write failed");
  }
}
