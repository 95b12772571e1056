"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { apiRequest } from "../api";
import { Notice } from "../auth-card";
import { formatDateTime } from "@/components/dates";
import { useAction } from "./shared";

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
