/**
 * The request side's shared machinery (lib/operations/service.ts, ./nodepools.ts): the cluster an
 * operation targets, the one-active-operation-per-cluster rule, the Operation row and its audit
 * event written in one transaction, and Idempotency-Keys.
 */
import { createHash } from "node:crypto";
import { ApiError, notFound } from "@/lib/api/errors";
import { audit, type TeamActorContext } from "@/lib/audit";
import { getPrisma, type TransactionClient } from "@/lib/db/client";
import type { Operation, Prisma } from "@/lib/db/generated/client";
import { PROCESS_ID } from "@/lib/log";
import { summarize } from "./summary";
import { ACTIVE_STATES, type OperationKind, type OperationSummary, type TimelineEntry } from "./types";

export const json = (v: unknown) => v as Prisma.InputJsonValue;
export const now = () => new Date().toISOString();

export function auditBase(ctx: TeamActorContext) {
  return { teamId: ctx.teamId, actorId: ctx.actorId ?? null, actorEmail: ctx.actorEmail ?? null, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null };
}

export function fieldError(field: string, message: string, status = 400, code = "invalid_request"): ApiError {
  return new ApiError(status, code, `${field}: ${message}`, { fields: [{ field, message }] });
}

/** canonical JSON (sorted keys) so equal bodies hash equally whatever their key order */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

export async function clusterOf(teamId: string, id: string, db: TransactionClient | ReturnType<typeof getPrisma> = getPrisma()) {
  const c = await db.clusterSnapshot.findFirst({ where: { id, teamId }, include: { connection: true } });
  if (!c) throw notFound("cluster");
  return c;
}

// ---------------------------------------------------------------------------------------------
// the one-active-operation-per-cluster rule and the write

export async function activeOperationOf(tx: TransactionClient, clusterId: string): Promise<Operation | null> {
  // lock the cluster row: concurrent requests for the same cluster queue here, so only one wins
  await tx.$queryRaw`SELECT id FROM "ClusterSnapshot" WHERE id = ${clusterId} FOR UPDATE`;
  return tx.operation.findFirst({ where: { clusterId, state: { in: ACTIVE_STATES } }, orderBy: { createdAt: "desc" } });
}

/** thrown inside a transaction; turned into the 409 after it (no second connection while it holds one) */
export class Busy extends Error {
  constructor(readonly op: Operation) {
    super("busy");
  }
}

/** a transaction whose Busy becomes the 409 answer with the running operation */
export async function transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await getPrisma().$transaction(fn);
  } catch (e) {
    if (e instanceof Busy) throw await busy(e.op);
    throw e;
  }
}

export async function busy(op: Operation): Promise<ApiError> {
  const [summary] = await summarize([op]);
  return new ApiError(409, "operation_running", `another operation runs on this cluster (${op.kind}, ${op.state}); wait until it finishes or ask an admin to cancel it`, { operation: summary });
}

export interface NewOperation {
  kind: OperationKind;
  connectionId: string;
  clusterId: string | null;
  targetName: string;
  externalId?: string | null;
  params: Record<string, unknown>;
  idempotencyKey?: string | null;
  /** finished at once (e.g. an upgrade to the version the cluster already runs) */
  finished?: { state: "succeeded"; message: string };
}

export async function writeOperation(ctx: TeamActorContext, n: NewOperation, auditAction: string, tx: TransactionClient): Promise<Operation> {
  const timeline: TimelineEntry[] = [{ at: now(), message: `Requested by ${ctx.actorEmail ?? "an unknown user"}`, state: "pending", worker: PROCESS_ID }];
  if (n.finished) timeline.push({ at: now(), message: n.finished.message, state: n.finished.state, worker: PROCESS_ID });
  const op = await tx.operation.create({
    data: {
      teamId: ctx.teamId,
      connectionId: n.connectionId,
      clusterId: n.clusterId,
      kind: n.kind,
      state: n.finished ? n.finished.state : "pending",
      targetName: n.targetName,
      externalId: n.externalId ?? null,
      params: json(n.params),
      timeline: json(timeline),
      idempotencyKey: n.idempotencyKey ?? null,
      createdById: ctx.actorId ?? null,
      ...(n.finished ? { startedAt: new Date(), finishedAt: new Date() } : {}),
    },
  });
  const { requestHash: _h, ...details } = n.params;
  await audit({ ...auditBase(ctx), action: auditAction, targetType: "cluster", targetId: n.clusterId ?? op.id, result: "success", details: { operationId: op.id, name: n.targetName, ...details } }, tx);
  return op;
}

export async function one(op: Operation): Promise<OperationSummary> {
  return (await summarize([op]))[0];
}

// ---------------------------------------------------------------------------------------------
// Idempotency-Key (create, upgrade, delete, node pools): the same key with the same request answers
// the operation it started (created: false), also when both arrive at once; another request with a
// used key is refused with 422. Keys are unique per team (Operation.teamId + idempotencyKey).

export const IDEMPOTENCY_KEY_RE = /^[\w.:-]{8,200}$/;

/** what every start* answers: the operation, and whether this request created it */
export interface Started {
  operation: OperationSummary;
  created: boolean;
}

export interface Idempotency {
  key: string;
  /** sha256 of the canonical request: kind, target and what was asked */
  requestHash: string;
}

/** validates the key and fingerprints the request (null without a key) */
export function idempotencyOf(key: string | null | undefined, request: Record<string, unknown>): Idempotency | null {
  if (key == null) return null;
  if (!IDEMPOTENCY_KEY_RE.test(key)) throw fieldError("Idempotency-Key", "8–200 letters, digits, '.', ':', '_' or '-'");
  return { key, requestHash: createHash("sha256").update(canonical(request)).digest("hex") };
}

/** the operation a used key started, as a replay; 422 when that key was used for another request */
async function replayOf(existing: Operation, idem: Idempotency): Promise<Started> {
  if ((existing.params as { requestHash?: string } | null)?.requestHash !== idem.requestHash) {
    throw new ApiError(422, "idempotency_key_reused", "this Idempotency-Key was already used with a different request; send a new key for a new request", { operation: existing.id });
  }
  return { operation: await one(existing), created: false };
}

async function operationWithKey(teamId: string, key: string, db: TransactionClient | ReturnType<typeof getPrisma> = getPrisma()): Promise<Operation | null> {
  return db.operation.findUnique({ where: { teamId_idempotencyKey: { teamId, idempotencyKey: key } } });
}

/** thrown inside a transaction when the key's operation exists (the loser of a double submit) */
class Replay extends Error {
  constructor(readonly op: Operation) {
    super("replay");
  }
}

/**
 * First statement of a keyed start's transaction: serializes requests with one key (a double click
 * that arrives twice at once queues here) and replays what the first one created.
 */
export async function claimKey(tx: TransactionClient, teamId: string, idem: Idempotency | null): Promise<void> {
  if (!idem) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`operation-key:${teamId}:${idem.key}`}, 0))`;
  const winner = await operationWithKey(teamId, idem.key, tx);
  if (winner) throw new Replay(winner);
}

/**
 * Runs one keyed start: a key already used replays before anything else is checked or called (a
 * retry after a lost answer must not call the provider again nor trip over the operation it started);
 * a concurrent twin that lost the race (Replay, the 409 of its own running operation, or the unique
 * key) answers the winner's operation.
 */
export async function keyed(teamId: string, idem: Idempotency | null, start: () => Promise<Operation>): Promise<Started> {
  if (idem) {
    const existing = await operationWithKey(teamId, idem.key);
    if (existing) return replayOf(existing, idem);
  }
  try {
    return { operation: await one(await start()), created: true };
  } catch (e) {
    if (e instanceof Replay && idem) return replayOf(e.op, idem);
    const lostRace = (e as { code?: string }).code === "P2002" || (e instanceof ApiError && e.code === "operation_running");
    if (idem && lostRace) {
      const existing = await operationWithKey(teamId, idem.key);
      if (existing) return replayOf(existing, idem);
    }
    throw e;
  }
}
