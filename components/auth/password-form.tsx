"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { apiRequest } from "./api";
import { Notice } from "./auth-card";

export function PasswordSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          await apiRequest("/api/auth/password", { method: "POST", body: { email: form.get("email"), password: form.get("password") } });
          // the server checked it already; checked again here because this is where the browser goes
          router.replace(safeRedirectPath(callbackUrl, window.location.origin));
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div>
        <label className="label" htmlFor="email">
          Email
        </label>
        <input className="input" id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div>
        <label className="label" htmlFor="password">
          Password
        </label>
        <input className="input" id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn-primary w-full" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
