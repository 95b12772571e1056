/**
 * A cluster is counted once however many connections of a team reach it (issue 18 #8). Its stable
 * identity is (account key, provider cluster id): the account key stands for provider kind + endpoint
 * + account identity (lib/connections/account-key.ts), the snapshot's externalId for the provider's own
 * cluster id. Of the snapshots sharing an identity, the one of the oldest connection (creation time, then
 * id) is counted; the others are duplicates, left out of totals, charts, lists and exports.
 *
 * Read-time and cheap when nothing is duplicated (one index-backed query over the team's connections).
 */
import { getPrisma, Prisma } from "@/lib/db/client";

export interface DuplicateSnapshot {
  id: string;
  /** the connection whose snapshot of the same cluster is counted instead */
  keptConnectionId: string;
}

/** the snapshots of the team not to count, each with the connection whose copy is counted */
export async function duplicateSnapshots(teamId: string): Promise<DuplicateSnapshot[]> {
  const prisma = getPrisma();
  const conns = await prisma.connection.findMany({ where: { teamId, accountKey: { not: null } }, select: { id: true, accountKey: true, createdAt: true } });
  const groups = new Map<string, typeof conns>();
  for (const c of conns) groups.set(c.accountKey!, [...(groups.get(c.accountKey!) ?? []), c]);
  const shared = [...groups.values()].filter((g) => g.length > 1);
  if (!shared.length) return [];
  const out: DuplicateSnapshot[] = [];
  for (const group of shared) {
    const order = group.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map((c) => c.id);
    const rank = new Map(order.map((id, i) => [id, i]));
    const rows = await prisma.clusterSnapshot.findMany({ where: { teamId, connectionId: { in: order } }, select: { id: true, connectionId: true, externalId: true, goneAt: true } });
    // per provider cluster: a live copy before a gone one, then the oldest connection's
    rows.sort((a, b) => Number(!!a.goneAt) - Number(!!b.goneAt) || rank.get(a.connectionId)! - rank.get(b.connectionId)!);
    const kept = new Map<string, string>();
    for (const r of rows) {
      const k = kept.get(r.externalId);
      if (k === undefined) kept.set(r.externalId, r.connectionId);
      else out.push({ id: r.id, keptConnectionId: k });
    }
  }
  return out;
}

/**
 * The filter that leaves the duplicates out. With a connection filter, a duplicate stays when the
 * connection whose copy is counted is not among those asked for (the list of one connection is complete).
 */
export function notDuplicate(dups: DuplicateSnapshot[], connections: string[] = []): Prisma.ClusterSnapshotWhereInput {
  const ids = excluded(dups, connections);
  return ids.length ? { id: { notIn: ids } } : {};
}

/** the same filter for the raw-SQL read models (snapshot alias `c`), or null when nothing is left out */
export function notDuplicateSql(dups: DuplicateSnapshot[], connections: string[] = []): Prisma.Sql | null {
  const ids = excluded(dups, connections);
  return ids.length ? Prisma.sql`c.id <> ALL(${ids}::text[])` : null;
}

const excluded = (dups: DuplicateSnapshot[], connections: string[]) => dups.filter((d) => !connections.length || connections.includes(d.keptConnectionId)).map((d) => d.id);
