"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { INVALIDATE_EVENT, announcedKey, namesKey } from "@/components/api-client";

/** how old the shown data may be when the tab comes back into focus before it is refreshed (the query client's staleTime) */
const FRESH_MS = 10_000;

/**
 * Keeps a server-rendered view fresh (the Overview, the Versions page): it re-renders the page on the
 * server (router.refresh) instead of fetching JSON for a browser-side copy of the view (issue 20: no view
 * code ships to the browser, and these read-only pages do not load TanStack Query on first paint). When:
 * `intervalMs` after the server read the data (`at`; 0 when the read failed: at once) while the tab is
 * visible, when the tab comes back with data older than 10 s, and when a change is announced for the
 * view's key (announceChange: "Sync now", a finished operation). Each re-render brings a new `at`.
 */
export function LiveRefresh({ queryKey, at, intervalMs }: { queryKey: readonly string[]; at: number; intervalMs: number }) {
  const router = useRouter();
  const key = queryKey.join("\u0000");
  useEffect(() => {
    const viewKey = key.split("\u0000");
    let asked = at;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      asked = Date.now();
      router.refresh();
      // the re-render's new `at` restarts this effect; if it never comes (a failed render), ask again later
      timer = setTimeout(refresh, intervalMs);
    };
    const due = () => (document.visibilityState === "hidden" ? undefined : refresh());
    timer = setTimeout(due, Math.max(0, asked + intervalMs - Date.now()));
    const onVisibility = () => {
      if (document.visibilityState !== "visible") return;
      if (Date.now() - asked >= Math.min(FRESH_MS, intervalMs)) refresh();
    };
    const onChange = (e: Event) => namesKey(announcedKey(e), viewKey) && refresh();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("focus", onVisibility);
    window.addEventListener(INVALIDATE_EVENT, onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("focus", onVisibility);
      window.removeEventListener(INVALIDATE_EVENT, onChange);
    };
  }, [key, at, intervalMs, router]);
  return null;
}
