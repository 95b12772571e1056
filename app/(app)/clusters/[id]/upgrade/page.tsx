import { PageHeader } from "@/components/ui/page-header";
import { UpgradeWizard } from "@/components/wizards/upgrade-wizard";
import { requirePageActor } from "@/lib/auth/server";
import { clusterForPage } from "@/lib/operations/page";

export const metadata = { title: "Upgrade cluster" };
export const dynamic = "force-dynamic";

export default async function UpgradePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("clusters.upgrade");
  const { id } = await params;
  const { cluster: c, subtitle } = await clusterForPage(actor.teamId, id);
  return (
    <>
      <PageHeader title={`Upgrade ${c.name}`} description={subtitle} />
      <UpgradeWizard clusterId={c.id} clusterName={c.name} />
    </>
  );
}
