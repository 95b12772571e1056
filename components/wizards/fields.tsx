"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useFieldArray, useFormContext, useWatch, type FieldValues } from "react-hook-form";
import type { WizardField } from "@/lib/providers/types";
import { apiRequest } from "@/components/operations/api";

/** a nested value by dotted path ("nodePools.0.size") */
export function getPath(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** the message of a field's error, also for list-level errors */
export function errorAt(errors: unknown, path: string): string | undefined {
  const e = getPath(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}

export const fieldId = (name: string) => `f-${name.replace(/\./g, "-")}`;

export interface OptionsContext {
  connectionId: string;
  scope: string;
}

/** live options of a select field: refetched when the fields it depends on change */
export function useLiveOptions(field: WizardField, ctx: OptionsContext) {
  const deps = (field.dependsOn ?? []).filter((d) => d !== "scope");
  const values = useWatch({ name: deps }) as unknown[];
  const context: Record<string, string> = { scope: ctx.scope };
  deps.forEach((d, i) => {
    const v = values?.[i];
    if (v !== undefined && v !== null && v !== "") context[d] = String(v);
  });
  const missing = deps.filter((d) => !(d in context));
  return useQuery({
    queryKey: ["wizard-options", ctx.connectionId, field.optionsSource, context],
    queryFn: () => apiRequest<{ items: { value: string; label: string }[] }>(`/api/v1/connections/${ctx.connectionId}/options/${field.optionsSource}?${new URLSearchParams(context)}`).then((r) => r.items),
    enabled: !!field.optionsSource && !!ctx.connectionId && missing.length === 0,
    staleTime: 60_000,
    retry: 1,
  });
}

function Shell({ field, name, error, children, inline = false }: { field: WizardField; name: string; error?: string; children: React.ReactNode; inline?: boolean }) {
  const id = fieldId(name);
  return (
    <div className={inline ? "flex flex-col justify-end" : ""} data-field={name}>
      {field.type !== "boolean" && (
        <label htmlFor={id} className="label">
          {field.label}
          {field.required && <span aria-hidden className="text-red-600"> *</span>}
        </label>
      )}
      {children}
      {field.help && !inline && (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {field.help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SelectInput({ field, name, ctx, readOnlyValue }: { field: WizardField; name: string; ctx: OptionsContext; readOnlyValue?: string }) {
  const { register, setValue, formState } = useFormContext();
  const raw = useWatch({ name }) as unknown;
  const live = useLiveOptions(field, ctx);
  const options = field.options ?? live.data ?? [];
  const error = errorAt(formState.errors, name);
  const value = raw === undefined || raw === null ? "" : String(raw);
  const stale = !!field.optionsSource && live.isSuccess && value !== "" && !live.data.some((o) => o.value === value);
  // a value the (re)loaded options no longer contain is cleared, so a stale choice is never sent
  useEffect(() => {
    if (stale) setValue(name, "", { shouldDirty: true });
  }, [stale, name, setValue]);
  const id = fieldId(name);
  if (readOnlyValue !== undefined) {
    return (
      <Shell field={{ ...field, help: "Set by the scope chosen in the first step." }} name={name}>
        <input id={id} className="input bg-slate-100 dark:bg-slate-800" readOnly value={readOnlyValue} />
      </Shell>
    );
  }
  return (
    <Shell field={field} name={name} error={error}>
      <select id={id} className="input" {...register(name)} value={value} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{live.isFetching ? "Loading…" : field.required ? "Choose…" : "(none)"}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {value !== "" && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
      </select>
      {live.isError && <p className="field-error">Could not load the options from the provider: {(live.error as Error).message}</p>}
    </Shell>
  );
}

/** one wizard field, rendered from the provider's WizardField metadata */
export function FieldInput({ field, name, ctx, readOnlyValue }: { field: WizardField; name: string; ctx: OptionsContext; readOnlyValue?: string }) {
  const { register, formState } = useFormContext();
  const error = errorAt(formState.errors, name);
  const id = fieldId(name);
  const aria = { "aria-invalid": !!error, "aria-describedby": error ? `${id}-error` : undefined };
  switch (field.type) {
    case "select":
      return <SelectInput field={field} name={name} ctx={ctx} readOnlyValue={readOnlyValue} />;
    case "boolean":
      return (
        <Shell field={field} name={name} error={error}>
          <label className="flex items-center gap-2 text-sm" htmlFor={id}>
            <input id={id} type="checkbox" className="h-4 w-4" {...register(name)} {...aria} />
            {field.label}
          </label>
        </Shell>
      );
    case "number":
      return (
        <Shell field={field} name={name} error={error}>
          <input
            id={id}
            type="number"
            className="input"
            min={field.min}
            max={field.max}
            placeholder={field.placeholder}
            {...register(name, { setValueAs: (v) => (v === "" || v === null || v === undefined ? undefined : Number(v)) })}
            {...aria}
          />
        </Shell>
      );
    case "textarea":
      return (
        <Shell field={field} name={name} error={error}>
          <textarea id={id} className="input min-h-20 font-mono" placeholder={field.placeholder} {...register(name)} {...aria} />
        </Shell>
      );
    case "list":
      return <ListInput field={field} name={name} ctx={ctx} />;
    default:
      return (
        <Shell field={field} name={name} error={error}>
          <input id={id} type="text" className="input" placeholder={field.placeholder} autoComplete="off" {...register(name)} {...aria} />
        </Shell>
      );
  }
}

export function defaultOf(f: WizardField): unknown {
  if (f.type === "list") return Array.isArray(f.defaultValue) ? f.defaultValue : [];
  if (f.type === "boolean") return f.defaultValue ?? false;
  if (f.defaultValue === undefined || f.defaultValue === null) return f.type === "number" ? undefined : "";
  return f.type === "select" ? String(f.defaultValue) : f.defaultValue;
}

export function itemDefaults(f: WizardField): Record<string, unknown> {
  return Object.fromEntries((f.itemFields ?? []).map((s) => [s.name, defaultOf(s)]));
}

function ListInput({ field, name, ctx }: { field: WizardField; name: string; ctx: OptionsContext }) {
  const { control, formState } = useFormContext<FieldValues>();
  const { fields, append, remove } = useFieldArray({ control, name });
  const error = errorAt(formState.errors, name);
  const items = field.itemFields ?? [];
  const singular = (items.length === 1 ? items[0].label : field.label.replace(/s$/, "")).toLowerCase();
  return (
    <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-700" data-field={name}>
      <legend className="px-1 text-sm font-medium">
        {field.label}
        {field.required && <span aria-hidden className="text-red-600"> *</span>}
      </legend>
      {field.help && <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{field.help}</p>}
      {fields.length === 0 && <p className="mb-2 text-sm text-slate-500">None yet.</p>}
      <div className="space-y-3">
        {fields.map((row, i) => (
          <div key={row.id} className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-2 lg:grid-cols-3 dark:bg-slate-800/50" data-list-item={`${name}.${i}`}>
            {(field.itemFields ?? []).map((sub) => (
              <FieldInput key={sub.name} field={{ ...sub, label: sub.label }} name={`${name}.${i}.${sub.name}`} ctx={ctx} />
            ))}
            <div className="flex items-end">
              <button type="button" className="btn-secondary" onClick={() => remove(i)} aria-label={`Remove ${singular} ${i + 1}`}>
                Remove
              </button>
            </div>
          </div>
        ))}
      </div>
      <button type="button" className="btn-secondary mt-3" onClick={() => append(itemDefaults(field))}>
        Add {singular}
      </button>
      {error && (
        <p id={`${fieldId(name)}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
