import { getPrisma } from "@/lib/db/client";
import type { Operation } from "@/lib/db/generated/client";
import type { OperationSummary, TimelineEntry } from "./types";

/** params keys kept server-side (bookkeeping, not what the user asked for) */
const INTERNAL_PARAMS = new Set(["requestHash"]);

export function publicParams(params: unknown): Record<string, unknown> {
  const p = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(p).filter(([k]) => !INTERNAL_PARAMS.has(k)));
}

export function timelineOf(op: Pick<Operation, "timeline">): TimelineEntry[] {
  return Array.isArray(op.timeline) ? (op.timeline as unknown as TimelineEntry[]) : [];
}

export function toSummary(op: Operation, createdBy: string | null, connection: { name: string; provider: string } | null = null): OperationSummary {
  return {
    id: op.id,
    kind: op.kind,
    state: op.state as OperationSummary["state"],
    clusterId: op.clusterId,
    connectionId: op.connectionId,
    connectionName: connection?.name ?? null,
    provider: connection?.provider ?? null,
    targetName: op.targetName,
    params: publicParams(op.params),
    timeline: timelineOf(op).map((e) => ({ at: e.at, message: e.message, ...(e.state ? { state: e.state } : {}) })),
    error: op.error,
    createdBy,
    createdAt: op.createdAt.toISOString(),
    startedAt: op.startedAt?.toISOString() ?? null,
    finishedAt: op.finishedAt?.toISOString() ?? null,
  };
}

/** summaries with the creators' emails and the connections' names looked up in one query each */
export async function summarize(ops: Operation[]): Promise<OperationSummary[]> {
  if (!ops.length) return [];
  const ids = [...new Set(ops.map((o) => o.createdById).filter((x): x is string => !!x))];
  const connIds = [...new Set(ops.map((o) => o.connectionId))];
  const [users, conns] = await Promise.all([
    ids.length ? getPrisma().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [],
    getPrisma().connection.findMany({ where: { id: { in: connIds } }, select: { id: true, name: true, provider: true } }),
  ]);
  const email = new Map(users.map((u) => [u.id, u.email]));
  const conn = new Map(conns.map((c) => [c.id, c]));
  return ops.map((o) => toSummary(o, o.createdById ? (email.get(o.createdById) ?? null) : null, conn.get(o.connectionId) ?? null));
}
