"use client";

import { apiRequest } from "../api";
import { ROLES, useAction } from "./shared";

export interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  source: string;
}

export function MembersSection({ members, canManage, selfEmail }: { members: MemberRow[]; canManage: boolean; selfEmail: string }) {
  const { error, busy, run } = useAction();
  return (
    <div>
      {error && <p className="field-error mb-2">{error}</p>}
      <table className="w-full text-left text-sm" aria-label="Team members">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">Member</th>
            <th>Role</th>
            <th>Managed by</th>
            {canManage && <th />}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1.5">
                {m.name ? `${m.name} · ` : ""}
                {m.email}
              </td>
              <td>
                {canManage ? (
                  <select
                    className="input w-32"
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={busy}
                    onChange={(e) => run(() => apiRequest(`/api/v1/team/members/${m.id}`, { method: "PATCH", body: { role: e.target.value } }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              <td>{m.source === "sso" ? "SSO groups" : "Clusterdeck"}</td>
              {canManage && (
                <td className="text-right">
                  {m.email !== selfEmail && (
                    <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/team/members/${m.id}`, { method: "DELETE" }))} aria-label={`Remove ${m.email}`}>
                      Remove
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
