"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

/**
 * Keeps a server-rendered view fresh (the Overview, the Versions page): the view's query (same key as
 * before, so "Sync now", finished operations and window focus still refresh it) re-renders the page on
 * the server instead of fetching JSON for a browser-side copy of the view (issue 20: no view code ships
 * to the browser). `at` is when the server read the data (0 when the read failed: refresh at once).
 */
export function LiveRefresh({ queryKey, at, intervalMs }: { queryKey: readonly string[]; at: number; intervalMs: number }) {
  const router = useRouter();
  useQuery({
    queryKey,
    queryFn: () => {
      router.refresh();
      return Date.now();
    },
    initialData: at,
    initialDataUpdatedAt: at,
    refetchInterval: intervalMs,
  });
  return null;
}
