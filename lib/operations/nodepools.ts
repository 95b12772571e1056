/**
 * Node-pool operations (add, scale, remove, upgrade one pool): validated with the provider's own
 * node-pool rules, started through the same one-active-operation rule and Idempotency-Keys as the
 * cluster operations (./start.ts); the worker (./engine.ts) drives them.
 */
import { z } from "zod";
import { ApiError, notFound, zodErrorToApiError } from "@/lib/api/errors";
import type { TeamActorContext } from "@/lib/audit";
import type { Operation } from "@/lib/db/generated/client";
import { kubeVersionText } from "@/lib/kube-version";
import { getProvider } from "@/lib/providers/registry";
import type { NodePoolChange } from "@/lib/providers/types";
import { nodePoolForm, nodePoolUpgradeProblem } from "./nodepool-schema";
import { activeOperationOf, Busy, claimKey, clusterOf, fieldError, idempotencyOf, keyed, transaction, writeOperation, type Idempotency, type Started } from "./start";
import type { OperationKind } from "./types";

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
