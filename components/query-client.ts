/**
 * The tab's one TanStack Query client: components/providers.tsx (the pages under app/(app)) and the
 * lazily loaded engine of useLazyQuery (components/lazy-query.ts: pages that leave TanStack Query out
 * of their first load) share it, so a view's cache outlives a move between those pages. Changes
 * announced with announceChange invalidate here (one listener per tab). On the server: one per call.
 */
import { isServer, QueryClient } from "@tanstack/react-query";
import { INVALIDATE_EVENT, announcedKey } from "@/components/api-client";

function makeClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 1 },
    },
  });
}

let browserClient: QueryClient | undefined;

export function queryClient(): QueryClient {
  if (isServer) return makeClient();
  if (!browserClient) {
    const client = (browserClient = makeClient());
    window.addEventListener(INVALIDATE_EVENT, (e) => void client.invalidateQueries({ queryKey: announcedKey(e) }));
  }
  return browserClient;
}
