import Link from "next/link";
import { ConnectionsTable } from "@/components/connections/connections-table";
import { DemoAddedNotice, DEMO_ADDED_PARAM } from "@/components/connections/demo-added-notice";
import { DemoButton } from "@/components/connections/demo-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { demoOffered, listConnections } from "@/lib/connections";

export const metadata = { title: "Connections" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const demoAdded = (await searchParams)[DEMO_ADDED_PARAM];
  const actor = await requirePageActor("connections.read");
  const canWrite = can(actor.role, "connections.write");
  const [items, offerDemo] = await Promise.all([listConnections(actor.teamId), demoOffered(actor)]);
  return (
    <>
      <PageHeader
        title="Connections"
        description="Provider accounts Clusterdeck reads clusters from. Credentials are stored encrypted and never shown again."
        actions={
          canWrite && (
            <Link href="/connections/new" className="btn-primary">
              Add connection
            </Link>
          )
        }
      />
      <DemoAddedNotice value={demoAdded} />
      {offerDemo && (
        <div className="card mb-6 flex flex-wrap items-center justify-between gap-4 border-dashed p-5">
          <div>
            <h2 className="font-semibold">Try it with simulated providers</h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">This is the embedded demo: local simulators of every supported provider API are running. One click connects this team to them.</p>
          </div>
          <DemoButton compact />
        </div>
      )}
      {items.length ? (
        <ConnectionsTable initial={items} canTest={can(actor.role, "connections.test")} canSync={can(actor.role, "clusters.sync")} />
      ) : (
        <EmptyState title="No connections yet" action={canWrite ? { href: "/connections/new", label: "Connect a provider" } : undefined}>
          {canWrite ? "Connect a provider account and Clusterdeck will list its clusters." : "An admin of this team can connect provider accounts."}
        </EmptyState>
      )}
    </>
  );
}
