import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { clusterBrief, type ClusterBrief } from "./service";

/** The cluster a wizard page acts on (404 page when it is unknown or another team's), with its subtitle. */
export async function clusterForPage(teamId: string, id: string): Promise<{ cluster: ClusterBrief; subtitle: string }> {
  try {
    const c = await clusterBrief(teamId, id);
    return { cluster: c, subtitle: `${c.providerName} · ${c.connectionName} · ${c.scopeLabel} ${c.scopeName ?? c.scope}` };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) notFound();
    throw e;
  }
}
