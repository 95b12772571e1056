"use client";

import { apiRequest } from "../api";
import { ROLES, useAction } from "./shared";

export function GroupMappingsSection({ mappings }: { mappings: { id: string; group: string; role: string }[] }) {
  const { error, busy, run } = useAction();
  return (
    <div>
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          if (await run(() => apiRequest("/api/v1/team/group-mappings", { method: "POST", body: { group: f.get("group"), role: f.get("role") } }))) form.reset();
        }}
      >
        <div className="min-w-56">
          <label className="label" htmlFor="mapping-group">
            Identity provider group
          </label>
          <input className="input" id="mapping-group" name="group" required maxLength={200} />
        </div>
        <div>
          <label className="label" htmlFor="mapping-role">
            Role in this team
          </label>
          <select className="input" id="mapping-role" name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <button className="btn-primary" disabled={busy}>
          Add mapping
        </button>
      </form>
      {error && <p className="field-error mb-2">{error}</p>}
      {mappings.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No group mappings.</p>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Group mappings">
          {mappings.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-3">
              <span>
                <code>{m.group}</code> → {m.role}
              </span>
              <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/team/group-mappings/${m.id}`, { method: "DELETE" }))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
