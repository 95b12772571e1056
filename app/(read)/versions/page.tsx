import { Suspense } from "react";
import { inventoryKeys, POLL_CALM_MS } from "@/components/inventory/api";
import { LiveRefresh } from "@/components/inventory/live-refresh";
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
      {/* rendered on the server; refreshed on the old polling rhythm (and at once after a failed read) */}
      <LiveRefresh queryKey={inventoryKeys.versionsPage()} at={initial?.at ?? 0} intervalMs={initial ? POLL_CALM_MS * 2 : POLL_CALM_MS} />
      {/* its own Suspense boundary: React hydrates the tables after the frame, in short slices, not in one long task (issue 20) */}
      <Suspense>
        <VersionsView providers={providerMap()} data={initial?.data ?? null} />
      </Suspense>
    </>
  );
}
