export function PageHeader({ title, description, actions }: { title: string; description?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 max-w-full">
        {/* titles often carry a provider's name: at most three lines, the whole of it on hover */}
        <h1 className="line-clamp-3 text-2xl font-semibold tracking-tight" title={title}>
          {title}
        </h1>
        {description && <p className="mt-1 line-clamp-4 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
