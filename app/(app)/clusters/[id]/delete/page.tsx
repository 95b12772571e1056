import { PageHeader } from "@/components/ui/page-header";
import { DeleteCluster } from "@/components/wizards/delete-cluster";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { clusterForPage } from "@/lib/operations/page";

export const metadata = { title: "Delete cluster" };
export const dynamic = "force-dynamic";

export default async function DeletePage({ params }: { params: Promise<{ id: string }> }) {
  // admins delete; the page explains protection to anyone who may act on clusters
  const actor = await requirePageActor("clusters.delete");
  const { id } = await params;
  const { cluster: c, subtitle } = await clusterForPage(actor.teamId, id);
  return (
    <>
      <PageHeader title={`Delete ${c.name}`} description={subtitle} />
      <DeleteCluster
        cluster={{ id: c.id, name: c.name, providerName: c.providerName, protected: c.protected, goneAt: c.goneAt, status: c.status }}
        runningOperation={c.runningOperation}
        canDelete={can(actor.role, "clusters.delete")}
        canProtect={can(actor.role, "clusters.protect")}
        canForget={can(actor.role, "clusters.forget")}
      />
    </>
  );
}
