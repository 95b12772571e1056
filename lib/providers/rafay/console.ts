import type { ConsoleCluster } from "../types";

/**
 * Rafay's API is served by the controller's console host itself, and its docs give no per-cluster
 * console address (docs/providers/rafay.md, "Link to the Rafay console"): the link is the configured
 * console (https only), never an address built from provider-supplied text.
 */
export function consoleUrl(_c: ConsoleCluster, conn: { baseUrl: string }): string | null {
  try {
    const u = new URL(conn.baseUrl);
    return u.protocol === "https:" ? `${u.origin}/` : null;
  } catch {
    return null;
  }
}
