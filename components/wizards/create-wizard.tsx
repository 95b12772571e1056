"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { apiRequest } from "@/components/operations/api";
import { load, save, STORAGE, type Saved } from "./create/storage";
import { ProviderWizard } from "./create/provider-wizard";
import { StepHeader } from "./create/step-header";
import { TargetStep } from "./create/target-step";
import type { WizardConnectionOption } from "./create/types";

export type { WizardConnectionOption } from "./create/types";

/** the connection's scopes; a saved or default scope the connection does not list is dropped, a single scope is chosen for you */
function useScopeChoice(connectionId: string, scopeChoice: string) {
  const scopes = useQuery({
    queryKey: ["wizard-options", connectionId, "scopes"],
    queryFn: () => apiRequest<{ items: { value: string; label: string }[] }>(`/api/v1/connections/${connectionId}/options/scopes`).then((r) => r.items),
    enabled: !!connectionId,
    staleTime: 60_000,
  });
  const scope = scopes.data?.length && !scopes.data.some((s) => s.value === scopeChoice) ? (scopes.data.length === 1 ? scopes.data[0].value : "") : scopeChoice;
  return { scopes, scope };
}

function NoConnections() {
  return (
    <div className="card p-6 text-sm">
      <p>There is no provider connection yet. </p>
      <Link href="/connections" className="btn-primary mt-3">
        Add a connection
      </Link>
    </div>
  );
}

/**
 * The create wizard: a connection and scope first, then the provider's own steps rendered from its
 * CreateSchema (the same zod schema validates here and on the server), a review of the exact JSON
 * body, and a submit that carries an idempotency key kept in sessionStorage across reloads.
 */
export function CreateWizard({ connections, initialConnectionId }: { connections: WizardConnectionOption[]; initialConnectionId?: string }) {
  const [saved, setSaved] = useState<Saved | null>(null);
  const [connectionId, setConnectionId] = useState("");
  const [scopeChoice, setScope] = useState("");
  const [started, setStarted] = useState(false);
  const [targetErrors, setTargetErrors] = useState<{ connectionId?: string; scope?: string }>({});

  // sessionStorage exists only in the browser: read it after mounting (not during server rendering)
  useEffect(() => {
    const s = load();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one-time restore from sessionStorage after hydration
    setSaved(s);
    const conn = connections.find((c) => c.id === (s.connectionId ?? initialConnectionId)) ?? (connections.length === 1 ? connections[0] : undefined);
    if (conn) {
      setConnectionId(conn.id);
      setScope(s.connectionId === conn.id ? (s.scope ?? conn.defaultScope ?? "") : (conn.defaultScope ?? ""));
      if (s.connectionId === conn.id && s.scope && (s.step ?? 0) > 0) setStarted(true);
    }
  }, [connections, initialConnectionId]);

  const conn = connections.find((c) => c.id === connectionId);
  const { scopes, scope } = useScopeChoice(connectionId, scopeChoice);

  const startOver = () => {
    sessionStorage.removeItem(STORAGE);
    const s = load();
    setSaved(s);
    setStarted(false);
  };

  if (!saved) return <p className="text-sm text-slate-500">Loading…</p>;
  if (connections.length === 0) return <NoConnections />;

  if (started && conn) {
    return (
      <ProviderWizard
        key={`${conn.id}:${scope}:${saved.key}`}
        connection={conn}
        scope={scope}
        saved={saved}
        onBack={() => {
          setStarted(false);
          save({ step: 0 });
        }}
        onStartOver={startOver}
      />
    );
  }

  const next = () => {
    const errs: typeof targetErrors = {};
    if (!conn) errs.connectionId = "choose a connection";
    if (!scope) errs.scope = `choose a ${conn?.scopeLabel.toLowerCase() ?? "scope"}`;
    setTargetErrors(errs);
    if (Object.keys(errs).length) return;
    // another connection or scope than the saved one: the provider's values start afresh
    const same = saved.connectionId === connectionId && saved.scope === scope;
    save({ connectionId, scope, step: 1, ...(same ? {} : { values: undefined }) });
    setSaved({ ...saved, connectionId, scope, step: 1, values: same ? saved.values : undefined });
    setStarted(true);
  };

  return (
    <div className="card space-y-5 p-5">
      <StepHeader steps={["Connection", "…", "Review"]} current={0} />
      <TargetStep
        connections={connections}
        connectionId={connectionId}
        onConnection={(c) => {
          setConnectionId(c?.id ?? "");
          setScope(c?.defaultScope ?? "");
        }}
        scope={scope}
        onScope={setScope}
        scopes={scopes}
        errors={targetErrors}
      />
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-primary" onClick={next}>
          Next
        </button>
      </div>
    </div>
  );
}
