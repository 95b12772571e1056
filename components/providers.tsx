"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { queryClient } from "@/components/query-client";

/**
 * TanStack Query for the pages whose views fetch and poll in the browser (app/(app)/layout.tsx). The
 * read-only, server-rendered pages (app/(read): the Overview, Versions) and the clusters list (its
 * list loads TanStack Query on first need: components/lazy-query.ts) do not load it on first paint.
 * The client (components/query-client.ts) invalidates on changes announced with announceChange.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(queryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
