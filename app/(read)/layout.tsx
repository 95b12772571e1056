import { AppFrame } from "@/components/shell/app-frame";

export const dynamic = "force-dynamic";

/**
 * The dashboard pages without TanStack Query in their first load (issue 20): the same frame as app/(app),
 * without <Providers>. The read-only ones rendered on the server (the Overview, Versions: <LiveRefresh>
 * re-renders them there) and the clusters list (its first page rendered on the server; TanStack Query
 * loads on first need through useLazyQuery, components/lazy-query.ts).
 */
export default function ReadLayout({ children }: { children: React.ReactNode }) {
  return <AppFrame>{children}</AppFrame>;
}
