import { AppFrame } from "@/components/shell/app-frame";

export const dynamic = "force-dynamic";

/**
 * The read-only dashboard pages rendered on the server (the Overview, Versions; issue 20): the same frame
 * as app/(app), without TanStack Query in their first load (<LiveRefresh> re-renders them on the server).
 */
export default function ReadLayout({ children }: { children: React.ReactNode }) {
  return <AppFrame>{children}</AppFrame>;
}
