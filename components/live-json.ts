"use client";
/**
 * useLiveJson: one JSON answer of the dashboard's API kept fresh in the browser without TanStack Query
 * (issue 20: the clusters list, whose first load carries no query library; a plain poll like the header's
 * running operations, and changes announced with announceChange like the server-rendered pages).
 *
 * What it keeps of useQuery's behaviour as the TanStack views use it: the server's answer as initial data
 * (no request while it is fresh), the previous answer shown as placeholder while another address loads
 * (and answers already seen shown at once, refreshed when stale), polling while the tab is visible, a
 * refresh when the tab comes back with data older than `staleMs`, one retry a second after a failure, an
 * error kept beside the last good answer, a newer request aborting the one in flight, and unchanged parts
 * of an answer kept identical (so memoised rows do not re-render on every poll).
 */
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { apiRequest, announcedKey, INVALIDATE_EVENT, namesKey } from "@/components/api-client";

/** the query client's staleTime (components/providers.tsx) */
const STALE_MS = 10_000;
const RETRY_MS = 1000;

export interface LiveJsonOptions<T> {
  /** the view's key: a change announced for a prefix of it refreshes (announceChange) */
  queryKey: readonly string[];
  /** what to ask; null: not wanted (yet) */
  url: string | null;
  /** the server's answer for `url`, and when it was read */
  initial?: { data: T; at: number };
  /** the polling interval after an answer (false: no polling) */
  pollMs?: (data: T) => number | false;
  staleMs?: number;
}

export interface LiveJson<T> {
  data: T | undefined;
  error: Error | null;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  /** `data` is the previous address's answer (this one is on its way) */
  isPlaceholderData: boolean;
  refetch: () => void;
}

/** the answers seen in this tab, by address (a page's later visit, or a filter undone, shows them at once) */
const seen = new Map<string, { data: unknown; at: number; key: readonly string[] }>();
const SEEN_MAX = 50;
function remember(url: string, data: unknown, at: number, key: readonly string[]) {
  seen.delete(url);
  seen.set(url, { data, at, key });
  if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value as string);
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** `next`, with every part equal to `prev` replaced by prev's (TanStack Query's structural sharing) */
export function shareEqual<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    const out = next.map((v, i) => shareEqual(prev[i], v));
    return (out.length === prev.length && out.every((v, i) => v === prev[i]) ? prev : out) as T;
  }
  if (isPlain(prev) && isPlain(next)) {
    const keys = Object.keys(next);
    const out: Record<string, unknown> = {};
    let same = keys.length === Object.keys(prev).length;
    for (const k of keys) {
      out[k] = shareEqual(prev[k], next[k]);
      if (out[k] !== prev[k] || !(k in prev)) same = false;
    }
    return (same ? prev : out) as T;
  }
  return next;
}

interface State<T> {
  url: string | null;
  data: T | undefined;
  /** when `data` was read (0: placeholder or none) */
  at: number;
  placeholder: boolean;
  error: Error | null;
  fetching: boolean;
}

function startState<T>(url: string | null, initial: { data: T; at: number } | undefined, previous?: State<T>): State<T> {
  const cached = url === null ? undefined : seen.get(url);
  // the server's answer, unless this tab has seen a newer one (back to the address the page was rendered for)
  if (url !== null && initial && !(cached && cached.at > initial.at)) return { url, data: initial.data, at: initial.at, placeholder: false, error: null, fetching: false };
  if (cached) return { url, data: cached.data as T, at: cached.at, placeholder: false, error: null, fetching: false };
  const prev = previous?.data;
  return { url, data: prev, at: 0, placeholder: prev !== undefined, error: null, fetching: false };
}

/**
 * Keeps `url`'s answer coming into setState: asks at once when the answer is missing or stale (or
 * `force`), then on the polling rhythm, when the tab comes back, and when a change is announced. Returns
 * the clean-up.
 */
function follow<T>(url: string, key: readonly string[], start: { data: T | undefined; at: number }, force: boolean, o: { pollMs?: (data: T) => number | false; staleMs: number; setState: Dispatch<SetStateAction<State<T>>> }): () => void {
  const { pollMs, staleMs, setState } = o;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let shown = start;
  const ask = (retry = true) => {
    clearTimeout(timer);
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    setState((s) => (s.url === url ? { ...s, fetching: true } : s));
    apiRequest<T>(url, { signal: controller.signal }).then(
      (fresh) => {
        if (controller.signal.aborted || stopped) return;
        const next = shareEqual(shown.data, fresh);
        shown = { data: next, at: Date.now() };
        remember(url, next, shown.at, key);
        setState({ url, data: next, at: shown.at, placeholder: false, error: null, fetching: false });
        schedule();
      },
      (e: Error) => {
        if (controller.signal.aborted || stopped) return;
        if (retry) {
          timer = setTimeout(() => ask(false), RETRY_MS);
          return;
        }
        setState((s) => (s.url === url ? { ...s, error: e, fetching: false } : s));
        schedule();
      },
    );
  };
  // the next poll (none while the tab is hidden: coming back asks at once when stale, else resumes the rhythm)
  const schedule = () => {
    clearTimeout(timer);
    const every = pollMs && shown.data !== undefined && shown.at > 0 ? pollMs(shown.data) : false;
    if (every === false || stopped) return;
    // from now, as TanStack Query's refetchInterval: the first poll comes `every` after the page came alive
    timer = setTimeout(() => document.visibilityState !== "hidden" && ask(), every);
  };
  const stale = () => Date.now() - shown.at >= staleMs;
  if (force || shown.data === undefined || shown.at === 0 || stale()) ask();
  else schedule();
  const onVisible = () => {
    if (document.visibilityState !== "visible") return;
    if (stale()) ask();
    else schedule();
  };
  const onChange = (e: Event) => {
    const announced = announcedKey(e);
    if (!namesKey(announced, key)) return;
    // the other answers of this view are stale too (shown at once on a later visit, then refreshed)
    for (const s of seen.values()) if (namesKey(announced, s.key)) s.at = 0;
    ask();
  };
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener("focus", onVisible);
  window.addEventListener(INVALIDATE_EVENT, onChange);
  return () => {
    stopped = true;
    clearTimeout(timer);
    inFlight?.abort();
    document.removeEventListener("visibilitychange", onVisible);
    window.removeEventListener("focus", onVisible);
    window.removeEventListener(INVALIDATE_EVENT, onChange);
  };
}

export function useLiveJson<T>({ queryKey, url, initial, pollMs, staleMs = STALE_MS }: LiveJsonOptions<T>): LiveJson<T> {
  const [state, setState] = useState<State<T>>(() => startState(url, initial));
  // another address: its known answer, or the previous one as placeholder (no render with the old address)
  let current = state;
  if (state.url !== url) {
    current = startState(url, initial?.data !== undefined && url !== null ? initial : undefined, state);
    setState(current);
  }
  const [asked, setAsked] = useState(0);
  const refetch = useCallback(() => setAsked((n) => n + 1), []);
  const keyHash = queryKey.join("\u0000");

  const at = current.at;
  const data = current.data;
  useEffect(() => {
    if (url === null) return;
    return follow(url, keyHash.split("\u0000"), { data, at }, asked > 0, { pollMs, staleMs, setState });
    // `data`/`at` are read once per address (follow keeps its own copy from there); pollMs: the one of that render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, keyHash, asked, staleMs]);

  const hasData = current.data !== undefined;
  return {
    data: current.data,
    error: current.error,
    isPending: !hasData && current.error === null,
    isError: current.error !== null,
    isFetching: current.fetching || (url !== null && current.at === 0 && current.error === null),
    isPlaceholderData: current.placeholder,
    refetch,
  };
}
