/** Read model: the team's scopes (projects, accounts, subscriptions…) with live cluster counts (GET /api/v1/scopes). */
import { getPrisma } from "@/lib/db/client";
import type { ScopeRow, ScopesResponse } from "./api-types";
import { connectionSummaries } from "./connection-summaries";

/** GET /api/v1/scopes */
export async function listScopes(teamId: string): Promise<ScopesResponse> {
  const prisma = getPrisma();
  const [scopes, counts, connections] = await Promise.all([
    prisma.scopeSnapshot.findMany({ where: { teamId }, select: { id: true, connectionId: true, externalId: true, name: true, kind: true, connection: { select: { name: true, provider: true } } } }),
    prisma.clusterSnapshot.groupBy({ by: ["connectionId", "scope"], where: { teamId, goneAt: null }, _count: { _all: true } }),
    connectionSummaries(teamId),
  ]);
  const countOf = new Map(counts.map((c) => [`${c.connectionId}\u0000${c.scope}`, c._count._all]));
  const items = scopes
    .map((s): ScopeRow => ({
      id: s.id,
      connectionId: s.connectionId,
      connectionName: s.connection.name,
      provider: s.connection.provider,
      externalId: s.externalId,
      name: s.name,
      kind: s.kind,
      clusterCount: countOf.get(`${s.connectionId}\u0000${s.externalId}`) ?? 0,
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.connectionName.localeCompare(b.connectionName) || a.name.localeCompare(b.name));
  return { items, connections };
}

