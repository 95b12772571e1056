"use client";

import { isServer, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { INVALIDATE_EVENT, announcedKey } from "@/components/api-client";

function makeClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 1 },
    },
  });
}

/** one client per browser tab (the cache outlives a page that has no Providers, e.g. the Overview); one per render on the server */
let browserClient: QueryClient | undefined;
function queryClient() {
  if (isServer) return makeClient();
  return (browserClient ??= makeClient());
}

/**
 * TanStack Query for the pages whose views fetch and poll in the browser (app/(app)/layout.tsx). The
 * read-only, server-rendered pages (app/(read): the Overview, Versions) do not load it on first paint.
 * Changes announced by components that do not use TanStack Query (announceChange) invalidate here.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(queryClient);
  useEffect(() => {
    const onChange = (e: Event) => void client.invalidateQueries({ queryKey: announcedKey(e) });
    window.addEventListener(INVALIDATE_EVENT, onChange);
    return () => window.removeEventListener(INVALIDATE_EVENT, onChange);
  }, [client]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
