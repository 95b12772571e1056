"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { FormProvider, useForm, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { OperationSummary } from "@/lib/operations/types";
import type { CreateSchema } from "@/lib/providers/types";
import { apiRequest, ApiRequestError } from "@/components/operations/api";
import { defaultOf, errorAt } from "../fields";
import { createSchemaQuery } from "../schemas";
import type { WizardConnectionOption } from "./types";
import { save, STORAGE, type Saved } from "./storage";
import { FieldsStep } from "./fields-step";
import { ReviewStep } from "./review-step";
import { StepHeader } from "./step-header";
import { cleanValues, scopeFieldOf } from "./values";

export type ProviderWizardProps = { connection: WizardConnectionOption; scope: string; saved: Saved; onBack: () => void; onStartOver: () => void };

export function ProviderWizard(props: ProviderWizardProps) {
  const schema = useQuery(createSchemaQuery(props.connection.provider));
  if (schema.isPending) return <p className="text-sm text-slate-500">Loading the {props.connection.providerName} create wizard…</p>;
  if (!schema.data) return <p className="field-error">The {props.connection.providerName} create wizard is not available.</p>;
  return <ProviderWizardForm {...props} cs={schema.data} />;
}

// eslint-disable-next-line max-lines-per-function -- the provider steps' form state, navigation and submit with server-side field errors belong together; the steps render in fields-step.tsx and review-step.tsx
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
        {isReview ? (
          <ReviewStep schema={cs} connection={connection} scope={scope} idempotencyKey={saved.key} values={cleanValues(form.getValues(), cs.fields)} body={body()} />
        ) : (
          <FieldsStep step={steps[step - 1]} fields={cs.fields} ctx={ctx} scopeField={scopeField?.name} scope={scope} />
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
