import type { ReactNode } from "react";

/**
 * A card section of a page: a small heading (with an optional action on its right) over its content,
 * named by its title for assistive technology. No hooks: server and client components use it.
 */
export function SectionCard({ title, heading, children, testId, action }: { title: string; heading?: ReactNode; children: ReactNode; testId?: string; action?: ReactNode }) {
  return (
    <section className="card p-4" data-testid={testId} aria-label={title}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{heading ?? title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}
