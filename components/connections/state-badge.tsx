const STATES: Record<string, { label: string; cls: string }> = {
  fresh: { label: "Up to date", cls: "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-300" },
  syncing: { label: "Syncing", cls: "bg-blue-100 text-blue-800 dark:bg-blue-900/40 dark:text-blue-300" },
  stale: { label: "Stale", cls: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300" },
  failing: { label: "Failing", cls: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300" },
  credential_rejected: { label: "Credentials rejected", cls: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300" },
  never_synced: { label: "Not synced yet", cls: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300" },
};

export function StateBadge({ state }: { state: string }) {
  const s = STATES[state] ?? { label: state, cls: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300" };
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${s.cls}`} data-state={state}>
      {s.label}
    </span>
  );
}

export function SimulatedBadge() {
  return (
    <span className="inline-flex items-center rounded-full bg-purple-100 px-2 py-0.5 text-xs font-medium text-purple-800 dark:bg-purple-900/40 dark:text-purple-300" title="Connected to a local simulator of the provider API, not a real account">
      Simulated
    </span>
  );
}
