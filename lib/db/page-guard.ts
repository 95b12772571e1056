/**
 * For server components (layouts, pages): a database that cannot be reached sends the browser to
 * /unavailable (503 with Retry-After, app/unavailable/route.ts) instead of Next's 500 page. Other
 * errors propagate unchanged.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "./unavailable";

export function unavailableUrl(from: string | null | undefined): string {
  return from && from !== "/" ? `/unavailable?from=${encodeURIComponent(from)}` : "/unavailable";
}

export async function orUnavailablePage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    let from: string | null = null;
    try {
      from = (await headers()).get("x-pathname");
    } catch {
      /* outside a request */
    }
    redirect(unavailableUrl(from));
  }
}
