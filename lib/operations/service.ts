/**
 * Tracked operations on clusters: the request side. Each start* validates (server-side with the same
 * zod schema the wizard uses), enforces one active operation per cluster, and writes the Operation row
 * and its audit event in one transaction. The worker (./engine.ts) then drives the row to completion.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError, badRequest, conflict, notFound, zodErrorToApiError } from "@/lib/api/errors";
import { audit, type TeamActorContext } from "@/lib/audit";
import { compareKubeVersions, kubeVersionText } from "@/lib/kube-version";
import { adapterForConnection } from "@/lib/connections";
import { getPrisma, type TransactionClient } from "@/lib/db/client";
import { PROCESS_ID } from "@/lib/log";
import type { Operation, Prisma } from "@/lib/db/generated/client";
import { getProvider } from "@/lib/providers/registry";
import { isProviderError, type NodePoolChange, type ProviderAdapter, type ProviderCluster } from "@/lib/providers/types";
import { nodePoolForm, nodePoolUpgradeProblem } from "./nodepool-schema";
import { removeSnapshot, upsertSnapshot } from "./snapshot";
import { summarize } from "./summary";
import { ACTIVE_STATES, type OperationKind, type OperationSummary, type TimelineEntry, type UpgradeOptionsResponse } from "./types";


const json = (v: unknown) => v as Prisma.InputJsonValue;
const now = () => new Date().toISOString();

function auditBase(ctx: TeamActorContext) {
  return { teamId: ctx.teamId, actorId: ctx.actorId ?? null, actorEmail: ctx.actorEmail ?? null, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null };
}

function fieldError(field: string, message: string, status = 400, code = "invalid_request"): ApiError {
  return new ApiError(status, code, `${field}: ${message}`, { fields: [{ field, message }] });
}

/** canonical JSON (sorted keys) so equal bodies hash equally whatever their key order */
function canonical(v: unknown): string {
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

// ---------------------------------------------------------------------------------------------
// reading

export interface OperationFilter {
  state?: string[];
  cluster?: string;
  connection?: string;
  /** provider kind of the operation's connection */
  provider?: string;
  running?: boolean;
  limit?: number;
}

export async function listOperations(teamId: string, f: OperationFilter = {}): Promise<OperationSummary[]> {
  const states = f.running ? ACTIVE_STATES : f.state;
  const rows = await getPrisma().operation.findMany({
    where: { teamId, ...(states?.length ? { state: { in: states } } : {}), ...(f.cluster ? { clusterId: f.cluster } : {}), ...(f.connection ? { connectionId: f.connection } : {}), ...(f.provider ? { connection: { provider: f.provider } } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(f.limit ?? 50, 1), 500),
  });
  return summarize(rows);
}

export async function getOperation(teamId: string, id: string): Promise<OperationSummary> {
  const row = await getPrisma().operation.findFirst({ where: { id, teamId } });
  if (!row) throw notFound("operation");
  return (await summarize([row]))[0];
}

async function clusterOf(teamId: string, id: string, db: TransactionClient | ReturnType<typeof getPrisma> = getPrisma()) {
  const c = await db.clusterSnapshot.findFirst({ where: { id, teamId }, include: { connection: true } });
  if (!c) throw notFound("cluster");
  return c;
}

/** what the upgrade and delete pages show about a cluster (from the inventory, not live) */
export async function clusterBrief(teamId: string, id: string) {
  const c = await clusterOf(teamId, id);
  const def = getProvider(c.provider);
  const active = await getPrisma().operation.findFirst({ where: { clusterId: c.id, state: { in: ACTIVE_STATES } }, orderBy: { createdAt: "desc" } });
  return {
    id: c.id,
    name: c.name,
    provider: c.provider,
    providerName: def.displayName,
    connectionId: c.connectionId,
    connectionName: c.connection.name,
    scope: c.scope,
    scopeName: c.scopeName,
    scopeLabel: def.scopeLabel,
    version: c.version,
    status: c.status,
    protected: c.protected,
    goneAt: c.goneAt?.toISOString() ?? null,
    nodePools: (Array.isArray(c.nodePools) ? c.nodePools : []) as unknown as ProviderCluster["nodePools"],
    nodePoolSupport: def.nodePools,
    runningOperation: active ? (await summarize([active]))[0] : null,
  };
}
export type ClusterBrief = Awaited<ReturnType<typeof clusterBrief>>;

// ---------------------------------------------------------------------------------------------
// the one-active-operation-per-cluster rule and the write

async function activeOperationOf(tx: TransactionClient, clusterId: string): Promise<Operation | null> {
  // lock the cluster row: concurrent requests for the same cluster queue here, so only one wins
  await tx.$queryRaw`SELECT id FROM "ClusterSnapshot" WHERE id = ${clusterId} FOR UPDATE`;
  return tx.operation.findFirst({ where: { clusterId, state: { in: ACTIVE_STATES } }, orderBy: { createdAt: "desc" } });
}

/** thrown inside a transaction; turned into the 409 after it (no second connection while it holds one) */
class Busy extends Error {
  constructor(readonly op: Operation) {
    super("busy");
  }
}

/** a transaction whose Busy becomes the 409 answer with the running operation */
async function transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await getPrisma().$transaction(fn);
  } catch (e) {
    if (e instanceof Busy) throw await busy(e.op);
    throw e;
  }
}

async function busy(op: Operation): Promise<ApiError> {
  const [summary] = await summarize([op]);
  return new ApiError(409, "operation_running", `another operation runs on this cluster (${op.kind}, ${op.state}); wait until it finishes or ask an admin to cancel it`, { operation: summary });
}

interface NewOperation {
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

async function writeOperation(ctx: TeamActorContext, n: NewOperation, auditAction: string, tx: TransactionClient): Promise<Operation> {
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

async function one(op: Operation): Promise<OperationSummary> {
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

interface Idempotency {
  key: string;
  /** sha256 of the canonical request: kind, target and what was asked */
  requestHash: string;
}

/** validates the key and fingerprints the request (null without a key) */
function idempotencyOf(key: string | null | undefined, request: Record<string, unknown>): Idempotency | null {
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
async function claimKey(tx: TransactionClient, teamId: string, idem: Idempotency | null): Promise<void> {
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
async function keyed(teamId: string, idem: Idempotency | null, start: () => Promise<Operation>): Promise<Started> {
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

// ---------------------------------------------------------------------------------------------
// create

const createEnvelope = z.object({
  connectionId: z.string({ message: "choose a connection" }).min(1, "choose a connection").max(64),
  scope: z.string().trim().max(200).optional(),
});

/**
 * POST /api/v1/clusters. Honours an idempotency key: the same key with the same body answers the
 * operation it created (created: false); the same key with another body is refused with 422.
 */
export async function startCreate(ctx: TeamActorContext, body: unknown, idempotencyKey?: string | null): Promise<{ operation: OperationSummary; created: boolean }> {
  if (idempotencyKey != null && !IDEMPOTENCY_KEY_RE.test(idempotencyKey)) throw fieldError("Idempotency-Key", "8–200 letters, digits, '.', ':', '_' or '-'");
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("invalid body: expected a JSON object", { fields: [{ field: "body", message: "expected an object" }] });
  const env = createEnvelope.safeParse(body);
  if (!env.success) throw zodErrorToApiError(env.error);
  const { connectionId, scope: _scope, ...input } = body as Record<string, unknown>;
  const prisma = getPrisma();
  const conn = await prisma.connection.findFirst({ where: { id: env.data.connectionId, teamId: ctx.teamId } });
  if (!conn) throw fieldError("connectionId", "no such connection in your team");
  refuseManagedOutside(conn.provider);
  const scope = env.data.scope || conn.defaultScope;
  if (!scope) throw fieldError("scope", `choose a ${getProvider(conn.provider).scopeLabel.toLowerCase()}`);
  const def = getProvider(conn.provider);
  const parsed = def.createSchema().schema.safeParse(input);
  if (!parsed.success) throw zodErrorToApiError(parsed.error);
  const name = String((parsed.data as Record<string, unknown>).name ?? "").trim() || "cluster";
  const requestHash = createHash("sha256").update(canonical({ connectionId, scope, input })).digest("hex");

  const replay = async (existing: Operation) => {
    if ((existing.params as { requestHash?: string } | null)?.requestHash !== requestHash) {
      throw new ApiError(422, "idempotency_key_reused", "this Idempotency-Key was already used with a different request body; send a new key for a new request", { operation: existing.id });
    }
    return { operation: await one(existing), created: false };
  };
  if (idempotencyKey) {
    const existing = await prisma.operation.findUnique({ where: { teamId_idempotencyKey: { teamId: ctx.teamId, idempotencyKey } } });
    if (existing) return replay(existing);
  }
  try {
    const op = await transaction(async (tx): Promise<{ replay: boolean; op: Operation }> => {
      // Serialize creates of one key and of one cluster name per connection, so the checks below
      // cannot race (a double click that arrives twice at once must replay, not answer 409).
      if (idempotencyKey) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`operation-key:${ctx.teamId}:${idempotencyKey}`}, 0))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`create-name:${conn.id}:${name}`}, 0))`;
      if (idempotencyKey) {
        const winner = await tx.operation.findUnique({ where: { teamId_idempotencyKey: { teamId: ctx.teamId, idempotencyKey } } });
        if (winner) return { replay: true, op: winner };
      }
      // a second, key-less submit of the same cluster while the first is still being created
      const dup = await tx.operation.findFirst({ where: { teamId: ctx.teamId, connectionId: conn.id, kind: "create", targetName: name, state: { in: ACTIVE_STATES } } });
      if (dup && (dup.params as { scope?: string }).scope === scope) throw new Busy(dup);
      return { replay: false, op: await writeOperation(ctx, { kind: "create", connectionId: conn.id, clusterId: null, targetName: name, params: { scope, input, requestHash }, idempotencyKey: idempotencyKey ?? null }, "cluster.create", tx) };
    });
    if (op.replay) return replay(op.op);
    return { operation: await one(op.op), created: true };
  } catch (e) {
    // two requests with the same key raced: the loser answers what the winner created
    if (idempotencyKey && (e as { code?: string }).code === "P2002") {
      const existing = await prisma.operation.findUnique({ where: { teamId_idempotencyKey: { teamId: ctx.teamId, idempotencyKey } } });
      if (existing) return replay(existing);
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// upgrade

async function liveCluster(adapter: ProviderAdapter, c: { scope: string; externalId: string }): Promise<ProviderCluster> {
  try {
    return await adapter.getCluster(c.scope, c.externalId);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") throw new ApiError(409, "cluster_gone", "the cluster no longer exists at the provider; an admin can forget it (remove it from the inventory)");
    throw e;
  }
}

/** GET /api/v1/clusters/{id}/upgrade-options: the cluster re-read live, then the provider's pure rules */
export async function upgradeOptions(teamId: string, clusterId: string, requestId?: string): Promise<UpgradeOptionsResponse> {
  const c = await clusterOf(teamId, clusterId);
  const def = getProvider(c.provider);
  const adapter = await adapterForConnection(c.connection, { requestId });
  const live = await liveCluster(adapter, c);
  await upsertSnapshot(c.connection, live);
  const versions = await adapter.listVersions(live.scope);
  const active = await getPrisma().operation.findFirst({ where: { clusterId: c.id, state: { in: ACTIVE_STATES } }, orderBy: { createdAt: "desc" } });
  return {
    cluster: { id: c.id, name: live.name, provider: c.provider, providerName: def.displayName, version: live.version ?? null, status: live.status, providerStatus: live.providerStatus ?? null },
    options: def.upgradeOptions({ cluster: live, versions, operationRunning: !!active }),
    runningOperation: active ? await one(active) : null,
  };
}

export async function startUpgrade(ctx: TeamActorContext, clusterId: string, version: string, idempotencyKey?: string | null): Promise<Started> {
  if (!version.trim()) throw fieldError("version", "choose a version");
  const target = kubeVersionText(version);
  if (!target) throw fieldError("version", "not a Kubernetes version (such as 1.30.2)");
  const idem = idempotencyOf(idempotencyKey, { kind: "upgrade", clusterId, version: target });
  return keyed(ctx.teamId, idem, () => upgrade(ctx, clusterId, target, idem));
}

async function upgrade(ctx: TeamActorContext, clusterId: string, target: string, idem: Idempotency | null): Promise<Operation> {
  const c = await clusterOf(ctx.teamId, clusterId);
  refuseManagedOutside(c.provider);
  const def = getProvider(c.provider);
  const prisma = getPrisma();
  const pre = await prisma.operation.findFirst({ where: { clusterId: c.id, state: { in: ACTIVE_STATES } } });
  if (pre) throw await busy(pre);
  // re-read the version live: what the inventory says may be minutes old
  const adapter = await adapterForConnection(c.connection, { requestId: ctx.requestId });
  const live = await liveCluster(adapter, c);
  await upsertSnapshot(c.connection, live);
  const current = kubeVersionText(live.version);
  let finished: NewOperation["finished"];
  if (current !== null && compareKubeVersions(current, target) === 0) {
    finished = { state: "succeeded", message: `The cluster already runs Kubernetes ${target}; nothing to do` };
  } else {
    const options = def.upgradeOptions({ cluster: live, versions: await adapter.listVersions(live.scope), operationRunning: false });
    const opt = options.find((o) => compareKubeVersions(o.version, target) === 0);
    if (!opt) throw fieldError("version", `${target} is not a Kubernetes version ${def.displayName} offers for this cluster`);
    if (!opt.allowed) throw fieldError("version", `${target} cannot be chosen: ${opt.reason ?? "not allowed"}`);
  }
  return transaction(async (tx) => {
    await claimKey(tx, ctx.teamId, idem);
    const active = await activeOperationOf(tx, c.id);
    if (active) throw new Busy(active);
    return writeOperation(
      ctx,
      {
        kind: "upgrade",
        connectionId: c.connectionId,
        clusterId: c.id,
        externalId: c.externalId,
        targetName: c.name,
        params: { scope: live.scope, version: target, fromVersion: current, ...(idem ? { requestHash: idem.requestHash } : {}) },
        idempotencyKey: idem?.key ?? null,
        finished,
      },
      "cluster.upgrade",
      tx,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// delete, forget, protection

export async function startDelete(ctx: TeamActorContext, clusterId: string, confirm: string | undefined, idempotencyKey?: string | null): Promise<Started> {
  const idem = idempotencyOf(idempotencyKey, { kind: "delete", clusterId });
  return keyed(ctx.teamId, idem, async () => {
    const c = await clusterOf(ctx.teamId, clusterId);
    refuseManagedOutside(c.provider);
    if (confirm !== c.name) throw fieldError("confirm", `type the cluster's name "${c.name}" exactly to confirm the deletion`);
    return transaction(async (tx) => {
      await claimKey(tx, ctx.teamId, idem);
      const fresh = await clusterOf(ctx.teamId, clusterId, tx);
      const active = await activeOperationOf(tx, c.id);
      if (fresh.protected) throw new ApiError(409, "protected", `${c.name} is protected against deletion; an admin must remove the protection first`);
      if (active) throw new Busy(active);
      const params = { scope: c.scope, ...(idem ? { requestHash: idem.requestHash } : {}) };
      return writeOperation(ctx, { kind: "delete", connectionId: c.connectionId, clusterId: c.id, externalId: c.externalId, targetName: c.name, params, idempotencyKey: idem?.key ?? null }, "cluster.delete", tx);
    });
  });
}

/** removes from the inventory a cluster that is already gone at the provider (checked live first) */
export async function forgetCluster(ctx: TeamActorContext, clusterId: string): Promise<{ forgotten: true; id: string }> {
  const c = await clusterOf(ctx.teamId, clusterId);
  const active = await getPrisma().operation.findFirst({ where: { clusterId: c.id, state: { in: ACTIVE_STATES } } });
  if (active) throw await busy(active);
  const adapter = await adapterForConnection(c.connection, { requestId: ctx.requestId });
  try {
    await adapter.getCluster(c.scope, c.externalId);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") {
      await getPrisma().$transaction(async (tx) => {
        await removeSnapshot(c.id, tx);
        await audit({ ...auditBase(ctx), action: "cluster.forget", targetType: "cluster", targetId: c.id, result: "success", details: { name: c.name, provider: c.provider, externalId: c.externalId } }, tx);
      });
      return { forgotten: true, id: c.id };
    }
    throw e;
  }
  throw new ApiError(409, "still_exists", `${c.name} still exists at the provider; delete it instead of forgetting it`);
}

export async function setProtection(ctx: TeamActorContext, clusterId: string, protect: boolean): Promise<{ id: string; protected: boolean }> {
  const c = await clusterOf(ctx.teamId, clusterId);
  await getPrisma().$transaction(async (tx) => {
    await tx.clusterSnapshot.update({ where: { id: c.id }, data: { protected: protect } });
    await audit({ ...auditBase(ctx), action: protect ? "cluster.protect" : "cluster.unprotect", targetType: "cluster", targetId: c.id, result: "success", details: { name: c.name } }, tx);
  });
  return { id: c.id, protected: protect };
}

// ---------------------------------------------------------------------------------------------
// node pools

type NodePoolAction = "create" | "scale" | "delete" | "upgrade";
const ACTION_TEXT: Record<NodePoolAction, string> = { create: "adding node pools", scale: "scaling node pools", delete: "removing node pools", upgrade: "upgrading node pools separately from the control plane" };

function requireNodePools(provider: string, action: NodePoolAction) {
  const def = getProvider(provider);
  if (!def.nodePools[action]) throw new ApiError(400, "not_supported", `${def.displayName} does not support ${ACTION_TEXT[action]} through its API`);
}

/** the provider's add-node-pool rules (its wizard's node-pool item schema, or a generic one) */
export function nodePoolSchema(provider: string): z.ZodType<Record<string, unknown>> {
  return nodePoolForm(getProvider(provider).createSchema()).schema;
}

export const nodePoolChangeSchema = z
  .object({
    nodeCount: z.number().int().min(0).max(1000).optional(),
    minNodes: z.number().int().min(0).max(1000).nullable().optional(),
    maxNodes: z.number().int().min(0).max(1000).nullable().optional(),
    autoscaling: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "say what to change: nodeCount, minNodes, maxNodes or autoscaling", path: ["nodeCount"] });

function poolOf(c: { nodePools: unknown }, poolId: string) {
  const pools = (Array.isArray(c.nodePools) ? c.nodePools : []) as { externalId: string; name: string; nodeCount: number; version?: string | null }[];
  const pool = pools.find((p) => p.externalId === poolId);
  if (!pool) throw notFound("node pool");
  return pool;
}

async function startNodePoolOp(ctx: TeamActorContext, clusterId: string, kind: OperationKind, params: (c: Awaited<ReturnType<typeof clusterOf>>) => Record<string, unknown>, action: string, idem: Idempotency | null): Promise<Operation> {
  const c = await clusterOf(ctx.teamId, clusterId);
  const p = params(c);
  return transaction(async (tx) => {
    await claimKey(tx, ctx.teamId, idem);
    const active = await activeOperationOf(tx, c.id);
    if (active) throw new Busy(active);
    const all = { scope: c.scope, ...p, ...(idem ? { requestHash: idem.requestHash } : {}) };
    return writeOperation(ctx, { kind, connectionId: c.connectionId, clusterId: c.id, externalId: c.externalId, targetName: c.name, params: all, idempotencyKey: idem?.key ?? null }, action, tx);
  });
}

export async function startNodePoolCreate(ctx: TeamActorContext, clusterId: string, body: unknown, idempotencyKey?: string | null): Promise<Started> {
  const idem = idempotencyOf(idempotencyKey, { kind: "nodepool_create", clusterId, body });
  return keyed(ctx.teamId, idem, () => nodePoolCreate(ctx, clusterId, body, idem));
}

async function nodePoolCreate(ctx: TeamActorContext, clusterId: string, body: unknown, idem: Idempotency | null): Promise<Operation> {
  const c = await clusterOf(ctx.teamId, clusterId);
  requireNodePools(c.provider, "create");
  const parsed = nodePoolSchema(c.provider).safeParse(body);
  if (!parsed.success) throw zodErrorToApiError(parsed.error);
  const input = body as Record<string, unknown>;
  const poolName = String(parsed.data.name ?? "");
  const pools = (Array.isArray(c.nodePools) ? c.nodePools : []) as { name: string }[];
  if (pools.some((p) => p.name === poolName)) throw fieldError("name", `${c.name} already has a node pool named "${poolName}"`);
  return startNodePoolOp(ctx, clusterId, "nodepool_create", () => ({ poolName, input }), "nodepool.create", idem);
}

export async function startNodePoolScale(ctx: TeamActorContext, clusterId: string, poolId: string, change: NodePoolChange, idempotencyKey?: string | null): Promise<Started> {
  const idem = idempotencyOf(idempotencyKey, { kind: "nodepool_scale", clusterId, poolId, change });
  return keyed(ctx.teamId, idem, async () => {
    const c = await clusterOf(ctx.teamId, clusterId);
    requireNodePools(c.provider, "scale");
    const pool = poolOf(c, poolId);
    return startNodePoolOp(ctx, clusterId, "nodepool_scale", () => ({ poolId, poolName: pool.name, fromNodeCount: pool.nodeCount, change }), "nodepool.scale", idem);
  });
}

export async function startNodePoolDelete(ctx: TeamActorContext, clusterId: string, poolId: string, idempotencyKey?: string | null): Promise<Started> {
  const idem = idempotencyOf(idempotencyKey, { kind: "nodepool_delete", clusterId, poolId });
  return keyed(ctx.teamId, idem, async () => {
    const c = await clusterOf(ctx.teamId, clusterId);
    requireNodePools(c.provider, "delete");
    const pool = poolOf(c, poolId);
    return startNodePoolOp(ctx, clusterId, "nodepool_delete", () => ({ poolId, poolName: pool.name }), "nodepool.delete", idem);
  });
}

export const nodePoolUpgradeSchema = z.object({ version: z.string({ message: "choose a version" }).trim().min(1, "choose a version").max(64) });

/** upgrades one pool's nodes (providers whose pools upgrade separately); never past the control plane */
export async function startNodePoolUpgrade(ctx: TeamActorContext, clusterId: string, poolId: string, version: string, idempotencyKey?: string | null): Promise<Started> {
  const idem = idempotencyOf(idempotencyKey, { kind: "nodepool_upgrade", clusterId, poolId, version });
  return keyed(ctx.teamId, idem, async () => {
    const c = await clusterOf(ctx.teamId, clusterId);
    requireNodePools(c.provider, "upgrade");
    const pool = poolOf(c, poolId);
    const target = kubeVersionText(version) ?? version.trim();
    const problem = nodePoolUpgradeProblem(c.version, pool.version, target);
    if (problem) throw fieldError("version", problem);
    return startNodePoolOp(ctx, clusterId, "nodepool_upgrade", () => ({ poolId, poolName: pool.name, fromVersion: pool.version ?? null, version: target }), "nodepool.upgrade", idem);
  });
}

// ---------------------------------------------------------------------------------------------
// cancel, options

export async function cancelOperation(ctx: TeamActorContext, id: string): Promise<OperationSummary> {
  const prisma = getPrisma();
  const op = await prisma.operation.findFirst({ where: { id, teamId: ctx.teamId } });
  if (!op) throw notFound("operation");
  if (!ACTIVE_STATES.includes(op.state as (typeof ACTIVE_STATES)[number])) throw conflict(`the operation already finished (${op.state})`);
  const updated = await prisma.$transaction(async (tx) => {
    const timeline = [...((op.timeline as unknown as TimelineEntry[]) ?? []), { at: now(), message: `Cancelled by ${ctx.actorEmail ?? "an unknown user"}; the dashboard stops tracking it (anything the provider already started continues there)`, state: "cancelled" }];
    const r = await tx.operation.updateMany({ where: { id: op.id, state: { in: ACTIVE_STATES } }, data: { state: "cancelled", finishedAt: new Date(), leaseOwner: null, leaseUntil: null, timeline: json(timeline) } });
    if (r.count === 0) throw conflict("the operation finished meanwhile");
    await audit({ ...auditBase(ctx), action: "operation.cancel", targetType: "operation", targetId: op.id, result: "success", details: { kind: op.kind, name: op.targetName } }, tx);
    return tx.operation.findUniqueOrThrow({ where: { id: op.id } });
  });
  return one(updated);
}

/** live option lists for the create wizard; the source "scopes" lists the connection's scopes */
export async function connectionOptions(teamId: string, connectionId: string, source: string, context: Record<string, unknown>, requestId?: string): Promise<{ items: { value: string; label: string }[] }> {
  const conn = await getPrisma().connection.findFirst({ where: { id: connectionId, teamId }, select: { id: true, teamId: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true } });
  if (!conn) throw notFound("connection");
  const adapter = await adapterForConnection(conn, { requestId });
  if (source === "scopes") {
    const scopes = await adapter.listScopes();
    return { items: scopes.map((s) => ({ value: s.externalId, label: s.name === s.externalId ? s.name : `${s.name} (${s.externalId})` })) };
  }
  const items = await adapter.listOptions(source, context);
  return { items: items.map((o) => ({ value: String(o.value), label: String(o.label) })) };
}

/** Clusters of read-only kinds (Kubernetes API) are not created, upgraded or deleted here: 409 saying why. */
function refuseManagedOutside(provider: string) {
  if (getProvider(provider).managedOutside)
    throw new ApiError(409, "managed_outside", `${getProvider(provider).displayName} clusters are managed outside Clusterdeck: Clusterdeck reads them through their own API and does not create, upgrade or delete them`);
}

/** connections the create wizard offers (no credentials; read-only kinds are not offered) */
export async function wizardConnections(teamId: string) {
  const rows = (await getPrisma().connection.findMany({ where: { teamId }, orderBy: { name: "asc" }, select: { id: true, name: true, provider: true, defaultScope: true, demo: true, state: true } })).filter((r) => !getProvider(r.provider).managedOutside);
  return rows.map((r) => {
    const def = getProvider(r.provider);
    return { ...r, providerName: def.displayName, scopeLabel: def.scopeLabel };
  });
}
export type WizardConnection = Awaited<ReturnType<typeof wizardConnections>>[number];
