"use client";

import { useState } from "react";
import { apiRequest } from "../api";
import { formatDateTime } from "@/components/dates";
import { OneTimeSecret, ROLES, useAction } from "./shared";

export interface InvitationRow {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
}

export function InvitationsSection({ invitations }: { invitations: InvitationRow[] }) {
  const { error, busy, run } = useAction();
  const [link, setLink] = useState<string | null>(null);
  return (
    <div>
      {link && <OneTimeSecret message="Send this invitation link to the person you invited. It is shown only now and works once, for 7 days." value={link} testId="invitation-link" copyLabel="Copy link" />}
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          let url: string | null = null;
          const ok = await run(async () => {
            const r = await apiRequest<{ url: string }>("/api/v1/team/invitations", { method: "POST", body: { email: f.get("email"), role: f.get("role") } });
            url = r.url;
          });
          if (ok) {
            setLink(url);
            form.reset();
          }
        }}
      >
        <div className="min-w-64">
          <label className="label" htmlFor="invite-email">
            Invite by email
          </label>
          <input className="input" id="invite-email" name="email" type="email" required />
        </div>
        <div>
          <label className="label" htmlFor="invite-role">
            Role
          </label>
          <select className="input" id="invite-role" name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <button className="btn-primary" disabled={busy}>
          Invite
        </button>
      </form>
      {error && <p className="field-error mb-2">{error}</p>}
      {invitations.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label="Open invitations">
          {invitations.map((i) => (
            <li key={i.id} className="flex items-center justify-between gap-3">
              <span>
                {i.email} · {i.role} · until {formatDateTime(i.expiresAt)}
              </span>
              <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/team/invitations/${i.id}`, { method: "DELETE" }))}>
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
