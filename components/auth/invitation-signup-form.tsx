"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NewAccountFields, passwordsDiffer } from "./account-fields";
import { callApi } from "./api";
import { Notice } from "./auth-card";

/** For someone invited who has no account yet: choose a password, join the team, signed in. */
export function InvitationSignupForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (passwordsDiffer(f)) {
          setError("The two passwords differ.");
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await callApi("/api/auth/invitation", { method: "POST", body: { token, name: f.get("name") || undefined, password: f.get("password") } });
          router.replace("/");
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
        <input className="input bg-slate-100 text-slate-600 dark:bg-slate-800/60 dark:text-slate-400" id="email" name="email" type="email" autoComplete="username" value={email} readOnly />
      </div>
      <NewAccountFields />
      <button className="btn-primary w-full" type="submit" disabled={busy}>
        {busy ? "Creating your account…" : "Create account and join"}
      </button>
    </form>
  );
}
