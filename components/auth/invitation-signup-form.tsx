"use client";

import { NewAccountFields, useCreateAccount } from "./account-fields";
import { Notice } from "./auth-card";

/** For someone invited who has no account yet: choose a password, join the team, signed in. */
export function InvitationSignupForm({ token, email }: { token: string; email: string }) {
  const { error, busy, onSubmit } = useCreateAccount("/api/auth/invitation", () => ({ token }));
  return (
    <form className="space-y-3" onSubmit={onSubmit}>
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
