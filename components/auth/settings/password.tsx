"use client";

import { useState } from "react";
import { apiRequest } from "../api";
import { useAction } from "./shared";

export function PasswordChangeForm() {
  const { error, busy, run } = useAction();
  const [done, setDone] = useState(false);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        setDone(false);
        const ok = await run(() => apiRequest("/api/v1/me/password", { method: "POST", body: { currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword") } }));
        if (ok) form.reset();
        setDone(ok);
      }}
    >
      <div className="min-w-56">
        <label className="label" htmlFor="current-password">
          Current password
        </label>
        <input className="input" id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
      </div>
      <div className="min-w-56">
        <label className="label" htmlFor="new-password">
          New password
        </label>
        <input className="input" id="new-password" name="newPassword" type="password" autoComplete="new-password" required />
      </div>
      <button className="btn-secondary" disabled={busy}>
        Change password
      </button>
      <p className="w-full text-xs text-slate-600 dark:text-slate-400">Signs you out everywhere else and revokes your API tokens.</p>
      {done && <span className="text-sm text-green-700">Password changed.</span>}
      {error && <p className="field-error w-full">{error}</p>}
    </form>
  );
}
