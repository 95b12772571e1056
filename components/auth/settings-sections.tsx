"use client";

import { useRouter } from "next/navigation";
import { CopyButton } from "@/components/ui/copy-button";
import { useState } from "react";
import { apiRequest } from "./api";
import { Notice } from "./auth-card";
import { formatDateTime } from "@/components/dates";

const ROLES = ["owner", "admin", "operator", "viewer"] as const;

export function Section({ title, description, children, id }: { title: string; description?: string; children: React.ReactNode; id: string }) {
  return (
    <section className="card mb-6 p-5" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      router.refresh();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}


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

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export function TokensSection({ tokens }: { tokens: TokenRow[] }) {
  const { error, busy, run } = useAction();
  const [created, setCreated] = useState<string | null>(null);
  return (
    <div>
      {created && (
        <Notice kind="info">
          <p className="font-medium">Copy your new token now: it is not shown again.</p>
          <code data-testid="new-token" className="mt-1 block break-all font-mono text-xs">
            {created}
          </code>
          <div className="mt-2">
            <CopyButton value={created} label="Copy token" />
          </div>
        </Notice>
      )}
      <form
        className="mb-4 flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const days = Number(f.get("expires") || 0);
          let token: string | null = null;
          const ok = await run(async () => {
            const r = await apiRequest<{ token: string }>("/api/v1/tokens", { method: "POST", body: { name: f.get("name"), expiresInDays: days || null } });
            token = r.token;
          });
          if (ok) {
            setCreated(token);
            form.reset();
          }
        }}
      >
        <div className="min-w-56">
          <label className="label" htmlFor="token-name">
            Token name
          </label>
          <input className="input" id="token-name" name="name" required maxLength={100} placeholder="ci-pipeline" />
        </div>
        <div>
          <label className="label" htmlFor="token-expires">
            Expires
          </label>
          <select className="input" id="token-expires" name="expires" defaultValue="90">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </select>
        </div>
        <button className="btn-primary" disabled={busy}>
          Create token
        </button>
      </form>
      {error && <p className="field-error mb-2">{error}</p>}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No API tokens.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="API tokens">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Name</th>
              <th>Token</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1.5">{t.name}</td>
                <td className="font-mono text-xs">{t.prefix}…</td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{formatDateTime(t.lastUsedAt)}</td>
                <td>{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</td>
                <td className="text-right">
                  <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/tokens/${t.id}`, { method: "DELETE" }))} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

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
      {link && (
        <Notice kind="info">
          <p className="font-medium">Send this invitation link to the person you invited. It is shown only now and works once, for 7 days.</p>
          <code data-testid="invitation-link" className="mt-1 block break-all font-mono text-xs">
            {link}
          </code>
          <div className="mt-2">
            <CopyButton value={link} label="Copy link" />
          </div>
        </Notice>
      )}
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

export function SignInMethodsSection({ passwordLoginEnabled, ssoNames }: { passwordLoginEnabled: boolean; ssoNames: string[] }) {
  const { error, busy, run } = useAction();
  return (
    <div className="space-y-3 text-sm">
      <p>Single sign-on: {ssoNames.length ? ssoNames.join(", ") : "not configured (set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or GITHUB_ID and GITHUB_SECRET)"}.</p>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={passwordLoginEnabled}
          disabled={busy}
          onChange={(e) => run(() => apiRequest("/api/v1/team", { method: "PATCH", body: { passwordLoginEnabled: e.target.checked } }))}
        />
        Members may sign in with a password
      </label>
      <p className="text-slate-600 dark:text-slate-400">Owners managed in Clusterdeck keep password sign-in as a break-glass way in, whatever this says.</p>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
