"use client";

import { DataTable } from "@/components/ui/data-table";
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
      <DataTable
        data={members}
        getRowId={(m) => m.id}
        tableProps={{ "aria-label": "Team members" }}
        theadClassName="text-xs uppercase text-slate-500"
        rowProps={() => ({ className: "border-t border-slate-100 dark:border-slate-800" })}
        columns={[
          {
            id: "member",
            header: "Member",
            meta: { thClassName: "py-1", tdClassName: "py-1.5" },
            cell: ({ row: { original: m } }) => (
              <>
                {m.name ? `${m.name} · ` : ""}
                {m.email}
              </>
            ),
          },
          {
            id: "role",
            header: "Role",
            cell: ({ row: { original: m } }) =>
              canManage ? (
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
              ),
          },
          { id: "source", header: "Managed by", cell: ({ row }) => (row.original.source === "sso" ? "SSO groups" : "Clusterdeck") },
          ...(canManage
            ? [
                {
                  id: "remove",
                  header: () => <span className="sr-only">Actions</span>,
                  meta: { tdClassName: "text-right" },
                  cell: ({ row: { original: m } }: { row: { original: MemberRow } }) =>
                    m.email !== selfEmail && (
                      <button className="btn-secondary" disabled={busy} onClick={() => run(() => apiRequest(`/api/v1/team/members/${m.id}`, { method: "DELETE" }))} aria-label={`Remove ${m.email}`}>
                        Remove
                      </button>
                    ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
