"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { load as loadYaml } from "js-yaml";
import { useMemo, useState } from "react";
import { useForm, type FieldErrors, type FieldValues, type Path, type UseFormRegister, type UseFormSetError } from "react-hook-form";
import { z } from "zod";
import { apiRequest, ApiRequestError, type ConnectionView, type ProviderDescriptor, type TestReport } from "./api";
import { TestResult } from "./test-button";

/** the credentials part of a form, built from the provider's credentialFields */
export function credentialsSchema(p: ProviderDescriptor) {
  return z.object(
    Object.fromEntries(
      p.credentialFields.map((f) => {
        const max = z.string().max(f.maxLength, `at most ${f.maxLength} characters`);
        return [f.name, f.optional ? max.trim() : max.trim().min(1, `${f.label} is required`)];
      }),
    ),
  );
}

const baseUrlSchema = z.string().trim().min(1, "Base URL is required").url("Enter a URL like https://api.example.com");

function addSchema(p: ProviderDescriptor) {
  return z.object({
    name: z.string().trim().min(1, "Name is required").max(100, "At most 100 characters"),
    baseUrl: p.baseUrlOptional ? z.union([z.literal(""), baseUrlSchema]) : baseUrlSchema,
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

type Register = (name: string, options?: { setValueAs?: (v: unknown) => unknown }) => object;

/** context names of a pasted kubeconfig (browser side, for the picker only; the server checks everything) */
function contextNames(text: string | undefined): string[] {
  if (!text?.trim()) return [];
  try {
    const doc = loadYaml(text) as { contexts?: { name?: unknown }[] } | null;
    return Array.isArray(doc?.contexts) ? doc.contexts.map((c) => c?.name).filter((n): n is string => typeof n === "string" && n.length > 0).slice(0, 100) : [];
  } catch {
    return [];
  }
}

/** Checkboxes of the kubeconfig's contexts; the value is the ticked names, comma-separated ("" = all). */
function ContextPicker({ f, id, value, kubeconfig, setValue }: { f: ProviderDescriptor["credentialFields"][number]; id: string; value: string; kubeconfig: string | undefined; setValue?: (name: string, value: string) => void }) {
  const names = contextNames(kubeconfig);
  const chosen = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!names.length) return <p className="text-xs text-slate-500" id={id}>Paste or upload a kubeconfig to choose its contexts.</p>;
  return (
    <div className="flex flex-wrap gap-3" id={id} role="group" aria-label={f.label}>
      {names.map((n) => (
        <label key={n} className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={chosen.includes(n)}
            onChange={(e) => setValue?.(`credentials.${f.name}`, (e.target.checked ? [...chosen, n] : chosen.filter((c) => c !== n)).join(","))}
          />
          <span className="font-mono text-xs">{n}</span>
        </label>
      ))}
    </div>
  );
}

/** One credential input by its type: password (default), multi-line secret (with an optional file picker), plain text, checkbox. */
function CredentialInput({ f, id, register, setValue }: { f: ProviderDescriptor["credentialFields"][number]; id: string; register: Register; setValue?: (name: string, value: string) => void }) {
  const name = `credentials.${f.name}`;
  if (f.type === "checkbox") return <input id={id} type="checkbox" className="h-4 w-4" {...register(name, { setValueAs: (v) => (v === true ? "true" : v === false ? "" : v) })} />;
  if (f.type === "text") return <input className="input font-mono" id={id} type="text" autoComplete="off" spellCheck={false} {...register(name)} />;
  if (f.type === "textarea")
    return (
      <>
        <textarea className="input min-h-24 font-mono text-xs" id={id} rows={5} autoComplete="off" spellCheck={false} {...register(name)} />
        {f.file && setValue && (
          <input
            type="file"
            aria-label={`${f.label} file`}
            className="mt-1 block text-xs"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setValue(name, file.size > f.maxLength ? "" : await file.text());
              e.target.value = "";
            }}
          />
        )}
      </>
    );
  return <input className="input font-mono" id={id} type="password" autoComplete="new-password" spellCheck={false} {...register(name)} />;
}

export function CredentialInputs({
  provider,
  register,
  setValue,
  watch,
  errors,
  idPrefix,
}: {
  provider: ProviderDescriptor;
  register: Register;
  setValue?: (name: string, value: string) => void;
  /** current credential values (for fields derived from others, e.g. the context picker) */
  watch?: (name: string) => string | undefined;
  errors: Record<string, { message?: string } | undefined>;
  idPrefix: string;
}) {
  return (
    <>
      {provider.credentialFields.map((f) => (
        <div key={f.name} className={f.type === "checkbox" ? "flex flex-wrap items-start gap-2" : undefined}>
          {f.type === "checkbox" && <CredentialInput f={f} id={`${idPrefix}-${f.name}`} register={register} />}
          <label className={f.type === "checkbox" ? "text-sm" : "label"} htmlFor={`${idPrefix}-${f.name}`}>
            {f.label}
            {f.optional && f.type !== "checkbox" && <span className="font-normal text-slate-500"> (optional)</span>}
          </label>
          {f.type === "contexts" ? (
            <ContextPicker f={f} id={`${idPrefix}-${f.name}`} value={watch?.(`credentials.${f.name}`) ?? ""} kubeconfig={f.source ? watch?.(`credentials.${f.source}`) : undefined} setValue={setValue} />
          ) : (
            f.type !== "checkbox" && <CredentialInput f={f} id={`${idPrefix}-${f.name}`} register={register} setValue={setValue} />
          )}
          {f.help && <p className="mt-1 w-full text-xs text-slate-500">{f.help}</p>}
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

/** the connection was added, but another connection already reads the same account (issue 18 #8) */
function AddedWithWarning({ added }: { added: { id: string; warning: string } }) {
  return (
    <div className="card flex flex-col gap-3 p-5" role="alert" data-testid="same-account-warning">
      <p className="text-sm font-medium text-green-700 dark:text-green-400">Connection added.</p>
      <p className="text-sm text-amber-800 dark:text-amber-300">{added.warning}</p>
      <div>
        <Link href={`/connections/${added.id}?added=1`} className="btn-primary">
          Open the connection
        </Link>
      </div>
    </div>
  );
}

/** the name, API base URL and default scope of a new connection */
function ConnectionFields({ provider, register, errors }: { provider: ProviderDescriptor; register: UseFormRegister<AddValues>; errors: FieldErrors<AddValues> }) {
  return (
    <>
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
    <p className="mt-1 text-xs text-slate-500">
      {provider.baseUrlOptional
        ? "The API server URL, for a token or certificate without a kubeconfig (a kubeconfig names its own servers). https; http only for hosts an administrator allowed (ALLOWED_PROVIDER_HOSTS, and the demo's simulators); private addresses only where the team lists them (Settings)."
        : "The provider's default; change it for another region or a private controller. https, at a public address; http and private or internal addresses only for hosts an administrator allowed (ALLOWED_PROVIDER_HOSTS, and the demo's simulators)."}
    </p>
    {errors.baseUrl && <p className="field-error">{errors.baseUrl.message}</p>}
  </div>
  <div>
    <label className="label" htmlFor="conn-defaultScope">
      Default {provider.scopeLabel.toLowerCase()} <span className="font-normal text-slate-500">(optional)</span>
    </label>
    <input className="input" id="conn-defaultScope" {...register("defaultScope")} />
    {errors.defaultScope && <p className="field-error">{errors.defaultScope.message}</p>}
  </div>
    </>
  );
}

function ProviderForm({ provider }: { provider: ProviderDescriptor }) {
  const router = useRouter();
  const schema = useMemo(() => addSchema(provider), [provider]);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<AddValues>({
    resolver: zodResolver(schema) as never,
    defaultValues: { name: "", baseUrl: provider.defaultBaseUrl, defaultScope: "", credentials: Object.fromEntries(provider.credentialFields.map((f) => [f.name, ""])) },
  });
  const [error, setFormError] = useState<string | null>(null);
  const [report, setReport] = useState<TestReport | null>(null);
  const [added, setAdded] = useState<{ id: string; warning: string } | null>(null);
  const known = ["name", "baseUrl", "defaultScope", ...provider.credentialFields.map((f) => `credentials.${f.name}`)];
  if (added) return <AddedWithWarning added={added} />;
  return (
    <form
      className="card flex flex-col gap-4 p-5"
      noValidate
      onSubmit={handleSubmit(async (v) => {
        setFormError(null);
        setReport(null);
        try {
          const r = await apiRequest<{ connection: ConnectionView; test?: TestReport; warning?: string }>("/api/v1/connections", {
            method: "POST",
            body: { provider: provider.kind, name: v.name, ...(v.baseUrl ? { baseUrl: v.baseUrl } : {}), defaultScope: v.defaultScope || null, credentials: Object.fromEntries(Object.entries(v.credentials).filter(([, x]) => x !== "")) },
          });
          // the same account as another connection (issue 18 #8): say so here before moving on
          if (r.warning) setAdded({ id: r.connection.id, warning: r.warning });
          else router.push(`/connections/${r.connection.id}?added=1`);
          router.refresh();
        } catch (e) {
          if (e instanceof ApiRequestError && e.code === "credentials_test_failed") setReport({ ok: false, outcome: "error", message: e.message });
          else setFormError(applyServerErrors(e, setError, known));
        }
      })}
    >
      <h2 className="text-lg font-semibold">{provider.displayName}</h2>
      <ConnectionFields provider={provider} register={register} errors={errors} />
      <CredentialInputs
        provider={provider}
        register={register as never}
        setValue={(n, v) => setValue(n as never, v as never, { shouldValidate: true })}
        watch={(n) => watch(n as never) as unknown as string | undefined}
        errors={(errors.credentials ?? {}) as Record<string, { message?: string }>}
        idPrefix="conn-cred"
      />
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
