import { logger } from "@/lib/log";

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
