"use client";

import { useState, useTransition } from "react";
import { Notice } from "./auth-card";

export function AcceptInvitation({ action }: { action: () => Promise<{ error: string } | void> }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div>
      {error && <Notice kind="error">{error}</Notice>}
      <button
        className="btn-primary w-full"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await action();
            if (r?.error) setError(r.error);
          })
        }
      >
        {pending ? "Joining…" : "Accept invitation"}
      </button>
    </div>
  );
}
