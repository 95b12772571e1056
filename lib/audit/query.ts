/** Reading the audit log of one team, with filters and paging (the audit page and GET /api/v1/audit). */
import { z } from "zod";
import { csvLine } from "@/lib/csv";
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
  /** csv: every matching event (no paging), streamed */
  format: z.enum(["json", "csv"]).optional(),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

function whereOf(teamId: string, q: AuditQuery): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { teamId };
  if (q.action) where.action = q.action.endsWith("*") ? { startsWith: q.action.slice(0, -1) } : q.action;
  if (q.actor) where.OR = [{ actorEmail: { contains: q.actor, mode: "insensitive" } }, { actorId: q.actor }];
  if (q.result) where.result = q.result;
  if (q.from || q.to) where.createdAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
  return where;
}

const SELECT = { id: true, createdAt: true, actorId: true, actorEmail: true, action: true, targetType: true, targetId: true, result: true, ip: true, userAgent: true, details: true } as const;
type Row = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>;

/** what a target is called today (or, once gone, what the event recorded), looked up in one query per kind */
async function targetNames(teamId: string, rows: Row[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const prisma = getPrisma();
  const [clusters, connections, users, tokens, operations, mappings, invitations, teams] = await Promise.all([
    ids("cluster").length ? prisma.clusterSnapshot.findMany({ where: { teamId, id: { in: ids("cluster") } }, select: { id: true, name: true } }) : [],
    ids("connection").length ? prisma.connection.findMany({ where: { teamId, id: { in: ids("connection") } }, select: { id: true, name: true } }) : [],
    ids("user").length ? prisma.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, email: true } }) : [],
    ids("api_token").length ? prisma.apiToken.findMany({ where: { id: { in: ids("api_token") } }, select: { id: true, name: true } }) : [],
    ids("operation").length ? prisma.operation.findMany({ where: { teamId, id: { in: ids("operation") } }, select: { id: true, kind: true, targetName: true } }) : [],
    ids("group_mapping").length ? prisma.groupMapping.findMany({ where: { teamId, id: { in: ids("group_mapping") } }, select: { id: true, group: true, role: true } }) : [],
    ids("invitation").length ? prisma.invitation.findMany({ where: { teamId, id: { in: ids("invitation") } }, select: { id: true, email: true } }) : [],
    ids("team").length ? prisma.team.findMany({ where: { id: { in: ids("team") } }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map<string, string>();
  for (const c of clusters) names.set(`cluster:${c.id}`, c.name);
  for (const c of connections) names.set(`connection:${c.id}`, c.name);
  for (const u of users) names.set(`user:${u.id}`, u.email);
  for (const t of tokens) names.set(`api_token:${t.id}`, t.name);
  for (const o of operations) names.set(`operation:${o.id}`, `${o.kind} ${o.targetName}`);
  for (const m of mappings) names.set(`group_mapping:${m.id}`, `${m.group} → ${m.role}`);
  for (const i of invitations) names.set(`invitation:${i.id}`, i.email);
  for (const t of teams) names.set(`team:${t.id}`, t.name);
  return names;
}

const TARGET_LABELS: Record<string, string> = { cluster: "Cluster", connection: "Connection", user: "User", api_token: "API token", operation: "Operation", group_mapping: "Group mapping", invitation: "Invitation", team: "Team" };

function withTargets(rows: Row[], names: Map<string, string>) {
  return rows.map((r) => {
    const d = (r.details && typeof r.details === "object" && !Array.isArray(r.details) ? r.details : {}) as Record<string, unknown>;
    const recorded = [d.name, d.email, d.group].find((v): v is string => typeof v === "string" && v.length > 0);
    const name = r.targetType && r.targetId ? (names.get(`${r.targetType}:${r.targetId}`) ?? recorded ?? null) : (recorded ?? null);
    return { ...r, targetLabel: r.targetType ? (TARGET_LABELS[r.targetType] ?? r.targetType) : null, targetName: name };
  });
}

export async function listAuditEvents(teamId: string, q: AuditQuery) {
  const where = whereOf(teamId, q);
  const prisma = getPrisma();
  const [items, total] = await Promise.all([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: SELECT,
    }),
    prisma.auditEvent.count({ where }),
  ]);
  return { items: withTargets(items, await targetNames(teamId, items)), total, page: q.page, pageSize: q.pageSize };
}

/** Every matching event as CSV, newest first, streamed in pages of 1,000 (paging parameters ignored). */
export function auditCsvStream(teamId: string, q: AuditQuery): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const where = whereOf(teamId, q);
  const PAGE = 1000;
  let cursor: string | undefined;
  let header = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!header) {
          header = true;
          controller.enqueue(enc.encode(csvLine(["time", "actor", "action", "target type", "target", "target id", "result", "address", "user agent", "details"])));
          return;
        }
        const rows = await getPrisma().auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: PAGE, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), select: SELECT });
        if (rows.length) {
          cursor = rows[rows.length - 1].id;
          const named = withTargets(rows, await targetNames(teamId, rows));
          controller.enqueue(enc.encode(named.map((e) => csvLine([e.createdAt.toISOString(), e.actorEmail ?? e.actorId, e.action, e.targetLabel, e.targetName, e.targetId, e.result, e.ip, e.userAgent, e.details ? JSON.stringify(e.details) : ""])).join("")));
        }
        if (rows.length < PAGE) controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}

export async function auditActions(teamId: string): Promise<string[]> {
  const rows = await getPrisma().auditEvent.findMany({ where: { teamId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
