import { initialData } from "@/components/inventory/provider-infos";
import { providerMap } from "@/lib/providers/browser-data";
import { VersionsView } from "@/components/inventory/versions-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/server";
import { listVersions } from "@/lib/inventory";

export const metadata = { title: "Versions" };
export const dynamic = "force-dynamic";

export default async function VersionsPage() {
  const actor = await requirePageActor("inventory.read");
  const initial = await initialData("versions page", () => listVersions(actor.teamId));
  return (
    <>
      <PageHeader title="Versions" description="Kubernetes versions per provider: end of life, defaults, where your clusters run and where they may go." />
      <VersionsView providers={providerMap()} initial={initial} />
    </>
  );
}
