"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Notice } from "../auth-card";

export const ROLES = ["owner", "admin", "operator", "viewer"] as const;

export function Section({ title, description, children, id }: { title: string; description?: string; children: React.ReactNode; id: string }) {
  return (
    <section className="card mb-6 p-5" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** runs one settings change: busy while it runs, its error, and a refresh of the server-rendered page after it */
export function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      router.refresh();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

/** a secret shown once (a new API token, an invitation link): what to do with it, the value, a copy button */
export function OneTimeSecret({ message, value, testId, copyLabel }: { message: string; value: string; testId: string; copyLabel: string }) {
  return (
    <Notice kind="info">
      <p className="font-medium">{message}</p>
      <code data-testid={testId} className="mt-1 block break-all font-mono text-xs">
        {value}
      </code>
      <div className="mt-2">
        <CopyButton value={value} label={copyLabel} />
      </div>
    </Notice>
  );
}
