"use client";

import { useState } from "react";
import { apiRequest } from "../api";
import { formatDateTime } from "@/components/dates";
import { DataTable } from "@/components/ui/data-table";
import { OneTimeSecret, useAction } from "./shared";

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
      {created && <OneTimeSecret message="Copy your new token now: it is not shown again." value={created} testId="new-token" copyLabel="Copy token" />}
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
        <DataTable
          data={tokens}
          getRowId={(t) => t.id}
          tableProps={{ "aria-label": "API tokens" }}
          theadClassName="text-xs uppercase text-slate-500"
          rowProps={() => ({ className: "border-t border-slate-100 dark:border-slate-800" })}
          columns={[
            { id: "name", header: "Name", meta: { thClassName: "py-1", tdClassName: "py-1.5" }, cell: ({ row }) => row.original.name },
            { id: "token", header: "Token", meta: { tdClassName: "font-mono text-xs" }, cell: ({ row }) => `${row.original.prefix}…` },
            { id: "created", header: "Created", cell: ({ row }) => formatDateTime(row.original.createdAt) },
            { id: "lastUsed", header: "Last used", cell: ({ row }) => formatDateTime(row.original.lastUsedAt) },
            { id: "expires", header: "Expires", cell: ({ row }) => (row.original.expiresAt ? formatDateTime(row.original.expiresAt) : "never") },
            {
              id: "revoke",
              header: () => <span className="sr-only">Actions</span>,
              meta: { tdClassName: "text-right" },
              cell: ({ row: { original: t } }) => (
                <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/tokens/${t.id}`, { method: "DELETE" }))} aria-label={`Revoke ${t.name}`}>
                  Revoke
                </button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
