import Link from "next/link";

/** The app's own "not found" content: says what is missing and offers a way back. */
export function NotFoundCard({ title = "Page not found", children }: { title?: string; children?: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center" role="status" data-testid="not-found">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 break-words text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-3 break-words text-sm text-slate-600 dark:text-slate-400">{children ?? "The address may be mistyped, or what it pointed to no longer exists."}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        <Link href="/" className="btn-primary">
          Go to the overview
        </Link>
        <Link href="/clusters" className="btn-secondary">
          All clusters
        </Link>
      </div>
    </div>
  );
}
