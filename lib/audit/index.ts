import { getPrisma } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { Prisma } from "@/lib/db/generated/client";

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
