import { Suspense } from "react";
import { DemoAddedNotice, DEMO_ADDED_PARAM } from "@/components/connections/demo-added-notice";
import { DemoButton } from "@/components/connections/demo-button";
import { inventoryKeys, overviewIsBusy, POLL_BUSY_MS, POLL_CALM_MS } from "@/components/inventory/api";
import { OverviewBody, OverviewUnavailable } from "@/components/inventory/overview";
import { LiveRefresh } from "@/components/inventory/live-refresh";
import { initialData } from "@/components/inventory/provider-infos";
import { providerMap } from "@/lib/providers/browser-data";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { demoOffered } from "@/lib/connections";
import { overview } from "@/lib/inventory";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const demoAdded = (await searchParams)[DEMO_ADDED_PARAM];
  const actor = await requirePageActor("inventory.read");
  const [initial, offerDemo] = await Promise.all([
    initialData("overview page", () => overview(actor.teamId)),
    // embedded demo: one click connects the team to the local provider simulators (lib/connections/demo.ts)
    demoOffered(actor),
  ]);
  const d = initial?.data;
  return (
    <>
      <PageHeader title="Overview" description="Clusters, versions and provider health across every connection." />
      <DemoAddedNotice value={demoAdded} />
      {/* rendered on the server; refreshed on the polling rhythm (quick while empty, syncing or operating) */}
      <LiveRefresh queryKey={inventoryKeys.overviewPage()} at={initial?.at ?? 0} intervalMs={!d || d.connections.length === 0 || overviewIsBusy(d) ? POLL_BUSY_MS : POLL_CALM_MS} />
      {!d ? (
        <OverviewUnavailable />
      ) : d.connections.length === 0 ? (
        <EmptyState title="No clusters yet" action={{ href: "/connections", label: "Connect a provider" }}>
          Connect a provider account and Clusterdeck will list its clusters here.
          {offerDemo && (
            <div className="mt-4">
              <DemoButton compact />
            </div>
          )}
        </EmptyState>
      ) : (
        // its own Suspense boundary: React hydrates the body after the frame, in short slices, not in one long task (issue 20)
        <Suspense>
          <OverviewBody d={d} providers={providerMap()} canSync={can(actor.role, "clusters.sync")} />
        </Suspense>
      )}
    </>
  );
}
