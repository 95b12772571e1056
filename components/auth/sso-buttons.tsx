"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SsoButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  if (!providers.length) return null;
  return (
    <div className="space-y-2">
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          className="btn-secondary w-full"
          disabled={busy !== null}
          onClick={() => {
            setBusy(p.id);
            void signIn(p.id, { callbackUrl });
          }}
        >
          {busy === p.id ? "Redirecting…" : `Sign in with ${p.name}`}
        </button>
      ))}
    </div>
  );
}
