/** Inventory: sync (provider → snapshots), background job, and the read side (snapshots → API). */
export { syncConnection, writeSnapshots, limitedFetch, GONE_GRACE_MS, type SyncResult, type ProviderInventory } from "./sync";
export { claimDueConnections, releaseConnection, runInventoryTick, syncConnectionNow, requestInitialSync, inventorySyncJob, markStaleConnections, refreshSyncAgeGauges, SyncBusyError } from "./job";
export { listClusters, listClustersResponse, clustersCsvStream, clusterQuerySchema, getClusterDetail, listScopes, listVersions, overview, connectionSummaries, effectiveState, type ClusterQuery } from "./query";
export { syncNow, type SyncAnswer } from "./service";
export { parseSearch } from "./search";
