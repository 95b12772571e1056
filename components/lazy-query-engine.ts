/**
 * The part of useLazyQuery (components/lazy-query.ts) that is TanStack Query: loaded on first need, so a
 * page using it carries no TanStack Query in its first load. A QueryObserver on the tab's one client
 * (components/query-client.ts), driven the way useQuery drives it (@tanstack/react-query's useBaseQuery).
 */
import { notifyManager, QueryObserver, type QueryKey, type QueryObserverOptions, type QueryObserverResult } from "@tanstack/react-query";
import { queryClient } from "@/components/query-client";

export type Options<T> = QueryObserverOptions<T, Error, T, T, QueryKey>;
export type Observer<T> = QueryObserver<T, Error, T, T, QueryKey>;

let mounted = false;

export function createObserver<T>(options: Options<T>): Observer<T> {
  const client = queryClient();
  // what QueryClientProvider does: refetch on window focus and on reconnect (once per tab; never unmounted)
  if (!mounted) {
    client.mount();
    mounted = true;
  }
  return new QueryObserver<T, Error, T, T, QueryKey>(client, client.defaultQueryOptions(options));
}

/** useBaseQuery's render step: the defaulted options and the result they give now (fetching already when a fetch is due) */
export function optimistic<T>(observer: Observer<T>, options: Options<T>): { defaulted: Options<T>; result: QueryObserverResult<T, Error> } {
  const defaulted = queryClient().defaultQueryOptions(options);
  defaulted._optimisticResults = "optimistic";
  return { defaulted, result: observer.getOptimisticResult(defaulted) };
}

/** useBaseQuery's subscription: batched notifications, and no update missed between creating and subscribing */
export function subscribe<T>(observer: Observer<T>, onChange: () => void): () => void {
  const unsubscribe = observer.subscribe(notifyManager.batchCalls(onChange));
  observer.updateResult();
  return unsubscribe;
}
