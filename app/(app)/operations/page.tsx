import { PageHeader } from "@/components/ui/page-header";
import { OperationsList } from "@/components/operations/operations-list";
import { providerMap } from "@/lib/providers/browser-data";
import { requirePageActor } from "@/lib/auth/server";
import { listOperations } from "@/lib/operations/service";

export const metadata = { title: "Operations" };
export const dynamic = "force-dynamic";

export default async function OperationsPage() {
  const actor = await requirePageActor("operations.read");
  const items = await listOperations(actor.teamId, { limit: 100 });
  return (
    <>
      <PageHeader title="Operations" description="Creates, upgrades, deletes and node-pool changes, tracked until the provider finishes them." />
      <OperationsList initial={items} providers={providerMap()} />
    </>
  );
}
