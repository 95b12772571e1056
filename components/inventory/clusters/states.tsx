import Link from "next/link";
import type { ConnectionSummary } from "@/lib/inventory/api-types";

/** the team has no connection yet */
export function NoConnections() {
  return (
    <div className="card flex flex-col items-center gap-3 px-6 py-12 text-center" role="status">
      <h2 className="text-lg font-semibold">No connections yet</h2>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">Connect a provider account and Clusterdeck lists its clusters here.</p>
      <Link href="/connections" className="btn-primary">
        Connect a provider
      </Link>
    </div>
  );
}

/** the first load failed (nothing to show) */
export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="card px-6 py-10 text-center" role="alert">
      <p className="font-medium">The inventory could not be loaded.</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{message}</p>
      <button type="button" className="btn-secondary mt-4" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** an empty page: filters that match nothing, a first sync still running, or accounts without clusters */
export function NoRows({ filtersActive, connections, onClearFilters }: { filtersActive: boolean; connections: ConnectionSummary[]; onClearFilters: () => void }) {
  return (
    <div className="px-6 py-10 text-center" role="status">
      {filtersActive ? (
        <>
          <p className="font-medium">No clusters match these filters.</p>
          <button type="button" className="btn-secondary mt-3" onClick={onClearFilters}>
            Clear filters
          </button>
        </>
      ) : connections.some((c) => c.state === "never_synced" || c.state === "syncing") ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">The first sync is still running — clusters appear here in a moment.</p>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">The connected accounts have no clusters yet.</p>
      )}
    </div>
  );
}
