"use client";
import "./globals.css";

/**
 * The last resort: the root layout itself failed (app/error.tsx covers every page below it). Its own
 * <html>, as Next requires; it also keeps Next's built-in fallback page out of every page's first load.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main className="mx-auto max-w-lg px-4 py-16">
          <h1 className="text-xl font-semibold">Clusterdeck could not be loaded</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Something went wrong on the server. Try again in a moment.
            {error.digest ? ` (reference ${error.digest})` : ""}
          </p>
          <button type="button" className="btn-primary mt-4" onClick={() => reset()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
