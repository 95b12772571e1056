import { notFound } from "next/navigation";
import { ClusterDetailView } from "@/components/inventory/cluster-detail";
import { stamped } from "@/components/inventory/provider-infos";
import { providerMap } from "@/lib/providers/browser-data";
import { ApiError } from "@/lib/api/errors";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { getClusterDetail } from "@/lib/inventory";
import { removedCluster } from "@/lib/operations/removed";
import { NotFoundCard } from "@/components/ui/not-found-card";
import Link from "next/link";
import { formatDateTime } from "@/components/inventory/format";

export const metadata = { title: "Cluster" };
export const dynamic = "force-dynamic";

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("inventory.read");
  const { id } = await params;
  if (!/^[\w-]{1,64}$/.test(id)) notFound();
  // unknown ids and other teams' clusters look the same: not found
  const initial = await stamped(getClusterDetail(actor.teamId, id)).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
  if (!initial) {
    // a cluster Clusterdeck deleted (or forgot) says so, with the operation that did it
    const removed = await removedCluster(actor.teamId, id);
    if (!removed) notFound();
    return (
      <NotFoundCard title={`${removed.name} was ${removed.how === "deleted" ? "deleted" : "removed from the inventory"}`}>
        <p data-testid="cluster-removed">
          {removed.how === "deleted" ? "Clusterdeck deleted this cluster" : "This cluster was forgotten (removed from Clusterdeck's inventory, not from the provider)"}
          {removed.by ? ` at ${removed.by}'s request` : ""} on <time dateTime={removed.at}>{formatDateTime(removed.at)}</time>.
        </p>
        {removed.operationId && (
          <p className="mt-2">
            <Link href={`/operations/${removed.operationId}`} className="text-brand-600 underline">
              See the delete operation
            </Link>
          </p>
        )}
      </NotFoundCard>
    );
  }
  return (
    <ClusterDetailView
      id={id}
      providers={providerMap()}
      initial={initial}
      // actions by role: viewers none, operators upgrade, admins and owners also delete
      canUpgrade={can(actor.role, "clusters.upgrade")}
      canDelete={can(actor.role, "clusters.delete")}
      canSync={can(actor.role, "clusters.sync")}
      canEditNodePools={can(actor.role, "clusters.nodepools")}
    />
  );
}
