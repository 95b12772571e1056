"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { FormProvider, useForm, type FieldValues, type Path, type Resolver, type UseFormReturn } from "react-hook-form";
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

/** the form on the provider's own zod schema, its defaults (saved values win) and its values kept across reloads */
function useWizardForm(cs: CreateSchema, scope: string, saved: Saved, scopeField: ReturnType<typeof scopeFieldOf>) {
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
  // keep the values across reloads, with the idempotency key
  useEffect(() => {
    const sub = form.watch((values) => save({ values: values as Record<string, unknown> }));
    return () => sub.unsubscribe();
  }, [form]);
  return form;
}

/** puts the server's field errors on the form; the index of the earliest step holding one, or undefined */
function showServerFieldErrors(form: UseFormReturn<FieldValues>, cs: CreateSchema, fields: { field: string; message: string }[]): number | undefined {
  let firstStep: number | undefined;
  for (const f of fields) {
    if (f.field === "connectionId" || f.field === "scope") continue;
    form.setError(f.field as Path<FieldValues>, { type: "server", message: f.message });
    const s = cs.fields.find((x) => x.name === f.field.split(".")[0])?.step;
    const idx = cs.steps.findIndex((x) => x.id === s);
    if (idx >= 0 && (firstStep === undefined || idx < firstStep)) firstStep = idx;
  }
  return firstStep;
}

/** the submit of the review step: client validation first, then POST /api/v1/clusters with the idempotency key */
function useSubmit(form: UseFormReturn<FieldValues>, cs: CreateSchema, idempotencyKey: string, body: () => Record<string, unknown>, setStep: (step: number) => void) {
  const router = useRouter();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [reused, setReused] = useState(false);
  const submit = async () => {
    setSubmitError(null);
    if (!(await form.trigger())) {
      const first = cs.fields.find((f) => errorAt(form.formState.errors, f.name));
      const idx = first ? cs.steps.findIndex((s) => s.id === first.step) : -1;
      if (idx >= 0) setStep(idx + 1);
      setSubmitError("Some values are not valid; see the messages next to the fields.");
      return;
    }
    setSubmitting(true);
    try {
      const r = await apiRequest<{ operation: OperationSummary }>("/api/v1/clusters", { method: "POST", body: body(), headers: { "Idempotency-Key": idempotencyKey } });
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
        const firstStep = showServerFieldErrors(form, cs, e.fields);
        if (firstStep !== undefined) setStep(firstStep + 1);
      }
      setSubmitError((e as Error).message);
    }
  };
  return { submit, submitError, submitting, reused };
}

function WizardButtons({ isReview, submitting, reused, onBack, onStartOver }: { isReview: boolean; submitting: boolean; reused: boolean; onBack: () => void; onStartOver: () => void }) {
  return (
    <div className="flex flex-wrap justify-between gap-2">
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" onClick={onBack} disabled={submitting}>
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
  );
}

function ProviderWizardForm({ connection, scope, saved, onBack, onStartOver, cs }: ProviderWizardProps & { cs: CreateSchema }) {
  const scopeField = scopeFieldOf(cs, connection.scopeLabel);
  const form = useWizardForm(cs, scope, saved, scopeField);
  const steps = cs.steps;
  const [step, setStep] = useState(() => Math.min(Math.max(saved.step ?? 1, 1), steps.length + 1));
  // keep the step across reloads
  useEffect(() => save({ step }), [step]);
  const isReview = step === steps.length + 1;
  const body = () => ({ connectionId: connection.id, scope, ...cleanValues(form.getValues(), cs.fields) });
  const { submit, submitError, submitting, reused } = useSubmit(form, cs, saved.key, body, setStep);

  const next = async () => {
    const names = cs.fields.filter((f) => f.step === steps[step - 1].id).map((f) => f.name as Path<FieldValues>);
    if (await form.trigger(names, { shouldFocus: true })) setStep(step + 1);
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
          <FieldsStep step={steps[step - 1]} fields={cs.fields} ctx={{ connectionId: connection.id, scope }} scopeField={scopeField?.name} scope={scope} />
        )}
        {submitError && (
          <p className="field-error" role="alert">
            {submitError}
          </p>
        )}
        <WizardButtons isReview={isReview} submitting={submitting} reused={reused} onBack={() => (step <= 1 ? onBack() : setStep(step - 1))} onStartOver={onStartOver} />
      </form>
    </FormProvider>
  );
}
