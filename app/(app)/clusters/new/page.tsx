import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWizard } from "@/components/wizards/create-wizard";
import { requirePageActor } from "@/lib/auth/server";
import { wizardConnections } from "@/lib/operations/wizard";

export const metadata = { title: "Create a cluster" };
export const dynamic = "force-dynamic";

export default async function NewClusterPage({ searchParams }: { searchParams: Promise<{ connection?: string }> }) {
  const actor = await requirePageActor("clusters.create");
  const { connection } = await searchParams;
  const connections = await wizardConnections(actor.teamId);
  return (
    <>
      <PageHeader
        title="Create a cluster"
        description="Choose a connection and where the cluster lives, then the provider's own settings. Progress shows on the operation page."
        actions={
          <Link href="/clusters" className="btn-secondary">
            Cancel
          </Link>
        }
      />
      <CreateWizard
        initialConnectionId={connection}
        connections={connections.map((c) => ({ id: c.id, name: c.name, provider: c.provider, providerName: c.providerName, scopeLabel: c.scopeLabel, defaultScope: c.defaultScope, demo: c.demo }))}
      />
    </>
  );
}
