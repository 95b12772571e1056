/** Reading the audit log of one team, with filters and paging (the audit page and GET /api/v1/audit). */
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  result: z.enum(["success", "failure", "denied"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export async function listAuditEvents(teamId: string, q: AuditQuery) {
  const where: Prisma.AuditEventWhereInput = { teamId };
  if (q.action) where.action = q.action.endsWith("*") ? { startsWith: q.action.slice(0, -1) } : q.action;
  if (q.actor) where.OR = [{ actorEmail: { contains: q.actor, mode: "insensitive" } }, { actorId: q.actor }];
  if (q.result) where.result = q.result;
  if (q.from || q.to) where.createdAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
  const prisma = getPrisma();
  const [items, total] = await Promise.all([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: { id: true, createdAt: true, actorId: true, actorEmail: true, action: true, targetType: true, targetId: true, result: true, ip: true, userAgent: true, details: true },
    }),
    prisma.auditEvent.count({ where }),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function auditActions(teamId: string): Promise<string[]> {
  const rows = await getPrisma().auditEvent.findMany({ where: { teamId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
