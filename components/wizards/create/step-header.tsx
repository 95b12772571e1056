/** the wizard's steps, the current one marked for assistive technology (aria-current="step") */
export function StepHeader({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="flex flex-wrap gap-2 text-xs" aria-label="Steps">
      {steps.map((s, i) => (
        <li
          key={`${s}-${i}`}
          aria-current={i === current ? "step" : undefined}
          className={`rounded-full px-2.5 py-1 ${i === current ? "bg-brand-600 text-white" : i < current ? "bg-slate-200 dark:bg-slate-700" : "bg-slate-100 text-slate-500 dark:bg-slate-800"}`}
        >
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}
