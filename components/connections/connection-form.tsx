"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";
import { z } from "zod";
import { apiRequest, ApiRequestError, type ConnectionView, type ProviderDescriptor, type TestReport } from "./api";
import { TestResult } from "./test-button";

/** the credentials part of a form, built from the provider's credentialFields */
export function credentialsSchema(p: ProviderDescriptor) {
  return z.object(
    Object.fromEntries(p.credentialFields.map((f) => [f.name, f.optional ? z.string().trim().max(8192) : z.string().trim().min(1, `${f.label} is required`).max(8192)])),
  );
}

const baseUrlSchema = z.string().trim().min(1, "Base URL is required").url("Enter a URL like https://api.example.com");

function addSchema(p: ProviderDescriptor) {
  return z.object({
    name: z.string().trim().min(1, "Name is required").max(100, "At most 100 characters"),
    baseUrl: baseUrlSchema,
    defaultScope: z.string().trim().max(200),
    credentials: credentialsSchema(p),
  });
}

/** puts the API's field errors ("credentials.token", "baseUrl") onto the form's fields */
export function applyServerErrors<T extends FieldValues>(e: unknown, setError: UseFormSetError<T>, known: string[]): string | null {
  if (!(e instanceof ApiRequestError)) return (e as Error).message;
  let unplaced = false;
  for (const f of e.fields) {
    if (known.includes(f.field)) setError(f.field as Path<T>, { message: f.message });
    else unplaced = true;
  }
  return !e.fields.length || unplaced ? e.message : null;
}

export function CredentialInputs({ provider, register, errors, idPrefix }: { provider: ProviderDescriptor; register: (name: string) => object; errors: Record<string, { message?: string } | undefined>; idPrefix: string }) {
  return (
    <>
      {provider.credentialFields.map((f) => (
        <div key={f.name}>
          <label className="label" htmlFor={`${idPrefix}-${f.name}`}>
            {f.label}
            {f.optional && <span className="font-normal text-slate-500"> (optional)</span>}
          </label>
          <input className="input font-mono" id={`${idPrefix}-${f.name}`} type="password" autoComplete="new-password" spellCheck={false} {...register(`credentials.${f.name}`)} />
          {f.help && <p className="mt-1 text-xs text-slate-500">{f.help}</p>}
          {errors[f.name]?.message && <p className="field-error">{errors[f.name]?.message}</p>}
        </div>
      ))}
      <p className="text-xs text-slate-500">{provider.credentialsHelp} Credentials are stored encrypted and are never shown again — only their last four characters.</p>
    </>
  );
}

/** Add a connection: pick a provider, then its form (rendered from its credentialFields). */
export function AddConnectionForm({ providers, initialProvider }: { providers: ProviderDescriptor[]; initialProvider?: string }) {
  const [kind, setKind] = useState(providers.find((p) => p.kind === initialProvider)?.kind ?? "");
  const provider = providers.find((p) => p.kind === kind);
  return (
    <div className="flex flex-col gap-6">
      <fieldset className="card p-5">
        <legend className="px-1 text-sm font-semibold">Provider</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {providers.map((p) => (
            <label key={p.kind} className={`flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm ${kind === p.kind ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-200 dark:border-slate-700"}`}>
              <input type="radio" name="provider" value={p.kind} checked={kind === p.kind} onChange={() => setKind(p.kind)} className="mt-1" />
              <span>
                <span className="block font-medium">{p.displayName}</span>
                <span className="block text-xs text-slate-500">Scopes: {p.scopeLabel.toLowerCase()}s</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {provider && <ProviderForm key={provider.kind} provider={provider} />}
    </div>
  );
}

type AddValues = { name: string; baseUrl: string; defaultScope: string; credentials: Record<string, string> };

function ProviderForm({ provider }: { provider: ProviderDescriptor }) {
  const router = useRouter();
  const schema = useMemo(() => addSchema(provider), [provider]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AddValues>({
    resolver: zodResolver(schema) as never,
    defaultValues: { name: "", baseUrl: provider.defaultBaseUrl, defaultScope: "", credentials: Object.fromEntries(provider.credentialFields.map((f) => [f.name, ""])) },
  });
  const [error, setFormError] = useState<string | null>(null);
  const [report, setReport] = useState<TestReport | null>(null);
  const known = ["name", "baseUrl", "defaultScope", ...provider.credentialFields.map((f) => `credentials.${f.name}`)];
  return (
    <form
      className="card flex flex-col gap-4 p-5"
      noValidate
      onSubmit={handleSubmit(async (v) => {
        setFormError(null);
        setReport(null);
        try {
          const r = await apiRequest<{ connection: ConnectionView; test?: TestReport }>("/api/v1/connections", {
            method: "POST",
            body: { provider: provider.kind, name: v.name, baseUrl: v.baseUrl, defaultScope: v.defaultScope || null, credentials: v.credentials },
          });
          router.push(`/connections/${r.connection.id}?added=1`);
          router.refresh();
        } catch (e) {
          if (e instanceof ApiRequestError && e.code === "credentials_test_failed") setReport({ ok: false, outcome: "error", message: e.message });
          else setFormError(applyServerErrors(e, setError, known));
        }
      })}
    >
      <h2 className="text-lg font-semibold">{provider.displayName}</h2>
      <div>
        <label className="label" htmlFor="conn-name">
          Name
        </label>
        <input className="input" id="conn-name" {...register("name")} placeholder={`${provider.displayName} production`} />
        {errors.name && <p className="field-error">{errors.name.message}</p>}
      </div>
      <div>
        <label className="label" htmlFor="conn-baseUrl">
          API base URL
        </label>
        <input className="input font-mono" id="conn-baseUrl" {...register("baseUrl")} />
        <p className="mt-1 text-xs text-slate-500">The provider&apos;s default; change it for another region or a private controller. https, at a public address; http and private or internal addresses only for hosts an administrator allowed (ALLOWED_PROVIDER_HOSTS, and the demo&apos;s simulators).</p>
        {errors.baseUrl && <p className="field-error">{errors.baseUrl.message}</p>}
      </div>
      <div>
        <label className="label" htmlFor="conn-defaultScope">
          Default {provider.scopeLabel.toLowerCase()} <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input className="input" id="conn-defaultScope" {...register("defaultScope")} />
        {errors.defaultScope && <p className="field-error">{errors.defaultScope.message}</p>}
      </div>
      <CredentialInputs provider={provider} register={register as never} errors={(errors.credentials ?? {}) as Record<string, { message?: string }>} idPrefix="conn-cred" />
      {report && <TestResult report={report} />}
      {error && <p className="field-error">{error}</p>}
      <div className="flex gap-2">
        <button className="btn-primary" type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Testing and saving…" : "Test and add connection"}
        </button>
      </div>
    </form>
  );
}
