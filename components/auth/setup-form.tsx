"use client";

import { NewAccountFields, useCreateAccount } from "./account-fields";
import { Notice } from "./auth-card";

export function SetupForm() {
  const { error, busy, onSubmit } = useCreateAccount("/api/setup", (f) => ({ teamName: f.get("teamName"), email: f.get("email") }));
  return (
    <form className="space-y-3" onSubmit={onSubmit}>
      {error && <Notice kind="error">{error}</Notice>}
      <div>
        <label className="label" htmlFor="teamName">
          Team name
        </label>
        <input className="input" id="teamName" name="teamName" defaultValue="Default" required maxLength={100} />
      </div>
      <div>
        <label className="label" htmlFor="email">
          Email
        </label>
        <input className="input" id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <NewAccountFields />
      <button className="btn-primary w-full" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create owner account"}
      </button>
    </form>
  );
}
