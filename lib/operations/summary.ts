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

export function toSummary(op: Operation, createdBy: string | null): OperationSummary {
  return {
    id: op.id,
    kind: op.kind,
    state: op.state as OperationSummary["state"],
    clusterId: op.clusterId,
    connectionId: op.connectionId,
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

/** summaries with the creator's email looked up in one query */
export async function summarize(ops: Operation[]): Promise<OperationSummary[]> {
  const ids = [...new Set(ops.map((o) => o.createdById).filter((x): x is string => !!x))];
  const users = ids.length ? await getPrisma().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const email = new Map(users.map((u) => [u.id, u.email]));
  return ops.map((o) => toSummary(o, o.createdById ? (email.get(o.createdById) ?? null) : null));
}
