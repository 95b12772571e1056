"use client";

/**
 * What a page shows when rendering it failed after the shell (the browser keeps the app around it).
 * A database that cannot be reached is caught earlier and answered by /unavailable (503); this is the
 * friendly fallback for the rest, with a retry.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Something went wrong on the server — often a database restart that passes within seconds. Try again in a moment.
        {error.digest ? ` (reference ${error.digest})` : ""}
      </p>
      <button type="button" className="btn-primary mt-4" onClick={() => reset()}>
        Try again
      </button>
    </main>
  );
}
