"use client";

/**
 * The add-node-pool form (react-hook-form over the provider's zod item schema): loaded by
 * node-pool-actions.tsx when "Add node pool" is pressed, so a cluster page's first load carries no
 * form or schema code (issue 20).
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { FormProvider, useForm, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { nodePoolForm } from "@/lib/operations/nodepool-schema";
import type { OperationSummary } from "@/lib/operations/types";
import { defaultOf, FieldInput } from "@/components/wizards/fields";
import { createSchemaQuery } from "@/components/wizards/schemas";
import { apiRequest, ApiRequestError } from "./api";
import type { NodePoolActionsProps } from "./node-pool-actions";

export type AddPoolProps = NodePoolActionsProps & { onCancel: () => void; onStarted: (op: OperationSummary) => void };

export function AddPoolForm(props: AddPoolProps) {
  const schema = useQuery(createSchemaQuery(props.provider));
  if (schema.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  return <AddPoolFields {...props} cs={schema.data ?? undefined} />;
}

function AddPoolFields({ clusterId, connectionId, scope, cs, onCancel, onStarted }: AddPoolProps & { cs: Parameters<typeof nodePoolForm>[0] }) {
  const form0 = useMemo(() => nodePoolForm(cs), [cs]);
  const form = useForm<FieldValues>({
    resolver: zodResolver(form0.schema as never, undefined, { raw: true }) as unknown as Resolver<FieldValues>,
    defaultValues: Object.fromEntries(form0.fields.map((f) => [f.name, defaultOf(f)])),
  });
  const [error, setError] = useState<string | null>(null);
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "" && v !== undefined));
    try {
      onStarted((await apiRequest<{ operation: OperationSummary }>(`/api/v1/clusters/${clusterId}/nodepools`, { method: "POST", body })).operation);
    } catch (e) {
      if (e instanceof ApiRequestError) for (const f of e.fields) form.setError(f.field as Path<FieldValues>, { type: "server", message: f.message });
      setError((e as Error).message);
    }
  });
  return (
    <FormProvider {...form}>
      <form className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" onSubmit={submit} noValidate>
        <h3 className="text-sm font-semibold">New node pool</h3>
        <div className="grid gap-3 sm:grid-cols-2">
          {form0.fields.map((f) => (
            <FieldInput key={f.name} field={f} name={f.name} ctx={{ connectionId, scope }} />
          ))}
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="flex gap-2">
          <button type="submit" className="btn-primary" disabled={form.formState.isSubmitting}>
            Add node pool
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
