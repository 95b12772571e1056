/**
 * Keeps the inventory's ClusterSnapshot in step with what an operation observed at the provider, so a
 * created cluster shows at once and a deleted one disappears at once (the sync engine does the same on
 * its own schedule; both upsert by connectionId + externalId, so ids stay stable).
 */
import { getPrisma, Prisma, type TransactionClient } from "@/lib/db/client";
import { clusterSnapshotFields } from "@/lib/inventory/sync";
import { eolLookup } from "@/lib/inventory/versions";
import type { ProviderCluster } from "@/lib/providers/types";

export interface SnapshotConnection {
  id: string;
  teamId: string;
  provider: string;
}

const json = (v: unknown) => (v ?? undefined) as Prisma.InputJsonValue | undefined;

export async function upsertSnapshot(conn: SnapshotConnection, c: ProviderCluster, tx?: TransactionClient): Promise<{ id: string }> {
  const db = tx ?? getPrisma();
  const now = new Date();
  // sequential: inside a transaction all queries share one connection
  const connRow = await db.connection.findUnique({ where: { id: conn.id }, select: { name: true } });
  const catalogue = await db.versionSnapshot.findMany({ where: { connectionId: conn.id }, select: { version: true, eol: true } });
  const scopeRow = c.scopeName ? null : await db.scopeSnapshot.findUnique({ where: { connectionId_externalId: { connectionId: conn.id, externalId: c.scope } }, select: { name: true } });
  const eol = eolLookup(catalogue.map((v) => ({ version: v.version, eol: v.eol?.toISOString() ?? null })))(c.version);
  const f = clusterSnapshotFields(c, { provider: conn.provider, connectionName: connRow?.name ?? "", scopeName: c.scopeName ?? scopeRow?.name ?? null, eol });
  const data = {
    ...f,
    nodePools: json(f.nodePools) ?? [],
    upgradeTargets: f.upgradeTargets ? json(f.upgradeTargets)! : Prisma.JsonNull,
    raw: f.raw ? json(f.raw)! : Prisma.JsonNull,
    lastSeenAt: now,
    goneAt: null,
  };
  // an answer without a creation time keeps the known one (it never changes; as writeSnapshots in lib/inventory/sync.ts does)
  const { providerCreatedAt, ...rest } = data;
  return db.clusterSnapshot.upsert({
    where: { connectionId_externalId: { connectionId: conn.id, externalId: c.externalId } },
    create: { teamId: conn.teamId, connectionId: conn.id, provider: conn.provider, externalId: c.externalId, ...data },
    update: providerCreatedAt ? data : rest,
    select: { id: true },
  });
}

/** a cluster confirmed gone at the provider leaves the inventory */
export async function removeSnapshot(clusterId: string, tx?: TransactionClient): Promise<void> {
  await (tx ?? getPrisma()).clusterSnapshot.deleteMany({ where: { id: clusterId } });
}
