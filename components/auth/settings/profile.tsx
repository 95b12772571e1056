"use client";

import { useState } from "react";
import { apiRequest } from "../api";
import { useAction } from "./shared";

export function ProfileForm({ name, email }: { name: string | null; email: string }) {
  const { error, busy, run } = useAction();
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const v = new FormData(e.currentTarget).get("name");
        setSaved(await run(() => apiRequest("/api/v1/me", { method: "PATCH", body: { name: v ? String(v) : null } })));
      }}
    >
      <div>
        <span className="label">Email</span>
        <span className="text-sm">{email}</span>
      </div>
      <div className="min-w-64">
        <label className="label" htmlFor="profile-name">
          Name
        </label>
        <input className="input" id="profile-name" name="name" defaultValue={name ?? ""} maxLength={200} />
      </div>
      <button className="btn-secondary" disabled={busy}>
        Save
      </button>
      {saved && <span className="text-sm text-green-700">Saved.</span>}
      {error && <p className="field-error w-full">{error}</p>}
    </form>
  );
}

/** Own password change: ends every other session and revokes every API token (said before submitting). */
