/** Read model: one cluster with its pools, upgrade options and operations (GET /api/v1/clusters/{id}). */
import { notFound } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { consoleUrlFor } from "@/lib/providers/console-link";
import { getProvider, isProviderKind } from "@/lib/providers/registry";
import type { KubernetesVersion, NodePool } from "@/lib/providers/types";
import type { ClusterDetail, ClusterRow } from "./api-types";
import { ACTIVE_OPERATION_STATES, operationSummaries, rawOf, listRowOf, ROW_SELECT, toRow } from "./cluster-rows";
import { connectionSummaries } from "./connection-summaries";
import { compareVersions } from "./versions";
import { isoDay } from "@/lib/dates";

function catalogueOf(rows: { version: string; eol: Date | null; active: boolean; isDefault: boolean }[]): KubernetesVersion[] {
  return rows.map((v) => ({ version: v.version, eol: isoDay(v.eol), active: v.active, ...(v.isDefault ? { default: true } : {}) }));
}

/** GET /api/v1/clusters/{id}: 404 for unknown ids and other teams' clusters. */
export async function getClusterDetail(teamId: string, id: string, now = new Date()): Promise<ClusterDetail> {
  const prisma = getPrisma();
  const row = await prisma.clusterSnapshot.findFirst({ where: { id, teamId }, select: { ...ROW_SELECT, nodePools: true, upgradeTargets: true, raw: true } });
  if (!row) throw notFound("cluster");
  const [connections, versions, operations, conn] = await Promise.all([
    connectionSummaries(teamId, now),
    prisma.versionSnapshot.findMany({ where: { connectionId: row.connectionId }, select: { version: true, eol: true, active: true, isDefault: true } }),
    operationSummaries({ teamId, clusterId: row.id }, 20),
    prisma.connection.findUnique({ where: { id: row.connectionId }, select: { baseUrl: true } }),
  ]);
  const active = operations.find((o) => ACTIVE_OPERATION_STATES.includes(o.state)) ?? null;
  const running = new Map<string, ClusterRow["runningOperation"]>(active ? [[row.id, { id: active.id, kind: active.kind, state: active.state }]] : []);
  const base = toRow(listRowOf(row), new Map(connections.map((c) => [c.id, c])), running, now);
  const pools = (Array.isArray(row.nodePools) ? row.nodePools : []) as unknown as NodePool[];
  const nodePools = pools.map((p) => ({ ...p, lagging: !!(p.version && row.version && compareVersions(p.version, row.version) < 0) }));
  const offered = Array.isArray(row.upgradeTargets) ? (row.upgradeTargets as string[]) : undefined;
  const upgradeOptions = isProviderKind(row.provider)
    ? getProvider(row.provider).upgradeOptions({
        cluster: { version: row.version, status: base.status, nodePools: pools, raw: rawOf(row.raw), ...(offered ? { upgradeTargets: offered } : {}) },
        versions: catalogueOf(versions),
        operationRunning: !!active,
        now,
      })
    : [];
  return {
    ...base,
    nodePools,
    upgradeOptions,
    raw: rawOf(row.raw) ?? null,
    operations,
    kubeconfigAvailable: isProviderKind(row.provider) && !!getProvider(row.provider).kubeconfig,
    consoleUrl: conn ? consoleUrlFor(row.provider, { ...row, raw: rawOf(row.raw) }, conn) : null,
  };
}

