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
import { getPrisma } from "@/lib/db/client";
import type { Operation } from "@/lib/db/generated/client";
import { getProvider } from "@/lib/providers/registry";
import { isProviderError, type ProviderAdapter, type ProviderCluster } from "@/lib/providers/types";
import { removeSnapshot, upsertSnapshot } from "./snapshot";
import { activeOperationOf, auditBase, Busy, busy, canonical, claimKey, clusterOf, fieldError, IDEMPOTENCY_KEY_RE, idempotencyOf, json, keyed, now, one, transaction, writeOperation, type Idempotency, type NewOperation, type Started } from "./start";
import { summarize } from "./summary";
import { ACTIVE_STATES, type OperationSummary, type TimelineEntry, type UpgradeOptionsResponse } from "./types";


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
// cancel

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

/** Clusters of read-only kinds (Kubernetes API) are not created, upgraded or deleted here: 409 saying why. */
function refuseManagedOutside(provider: string) {
  if (getProvider(provider).managedOutside)
    throw new ApiError(409, "managed_outside", `${getProvider(provider).displayName} clusters are managed outside Clusterdeck: Clusterdeck reads them through their own API and does not create, upgrade or delete them`);
}

