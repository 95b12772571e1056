import { enc, hostOf } from "../console-url";
import type { ConsoleCluster } from "../types";
import { splitExternalId } from "./mapping";

/**
 * The cluster's details in the Google Cloud console (docs/providers/gke.md §11), only for connections
 * to Google's endpoint; none for a simulator or any other endpoint, or when the project is not known.
 */
export function consoleUrl(c: ConsoleCluster, conn: { baseUrl: string }): string | null {
  if (hostOf(conn.baseUrl) !== "container.googleapis.com") return null;
  const project = typeof c.raw?.project === "string" ? c.raw.project : null;
  const at = splitExternalId(c.externalId, c.scope);
  if (!project || !at?.location || !at.name) return null;
  return `https://console.cloud.google.com/kubernetes/clusters/details/${enc(at.location)}/${enc(at.name)}/details?project=${enc(project)}`;
}
