export const DEMO_ADDED_PARAM = "demoAdded";

/** The confirmation after "Add demo connections": only a count is taken from the URL, never text. */
export function DemoAddedNotice({ value }: { value: string | string[] | undefined }) {
  const n = typeof value === "string" && /^\d{1,3}$/.test(value) ? Number(value) : null;
  if (n === null) return null;
  return (
    <p className="card mb-6 border-green-300 px-4 py-3 text-sm text-green-800 dark:border-green-800 dark:text-green-300" role="status">
      {n === 0 ? "The demo connections were already there." : `Added ${n} simulated connection${n === 1 ? "" : "s"}. Their clusters appear as the first sync finishes.`}
    </p>
  );
}
