"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { ReviewSummary } from "./review-summary";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { FormProvider, useForm, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { OperationSummary } from "@/lib/operations/types";
import type { CreateSchema, WizardField } from "@/lib/providers/types";
import { apiRequest, ApiRequestError } from "@/components/operations/api";
import { defaultOf, errorAt, FieldInput } from "./fields";
import { createSchemaQuery } from "./schemas";

export interface WizardConnectionOption {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  scopeLabel: string;
  defaultScope: string | null;
  demo: boolean;
}

const STORAGE = "clusterdeck:create-wizard";

interface Saved {
  key: string;
  connectionId?: string;
  scope?: string;
  values?: Record<string, unknown>;
  step?: number;
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

function load(): Saved {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE) ?? "null") as Saved | null;
    if (s && typeof s.key === "string") return s;
  } catch {
    /* ignore */
  }
  const fresh = { key: newKey() };
  sessionStorage.setItem(STORAGE, JSON.stringify(fresh));
  return fresh;
}

function save(patch: Partial<Saved>) {
  try {
    const cur = JSON.parse(sessionStorage.getItem(STORAGE) ?? "{}") as Saved;
    sessionStorage.setItem(STORAGE, JSON.stringify({ ...cur, ...patch }));
  } catch {
    /* storage full or disabled: the wizard still works, without surviving reloads */
  }
}

/** the body exactly as it is sent: empty optional values left out */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== "" && x !== undefined && x !== null && !(typeof x === "number" && Number.isNaN(x)))
        .map(([k, x]) => [k, clean(x)]),
    );
  }
  return v;
}

/** the values as sent: empty optional values and empty optional lists left out */
function cleanValues(values: Record<string, unknown>, fields: WizardField[]): Record<string, unknown> {
  const out = clean(values) as Record<string, unknown>;
  for (const f of fields) if (f.type === "list" && !f.required && Array.isArray(out[f.name]) && (out[f.name] as unknown[]).length === 0) delete out[f.name];
  return out;
}

/** a top-level field that names the scope itself (e.g. a Rafay project, a CoreWeave zone) is filled from it */
function scopeFieldOf(schema: CreateSchema, scopeLabel: string): WizardField | undefined {
  const plural = `${scopeLabel.toLowerCase()}s`;
  return schema.fields.find((f) => f.type === "select" && f.optionsSource?.toLowerCase() === plural);
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
  const scopes = useQuery({
    queryKey: ["wizard-options", connectionId, "scopes"],
    queryFn: () => apiRequest<{ items: { value: string; label: string }[] }>(`/api/v1/connections/${connectionId}/options/scopes`).then((r) => r.items),
    enabled: !!connectionId,
    staleTime: 60_000,
  });
  // a saved or default scope the connection does not list is dropped; a single scope is chosen for you
  const scope = scopes.data?.length && !scopes.data.some((s) => s.value === scopeChoice) ? (scopes.data.length === 1 ? scopes.data[0].value : "") : scopeChoice;

  const startOver = () => {
    sessionStorage.removeItem(STORAGE);
    const s = load();
    setSaved(s);
    setStarted(false);
  };

  if (!saved) return <p className="text-sm text-slate-500">Loading…</p>;
  if (connections.length === 0) {
    return (
      <div className="card p-6 text-sm">
        <p>There is no provider connection yet. </p>
        <Link href="/connections" className="btn-primary mt-3">
          Add a connection
        </Link>
      </div>
    );
  }

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
      <div>
        <label htmlFor="f-connectionId" className="label">
          Connection <span aria-hidden className="text-red-600">*</span>
        </label>
        <select
          id="f-connectionId"
          className="input"
          value={connectionId}
          onChange={(e) => {
            const c = connections.find((x) => x.id === e.target.value);
            setConnectionId(e.target.value);
            setScope(c?.defaultScope ?? "");
          }}
          aria-invalid={!!targetErrors.connectionId}
        >
          <option value="">Choose…</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {c.providerName}
              {c.demo ? " (simulated)" : ""}
            </option>
          ))}
        </select>
        {targetErrors.connectionId && (
          <p className="field-error" role="alert">
            {targetErrors.connectionId}
          </p>
        )}
      </div>
      {conn && (
        <div>
          <label htmlFor="f-scope" className="label">
            {conn.scopeLabel} <span aria-hidden className="text-red-600">*</span>
          </label>
          <select id="f-scope" className="input" value={scope} onChange={(e) => setScope(e.target.value)} aria-invalid={!!targetErrors.scope}>
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
          {targetErrors.scope && (
            <p className="field-error" role="alert">
              {targetErrors.scope}
            </p>
          )}
        </div>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-primary" onClick={next}>
          Next
        </button>
      </div>
    </div>
  );
}

function StepHeader({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="flex flex-wrap gap-2 text-xs" aria-label="Steps">
      {steps.map((s, i) => (
        <li
          key={`${s}-${i}`}
          aria-current={i === current ? "step" : undefined}
          className={`rounded-full px-2.5 py-1 ${i === current ? "bg-brand-600 text-white" : i < current ? "bg-slate-200 dark:bg-slate-700" : "bg-slate-100 text-slate-500 dark:bg-slate-800"}`}
        >
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}

type ProviderWizardProps = { connection: WizardConnectionOption; scope: string; saved: Saved; onBack: () => void; onStartOver: () => void };

function ProviderWizard(props: ProviderWizardProps) {
  const schema = useQuery(createSchemaQuery(props.connection.provider));
  if (schema.isPending) return <p className="text-sm text-slate-500">Loading the {props.connection.providerName} create wizard…</p>;
  if (!schema.data) return <p className="field-error">The {props.connection.providerName} create wizard is not available.</p>;
  return <ProviderWizardForm {...props} cs={schema.data} />;
}

function ProviderWizardForm({ connection, scope, saved, onBack, onStartOver, cs }: ProviderWizardProps & { cs: CreateSchema }) {
  const router = useRouter();
  const scopeField = scopeFieldOf(cs, connection.scopeLabel);
  const defaults = useMemo(() => {
    const d: Record<string, unknown> = Object.fromEntries(cs.fields.map((f) => [f.name, defaultOf(f)]));
    if (scopeField) d[scopeField.name] = scope;
    return { ...d, ...(saved.values ?? {}), ...(scopeField ? { [scopeField.name]: scope } : {}) };
  }, [cs, saved.values, scopeField, scope]);
  const form = useForm<FieldValues>({
    // the provider's own zod schema: the server validates the body with the very same one
    // validates what will be sent (the cleaned values), reporting errors against the form's fields
    resolver: (values, context, options) => (zodResolver(cs.schema as never, undefined, { raw: true }) as unknown as Resolver<FieldValues>)(cleanValues(values, cs.fields), context, options),
    defaultValues: defaults,
    mode: "onTouched",
  });
  const steps = cs.steps;
  const [step, setStep] = useState(() => Math.min(Math.max(saved.step ?? 1, 1), steps.length + 1));
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [reused, setReused] = useState(false);

  // keep the values (and the step) across reloads, with the idempotency key
  useEffect(() => {
    const sub = form.watch((values) => save({ values: values as Record<string, unknown> }));
    return () => sub.unsubscribe();
  }, [form]);
  useEffect(() => save({ step }), [step]);

  const ctx = { connectionId: connection.id, scope };
  const isReview = step === steps.length + 1;
  const stepOf = (path: string) => cs.fields.find((f) => f.name === path.split(".")[0])?.step;
  const body = () => ({ connectionId: connection.id, scope, ...cleanValues(form.getValues(), cs.fields) });

  const next = async () => {
    const names = cs.fields.filter((f) => f.step === steps[step - 1].id).map((f) => f.name as Path<FieldValues>);
    if (await form.trigger(names, { shouldFocus: true })) setStep(step + 1);
  };

  const submit = async () => {
    setSubmitError(null);
    if (!(await form.trigger())) {
      const first = cs.fields.find((f) => errorAt(form.formState.errors, f.name));
      const idx = first ? steps.findIndex((s) => s.id === first.step) : -1;
      if (idx >= 0) setStep(idx + 1);
      setSubmitError("Some values are not valid; see the messages next to the fields.");
      return;
    }
    setSubmitting(true);
    try {
      const r = await apiRequest<{ operation: OperationSummary }>("/api/v1/clusters", { method: "POST", body: body(), headers: { "Idempotency-Key": saved.key } });
      sessionStorage.removeItem(STORAGE);
      router.push(`/operations/${r.operation.id}`);
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiRequestError && e.code === "idempotency_key_reused") {
        setReused(true);
        setSubmitError("This wizard already submitted a different cluster. Start over to create another one.");
        return;
      }
      if (e instanceof ApiRequestError && e.fields.length) {
        let firstStep: number | undefined;
        for (const f of e.fields) {
          if (f.field === "connectionId" || f.field === "scope") continue;
          form.setError(f.field as Path<FieldValues>, { type: "server", message: f.message });
          const s = stepOf(f.field);
          const idx = steps.findIndex((x) => x.id === s);
          if (idx >= 0 && (firstStep === undefined || idx < firstStep)) firstStep = idx;
        }
        if (firstStep !== undefined) setStep(firstStep + 1);
      }
      setSubmitError((e as Error).message);
    }
  };

  const titles = ["Connection", ...steps.map((s) => s.title), "Review"];
  return (
    <FormProvider {...form}>
      <form
        className="card space-y-5 p-5"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (isReview) void submit();
          else void next();
        }}
      >
        <StepHeader steps={titles} current={step} />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {connection.name} ({connection.providerName}) · {connection.scopeLabel} {scope}
        </p>
        {!isReview && (
          <section aria-labelledby="step-title" className="space-y-4">
            <h2 id="step-title" className="text-lg font-semibold">
              {steps[step - 1].title}
            </h2>
            {cs.fields
              .filter((f) => f.step === steps[step - 1].id)
              .map((f) => (
                <FieldInput key={f.name} field={f} name={f.name} ctx={ctx} readOnlyValue={scopeField?.name === f.name ? scope : undefined} />
              ))}
          </section>
        )}
        {isReview && (
          <section aria-labelledby="step-title" className="space-y-3">
            <h2 id="step-title" className="text-lg font-semibold">
              Review
            </h2>
            <ReviewSummary schema={cs} values={cleanValues(form.getValues(), cs.fields)} connectionId={connection.id} connectionName={connection.name} providerName={connection.providerName} provider={connection.provider} scope={scope} scopeLabel={connection.scopeLabel} />
            <details className="text-sm">
              <summary className="cursor-pointer text-brand-600">Show request</summary>
              <p className="mt-2 text-slate-600 dark:text-slate-400">
                Exactly what will be sent to <code>POST /api/v1/clusters</code> (with the header <code className="break-all">Idempotency-Key: {saved.key}</code>):
              </p>
              <pre className="mt-1 max-h-[28rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="review-body">
                {JSON.stringify(body(), null, 2)}
              </pre>
            </details>
          </section>
        )}
        {submitError && (
          <p className="field-error" role="alert">
            {submitError}
          </p>
        )}
        <div className="flex flex-wrap justify-between gap-2">
          <div className="flex gap-2">
            <button type="button" className="btn-secondary" onClick={() => (step <= 1 ? onBack() : setStep(step - 1))} disabled={submitting}>
              Back
            </button>
            <button type="button" className="btn-secondary" onClick={onStartOver} disabled={submitting}>
              Start over
            </button>
          </div>
          {isReview ? (
            <button type="submit" className="btn-primary" disabled={submitting || reused}>
              {submitting ? "Creating…" : "Create cluster"}
            </button>
          ) : (
            <button type="submit" className="btn-primary">
              Next
            </button>
          )}
        </div>
      </form>
    </FormProvider>
  );
}
