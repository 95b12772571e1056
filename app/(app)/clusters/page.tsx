import { headers } from "next/headers";
import Link from "next/link";
import { ClustersView } from "@/components/inventory/clusters-table";
// a plain module: a constant imported from a "use client" file is a client reference on the server, not the string
import { COLUMNS_PREFERENCE } from "@/components/inventory/clusters/columns";
import { initialData } from "@/components/inventory/provider-infos";
import { providerInfoMap } from "@/lib/providers/browser-data";
import { apiQueryString, defaultPageSizeFor, parseClusterQuery } from "@/components/inventory/query";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/server";
import { clusterQuerySchema, listClusters } from "@/lib/inventory";
import { getPreference } from "@/lib/preferences";

export const metadata = { title: "Clusters" };
export const dynamic = "force-dynamic";

export default async function ClustersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("inventory.read");
  const sp = await searchParams;
  const params = new URLSearchParams(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : Array.isArray(v) && v[0] ? [[k, v[0]]] : [])));
  // the first page comes with the HTML; the client keeps it fresh (same query string → same cache entry).
  // A phone gets fewer rows when the address names no page size (then every address the view writes names it).
  const defaultPageSize = defaultPageSizeFor(await headers());
  const apiQuery = apiQueryString(parseClusterQuery(params, defaultPageSize));
  const parsed = clusterQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(apiQuery)));
  const [columns, first] = await Promise.all([
    getPreference<unknown>(actor.userId, COLUMNS_PREFERENCE).catch(() => null),
    parsed.success
      ? initialData("clusters page", () => listClusters(actor.teamId, parsed.data))
      : null,
  ]);
  return (
    <>
      <PageHeader
        title="Clusters"
        description="Every cluster across your connections. Filters are part of the address — share it."
        actions={
          can(actor.role, "clusters.create") ? (
            <Link href="/clusters/new" className="btn-primary">
              New cluster
            </Link>
          ) : undefined
        }
      />
      {/* no Suspense boundary here: the page is rendered per request (useSearchParams needs none), and one
          made React stream the whole view as a hidden part revealed by script once the main thread is free
          (the largest paint ≈ 1.2 s after the response on a phone; issue 20, docs/operations.md) */}
      <ClustersView
        providers={providerInfoMap()}
        initialColumns={Array.isArray(columns) ? columns.filter((c): c is string => typeof c === "string") : null}
        canSync={can(actor.role, "clusters.sync")}
        initial={first ? { query: apiQuery, ...first } : null}
        defaultPageSize={defaultPageSize}
      />
    </>
  );
}
