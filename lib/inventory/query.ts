/**
 * Read side of the inventory: everything answers from the snapshots in PostgreSQL (stale while
 * revalidate — providers are never called here). One file per read model; this module re-exports them
 * so existing imports keep working.
 */
export { connectionSummaries, effectiveState } from "./connection-summaries";
export { clusterQuerySchema, SORT_KEYS, type ClusterQuery } from "./cluster-query";
export { listClusters, listClustersResponse } from "./cluster-list";
export { clustersCsvStream } from "./clusters-csv";
export { getClusterDetail } from "./cluster-detail";
export { listScopes } from "./scopes";
export { listVersions } from "./version-list";
export { overview } from "./overview";
