/**
 * Browser side of the inventory API: a small typed fetch helper, the query keys (one per view, shared
 * by every component of that view so nothing fetches twice) and the polling rhythm.
 */
import { UNHEALTHY_CONNECTION_STATES, type ClusterDetail, type ClusterListResponse, type ConnectionSummary, type OverviewResponse, type ScopesResponse, type VersionsResponse } from "@/lib/inventory/api-types";

export type { ClusterDetail, ClusterListResponse, ClusterRow, ConnectionSummary, OperationSummary, OverviewResponse, ScopeRow, ScopesResponse, VersionRow, VersionsResponse } from "@/lib/inventory/api-types";

import { apiRequest } from "@/components/api-client";

export { apiRequest, ApiRequestError } from "@/components/api-client";

/** one key per view: every component of a view shares its query */
export const inventoryKeys = {
  all: ["inventory"] as const,
  overview: () => ["inventory", "overview"] as const,
  clusters: (query: string) => ["inventory", "clusters", query] as const,
  cluster: (id: string) => ["inventory", "cluster", id] as const,
  scopes: () => ["inventory", "scopes"] as const,
  versions: () => ["inventory", "versions"] as const,
  /** the server-rendered pages' refresh queries (live-refresh.tsx; their data is a time, not the view's answer) */
  overviewPage: () => ["inventory", "overview", "page"] as const,
  versionsPage: () => ["inventory", "versions", "page"] as const,
};

export const fetchOverview = (signal?: AbortSignal) => apiRequest<OverviewResponse>("/api/v1/overview", { signal });
export const fetchClusters = (query: string, signal?: AbortSignal) => apiRequest<ClusterListResponse>(`/api/v1/clusters${query ? `?${query}` : ""}`, { signal });
export const fetchCluster = (id: string, signal?: AbortSignal) => apiRequest<ClusterDetail>(`/api/v1/clusters/${encodeURIComponent(id)}`, { signal });
export const fetchScopes = (signal?: AbortSignal) => apiRequest<ScopesResponse>("/api/v1/scopes", { signal });
export const fetchVersions = (signal?: AbortSignal) => apiRequest<VersionsResponse>("/api/v1/versions", { signal });
/** "Refresh now": one connection, or (without id) every connection of the team */
export const syncConnection = (id?: string) => apiRequest<unknown>(id ? `/api/v1/connections/${encodeURIComponent(id)}/sync` : "/api/v1/sync", { method: "POST" });
export const savePreference = (key: string, value: unknown) => apiRequest<unknown>("/api/v1/me/preferences", { method: "PUT", body: { key, value } });

/** polling: calm when nothing moves, quick while syncs or operations are under way */
export const POLL_CALM_MS = 15_000;
export const POLL_BUSY_MS = 3_000;

const TRANSITIONAL = new Set(["provisioning", "upgrading", "updating", "deleting"]);

/** a connection whose clusters show their last known state (the lists warn about it: connection-warnings.tsx) */
export function isUnhealthyConnection(c: Pick<ConnectionSummary, "state">): boolean {
  return UNHEALTHY_CONNECTION_STATES.includes(c.state);
}

export function isBusyConnection(c: Pick<ConnectionSummary, "state">): boolean {
  return c.state === "syncing" || c.state === "never_synced";
}

/** true while anything in a cluster list is moving (operations, transitional states, syncs) */
export function listIsBusy(d: Pick<ClusterListResponse, "items" | "connections"> | undefined): boolean {
  if (!d) return false;
  return d.connections.some(isBusyConnection) || d.items.some((c) => c.runningOperation !== null || TRANSITIONAL.has(c.status));
}

export function clusterIsBusy(c: ClusterDetail | undefined): boolean {
  if (!c) return false;
  return c.runningOperation !== null || TRANSITIONAL.has(c.status) || c.operations.some((o) => o.state === "pending" || o.state === "running");
}

export function overviewIsBusy(o: OverviewResponse | undefined): boolean {
  if (!o) return false;
  return o.runningOperations.length > 0 || o.connections.some(isBusyConnection);
}
