"use client";
/**
 * useLazyQuery: TanStack Query's useQuery for a page that leaves TanStack Query out of its first load
 * (issue 20: the clusters list). Until the query engine is needed the result is the server-rendered
 * answer (`initialData`, read at `initialDataUpdatedAt`); the engine (lazy-query-engine.ts: a
 * QueryObserver on the tab's one QueryClient) loads on first need and from then on does everything
 * useQuery would: polling, refetch on focus, placeholder data, retries, invalidation by announceChange.
 *
 * First need: another key than the server rendered (a filter, a sort, a page), no initial data, the
 * first poll being due (`firstPollMs` after the server's read), the tab coming back with data older than
 * the client's staleTime, a change announced for the key (announceChange), or refetch().
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { QueryKey, QueryObserverOptions } from "@tanstack/react-query";
import { INVALIDATE_EVENT, announcedKey } from "@/components/api-client";

type Engine = typeof import("./lazy-query-engine");
type Observer<T> = import("./lazy-query-engine").Observer<T>;

let loading: Promise<Engine> | undefined;
/** the engine once loaded (by any view): later queries attach to it at once */
let loaded: Engine | undefined;
const loadEngine = () =>
  (loading ??= import("./lazy-query-engine").then((e) => {
    loaded = e;
    return e;
  }));

/** the query client's staleTime (components/query-client.ts) */
const STALE_MS = 10_000;

export type LazyQueryOptions<T> = QueryObserverOptions<T, Error, T, T, QueryKey> & {
  /** when the first poll is due, counted from initialDataUpdatedAt (the engine loads then) */
  firstPollMs?: number;
};

export interface LazyQueryResult<T> {
  data: T | undefined;
  error: Error | null;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  refetch: () => void;
}

/** an announced key names this query when it is a prefix of the query's key (the empty key names every query) */
const names = (announced: readonly unknown[], key: readonly unknown[]) => announced.length <= key.length && announced.every((part, i) => part === key[i]);

const noSubscription = () => () => undefined;
const noSnapshot = () => null;

export function useLazyQuery<T>(options: LazyQueryOptions<T>): LazyQueryResult<T> {
  const { firstPollMs, ...queryOptions } = options;
  // the observer starts from the options the page was rendered with (the server's answer in its cache), so
  // a later key shows that answer as its placeholder data, as useQuery's one observer would
  const [firstOptions] = useState(() => queryOptions);
  const [engine, setEngine] = useState<{ engine: Engine; observer: Observer<T>; refresh: boolean } | null>(null);
  const [wanted, setWanted] = useState<false | "need" | "refresh">(false);
  const keyHash = JSON.stringify(queryOptions.queryKey);
  const initialData = queryOptions.initialData as T | undefined;
  const updatedAt = queryOptions.initialDataUpdatedAt as number | undefined;

  // load on first need
  const want = engine ? false : wanted || (loaded || (initialData === undefined && queryOptions.enabled !== false) ? "need" : false);
  useEffect(() => {
    if (!want) return;
    let live = true;
    void loadEngine().then((e) => {
      if (live) setEngine({ engine: e, observer: e.createObserver(firstOptions), refresh: want === "refresh" });
    });
    return () => {
      live = false;
    };
  }, [want, firstOptions]);

  // the triggers of first need while the server's answer is shown
  useEffect(() => {
    if (engine || initialData === undefined) return;
    const key = JSON.parse(keyHash) as unknown[];
    const at = updatedAt ?? Date.now();
    const timer = firstPollMs === undefined ? undefined : setTimeout(() => setWanted("refresh"), Math.max(0, at + firstPollMs - Date.now()));
    const onVisible = () => document.visibilityState === "visible" && Date.now() - at >= STALE_MS && setWanted("refresh");
    const onChange = (e: Event) => names(announcedKey(e), key) && setWanted("refresh");
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    window.addEventListener(INVALIDATE_EVENT, onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
      window.removeEventListener(INVALIDATE_EVENT, onChange);
    };
  }, [engine, initialData, keyHash, updatedAt, firstPollMs]);

  // from the engine on: useQuery's own steps (useBaseQuery)
  const observer = engine?.observer ?? null;
  const now = engine ? engine.engine.optimistic(engine.observer, queryOptions) : null;
  const defaulted = now?.defaulted;
  useEffect(() => {
    if (observer && defaulted) observer.setOptions(defaulted);
  });
  const subscribe = useCallback((onChange: () => void) => (engine ? engine.engine.subscribe(engine.observer, onChange) : () => undefined), [engine]);
  useSyncExternalStore(engine ? subscribe : noSubscription, observer ? () => observer.getCurrentResult() : noSnapshot, noSnapshot);
  // loaded for a refresh (the poll was due, a change was announced): the server's answer may still be fresh by the clock, so ask (joining a fetch already under way)
  const refreshOnLoad = !!engine?.refresh;
  useEffect(() => {
    if (observer && refreshOnLoad) void observer.refetch({ cancelRefetch: false });
  }, [observer, refreshOnLoad]);

  const refetch = useCallback(() => (observer ? void observer.refetch() : setWanted("refresh")), [observer]);
  if (now) {
    const r = now.result;
    return { data: r.data, error: r.error, isPending: r.isPending, isError: r.isError, isFetching: r.isFetching, isPlaceholderData: r.isPlaceholderData, refetch };
  }
  if (initialData !== undefined) return { data: initialData, error: null, isPending: false, isError: false, isFetching: wanted !== false, isPlaceholderData: false, refetch };
  // another key than the server rendered, the engine on its way: what useQuery shows while it fetches
  const first = firstOptions.initialData as T | undefined;
  const placeholder = typeof queryOptions.placeholderData === "function" && first !== undefined ? (queryOptions.placeholderData as (prev: T | undefined) => T | undefined)(first) : undefined;
  return { data: placeholder, error: null, isPending: placeholder === undefined, isError: false, isFetching: true, isPlaceholderData: placeholder !== undefined, refetch };
}
