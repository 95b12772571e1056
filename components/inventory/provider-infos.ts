import { PROVIDERS } from "@/lib/providers/registry";
import { logger } from "@/lib/log";
import type { ProviderMap } from "./providers";

/** Server only: the registry's display facts, for client components (see ./providers.ts). */
export function providerInfos(): ProviderMap {
  return Object.fromEntries(PROVIDERS.map((p) => [p.kind, { kind: p.kind, displayName: p.displayName, scopeLabel: p.scopeLabel, nodePools: { ...p.nodePools } }]));
}

/** Server only: runs a read for a page's first paint; null (logged) when it fails — the client then fetches itself. */
export async function initialData<T>(what: string, read: () => Promise<T>): Promise<{ data: T; at: number } | null> {
  try {
    const data = await read();
    return { data, at: Date.now() };
  } catch (e) {
    logger.warn({ err: (e as Error).message }, `${what}: not pre-rendered`);
    return null;
  }
}

/** Server only: a read's answer with the time it was made (TanStack Query's initialDataUpdatedAt). */
export async function stamped<T>(read: Promise<T>): Promise<{ data: T; at: number }> {
  const data = await read;
  return { data, at: Date.now() };
}
