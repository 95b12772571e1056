import { initialData } from "@/components/inventory/provider-infos";
import { providerMap } from "@/lib/providers/browser-data";
import { ScopesView } from "@/components/inventory/scopes-view";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { listScopes } from "@/lib/inventory";

export const metadata = { title: "Scopes" };
export const dynamic = "force-dynamic";

export default async function ScopesPage() {
  const actor = await requirePageActor("inventory.read");
  const initial = await initialData("scopes page", () => listScopes(actor.teamId));
  return (
    <>
      <PageHeader title="Scopes" description="Organizations, projects, regions and zones per connection, with their clusters." />
      <ScopesView providers={providerMap()} initial={initial} canSync={can(actor.role, "clusters.sync")} />
    </>
  );
}
