/**
 * The one place that asks a provider for a cluster's console link (ProviderDefinition.consoleUrl;
 * issue 18 #16): only https addresses come out, whatever a provider function returns.
 */
import { getProvider, isProviderKind } from "./registry";
import type { ConsoleCluster } from "./types";

export function consoleUrlFor(provider: string, cluster: ConsoleCluster, connection: { baseUrl: string }): string | null {
  if (!isProviderKind(provider)) return null;
  const f = getProvider(provider).consoleUrl;
  if (!f) return null;
  try {
    const url = f(cluster, connection);
    return url && new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
