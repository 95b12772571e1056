/**
 * Shapes of the inventory API (GET /api/v1/clusters, /clusters/{id}, /scopes, /versions,
 * /operations). Shared by the route handlers (lib/inventory) and the browser (components/inventory);
 * keep this file free of server-only imports.
 */
import type { EolState } from "@/lib/kube-version";
import type { ClusterStatus, NodePool, UpgradeOption } from "@/lib/providers/types";

/** the columns GET /api/v1/clusters sorts by (sort=<key>, "-<key>" descending); the server validates, the browser offers them */
export const CLUSTER_SORT_KEYS = ["name", "provider", "connection", "scope", "region", "version", "status", "nodes", "eol", "created"] as const;

/** fresh | syncing | stale | failing | credential_rejected | never_synced */
export type ConnectionState = "fresh" | "syncing" | "stale" | "failing" | "credential_rejected" | "never_synced";

/**
 * The states in which a connection's clusters show their last known state: the list's `issues` filter
 * (lib/inventory/cluster-query.ts) and the lists' warnings (components/inventory/connection-warnings.tsx).
 */
export const UNHEALTHY_CONNECTION_STATES: readonly ConnectionState[] = ["stale", "failing", "credential_rejected"];

export interface ConnectionSummary {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  demo: boolean;
  state: ConnectionState;
  /** provider's message when failing / credential_rejected */
  error?: string | null;
  errorKind?: string | null;
  syncedAt: string | null;
  /** seconds since the last successful sync */
  ageSeconds: number | null;
  clusterCount: number;
}

export interface ClusterRow {
  id: string;
  connectionId: string;
  connectionName: string;
  provider: string;
  externalId: string;
  name: string;
  scope: string;
  scopeName: string | null;
  region: string | null;
  version: string | null;
  status: ClusterStatus;
  providerStatus: string | null;
  nodeCount: number;
  apiEndpoint: string | null;
  eol: string | null;
  /** past | soon (within 90 days) | ok | unknown */
  eolState: EolState;
  protected: boolean;
  /** set when a confirmed sync no longer lists it (shown greyed out until removed) */
  goneAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  createdAt: string | null;
  updatedAt: string | null;
  /** the connection's state, so a row can show that its data is stale / failing */
  connectionState: ConnectionState;
  /** an operation in progress on it, if any */
  runningOperation: { id: string; kind: string; state: string } | null;
}

export interface ClusterListResponse {
  items: ClusterRow[];
  total: number;
  page: number;
  pageSize: number;
  connections: ConnectionSummary[];
}

/**
 * Query of GET /api/v1/clusters (all optional; multiple values comma-separated):
 * provider, connection, scope, region, status, version (minor "1.30" or exact), eol (past|soon|ok|unknown),
 * issues=1 (failed, stale/failing connection, past EOL, credential rejected), q (search: words, "quoted
 * phrases", -excluded), sort (name|provider|connection|scope|region|version|status|nodes|eol|created; prefix
 * "-" for descending), page (1-based), pageSize (max 500), format=csv (the whole filtered set as CSV).
 */
export interface ClusterDetail extends ClusterRow {
  nodePools: (NodePool & { lagging: boolean })[];
  upgradeOptions: UpgradeOption[];
  /** provider's own fields (already free of secrets) */
  raw: Record<string, unknown> | null;
  operations: OperationSummary[];
  /** true where the provider's API hands out a kubeconfig (GET /api/v1/clusters/{id}/kubeconfig) */
  kubeconfigAvailable: boolean;
  /** the cluster's page in the provider's own console (real endpoints only), or null (issue 18 #16) */
  consoleUrl: string | null;
}

/** What the user asked an operation to do; bookkeeping (e.g. the idempotency request hash) stays server-side. */
export interface OperationParams {
  /** provider scope the operation runs in */
  scope?: string;
  /** create / nodepool_create: the wizard's values (provider-specific fields) */
  input?: Record<string, unknown>;
  /** upgrade: target and the version the cluster ran when it was asked */
  version?: string;
  fromVersion?: string | null;
  /** node-pool operations */
  poolId?: string;
  poolName?: string;
  fromNodeCount?: number;
  change?: { name?: string; nodeCount?: number; minNodes?: number | null; maxNodes?: number | null; autoscaling?: boolean; instanceType?: string };
}

export interface OperationSummary {
  id: string;
  kind: string;
  state: "pending" | "running" | "succeeded" | "failed" | "cancelled";
  clusterId: string | null;
  connectionId: string;
  /** the connection's name and provider kind (null when the connection no longer exists) */
  connectionName: string | null;
  provider: string | null;
  targetName: string;
  params: OperationParams;
  timeline: { at: string; message: string; state?: string }[];
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ScopeRow {
  id: string;
  connectionId: string;
  connectionName: string;
  provider: string;
  externalId: string;
  name: string;
  kind: string;
  clusterCount: number;
}

/** answer of GET /api/v1/scopes */
export interface ScopesResponse {
  items: ScopeRow[];
  connections: ConnectionSummary[];
}

export interface VersionRow {
  provider: string;
  providerName: string;
  version: string;
  eol: string | null;
  eolState: ClusterRow["eolState"];
  active: boolean;
  isDefault: boolean;
  clusterCount: number;
  /** versions clusters on this one may upgrade to (per the provider's rules) */
  upgradesTo: string[];
}

/** answer of GET /api/v1/versions */
export interface VersionsResponse {
  items: VersionRow[];
}

export interface OverviewResponse {
  totals: {
    clusters: number;
    byProvider: Record<string, number>;
    byStatus: Record<string, number>;
    /** clusters per minor version ("1.30"; "unknown" when the provider reports none) */
    byVersion: Record<string, number>;
    /** minors with clusters past end of life ("past") or within 90 days of it ("soon"), over all clusters */
    eolByVersion: Record<string, "past" | "soon">;
  };
  eol: { past: number; soon: number; clusters: ClusterRow[] };
  connections: ConnectionSummary[];
  runningOperations: OperationSummary[];
}
