import { enc, hostOf } from "../console-url";
import type { ConsoleCluster } from "../types";

const CLUSTER_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i;

/**
 * The cluster in the Azure portal, opened by its ARM resource id (docs/providers/aks.md §9), only for
 * connections to Azure's public cloud; none for a simulator or any other endpoint.
 */
export function consoleUrl(c: ConsoleCluster, conn: { baseUrl: string }): string | null {
  if (hostOf(conn.baseUrl) !== "management.azure.com" || !CLUSTER_ID.test(c.externalId)) return null;
  return `https://portal.azure.com/#resource${c.externalId.split("/").map(enc).join("/")}/overview`;
}
