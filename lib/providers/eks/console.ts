import { enc, hostOf } from "../console-url";
import type { ConsoleCluster } from "../types";

/**
 * The cluster in the AWS console (docs/providers/eks.md §11), only for connections to AWS's own
 * endpoints (a host under amazonaws.com); none for a simulator or any other endpoint.
 */
export function consoleUrl(c: ConsoleCluster, conn: { baseUrl: string }): string | null {
  const host = hostOf(conn.baseUrl);
  if (!host || !/(^|\.)amazonaws\.com$/.test(host)) return null;
  const region = c.region ?? c.scope;
  if (!region || !c.name) return null;
  return `https://console.aws.amazon.com/eks/home?region=${enc(region)}#/clusters/${enc(c.name)}`;
}
