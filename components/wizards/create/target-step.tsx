"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { WizardConnectionOption } from "./types";

export interface TargetErrors {
  connectionId?: string;
  scope?: string;
}

/** the first step of the create wizard: which connection, and where at the provider (its scope) */
export function TargetStep({
  connections,
  connectionId,
  onConnection,
  scope,
  onScope,
  scopes,
  errors,
}: {
  connections: WizardConnectionOption[];
  connectionId: string;
  /** another connection was chosen (undefined: none) */
  onConnection: (c: WizardConnectionOption | undefined) => void;
  scope: string;
  onScope: (scope: string) => void;
  scopes: Pick<UseQueryResult<{ value: string; label: string }[]>, "data" | "isFetching" | "isError" | "error">;
  errors: TargetErrors;
}) {
  const conn = connections.find((c) => c.id === connectionId);
  return (
    <>
      <div>
        <label htmlFor="f-connectionId" className="label">
          Connection <span aria-hidden className="text-red-600">*</span>
        </label>
        <select
          id="f-connectionId"
          className="input"
          value={connectionId}
          onChange={(e) => onConnection(connections.find((x) => x.id === e.target.value))}
          aria-invalid={!!errors.connectionId}
        >
          <option value="">Choose…</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {c.providerName}
              {c.demo ? " (simulated)" : ""}
            </option>
          ))}
        </select>
        {errors.connectionId && (
          <p className="field-error" role="alert">
            {errors.connectionId}
          </p>
        )}
      </div>
      {conn && (
        <div>
          <label htmlFor="f-scope" className="label">
            {conn.scopeLabel} <span aria-hidden className="text-red-600">*</span>
          </label>
          <select id="f-scope" className="input" value={scope} onChange={(e) => onScope(e.target.value)} aria-invalid={!!errors.scope}>
            <option value="">{scopes.isFetching ? "Loading…" : "Choose…"}</option>
            {(scopes.data ?? []).map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
            {scope && !(scopes.data ?? []).some((s) => s.value === scope) && <option value={scope}>{scope}</option>}
          </select>
          <p className="mt-1 text-xs text-slate-500">Where the cluster will live at {conn.providerName}.</p>
          {scopes.isError && <p className="field-error">Could not list the {conn.scopeLabel.toLowerCase()}s: {(scopes.error as Error).message}</p>}
          {errors.scope && (
            <p className="field-error" role="alert">
              {errors.scope}
            </p>
          )}
        </div>
      )}
    </>
  );
}
