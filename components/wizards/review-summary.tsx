"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchVersions, inventoryKeys } from "@/components/inventory/api";
import { formatDate } from "@/components/inventory/format";
import { eolLookup, eolStateOf, normalizeKubeVersion } from "@/lib/kube-version";
import type { CreateSchema, WizardField } from "@/lib/providers/types";

/** numeric fields that count nodes (a pool's size, a worker count): summed into the estimate */
const NODE_COUNT = /^(size|count|nodeCount|nodes|workerCount|workers|replicas|desiredSize|initialNodeCount|minNodes|min_size|masterCount|node_count)$/i;

/** the nodes the numeric node-count fields add up to (pools in lists included); null when no field counts nodes */
function estimatedNodes(schema: CreateSchema, values: Record<string, unknown>): number | null {
  let nodes = 0;
  let counted = false;
  const countNodes = (fields: WizardField[], v: Record<string, unknown>) => {
    for (const f of fields) {
      if (f.type === "number" && NODE_COUNT.test(f.name) && typeof v[f.name] === "number") {
        nodes += v[f.name] as number;
        counted = true;
      }
    }
  };
  countNodes(schema.fields, values);
  for (const f of schema.fields) {
    if (f.type === "list" && Array.isArray(values[f.name]) && f.itemFields) for (const item of values[f.name] as Record<string, unknown>[]) countNodes(f.itemFields, item ?? {});
  }
  return counted ? nodes : null;
}

/** one wizard step's fields by label and option label; a list field as one line per item */
function StepSection({ step, fields, values, labelOf }: { step: CreateSchema["steps"][number]; fields: WizardField[]; values: Record<string, unknown>; labelOf: (f: WizardField, v: unknown) => string }) {
  if (!fields.length) return null;
  return (
    <section aria-label={step.title}>
      <h3 className="mb-1 text-sm font-semibold">{step.title}</h3>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {fields.map((f) =>
          f.type === "list" ? (
            <Item key={f.name} label={f.label}>
              {Array.isArray(values[f.name]) && (values[f.name] as unknown[]).length ? (
                <ul className="space-y-1">
                  {(values[f.name] as Record<string, unknown>[]).map((item, i) => (
                    <li key={i} className="break-words">
                      {(f.itemFields ?? [])
                        .filter((sf) => item?.[sf.name] !== undefined && item?.[sf.name] !== "")
                        .map((sf) => `${sf.label}: ${labelOf(sf, item[sf.name])}`)
                        .join(" · ")}
                    </li>
                  ))}
                </ul>
              ) : (
                "none"
              )}
            </Item>
          ) : (
            <Item key={f.name} label={f.label}>
              {labelOf(f, values[f.name])}
            </Item>
          ),
        )}
      </dl>
    </section>
  );
}

/**
 * The create wizard's Review step as a person reads it: what will be created, where, with which
 * version (and its end of life), sizes, and an estimate of the nodes; every field by its label and its
 * option's label, not its id. (The exact request stays one click away, behind "Show request".)
 */
export function ReviewSummary({ schema, values, connectionId, connectionName, providerName, provider, scope, scopeLabel }: { schema: CreateSchema; values: Record<string, unknown>; connectionId: string; connectionName: string; providerName: string; provider: string; scope: string; scopeLabel: string }) {
  const qc = useQueryClient();
  const versions = useQuery({ queryKey: inventoryKeys.versions(), queryFn: ({ signal }) => fetchVersions(signal), staleTime: 60_000 });
  const catalogue = (versions.data?.items ?? []).filter((v) => v.provider === provider);

  /** the label the live option list gave this value (the wizard already loaded it), else the value */
  const labelOf = (f: WizardField, v: unknown): string => {
    if (v === undefined || v === null || v === "") return "—";
    if (typeof v === "boolean") return v ? "Yes" : "No";
    const text = String(v);
    const fixed = f.options?.find((o) => o.value === text);
    if (fixed) return fixed.label;
    if (f.optionsSource) {
      for (const [, data] of qc.getQueriesData<{ value: string; label: string }[]>({ queryKey: ["wizard-options", connectionId, f.optionsSource] })) {
        const hit = data?.find((o) => o.value === text);
        if (hit) return hit.label;
      }
    }
    return text;
  };

  const estimate = estimatedNodes(schema, values);

  const versionField = schema.fields.find((f) => /version/i.test(f.name) && typeof values[f.name] === "string" && values[f.name]);
  const version = versionField ? String(values[versionField.name]) : null;
  const eol = version ? eolLookup(catalogue)(version) : null;
  const eolState = eol ? eolStateOf(eol) : "unknown";
  const name = typeof values.name === "string" ? values.name : null;

  return (
    <div className="space-y-4" data-testid="review-summary">
      <div className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
        <p className="text-base">
          Create <span className="break-all font-semibold">{name ?? "a cluster"}</span> on <span className="font-medium">{providerName}</span>
        </p>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Item label="Connection" testId="review-connection">
            {connectionName}
          </Item>
          <Item label={scopeLabel} testId="review-scope">
            {scope}
          </Item>
          {version && (
            <Item label="Kubernetes version" testId="review-version">
              <span className="font-mono">{normalizeKubeVersion(version) ?? version}</span>{" "}
              <span className={eolState === "past" ? "text-red-700 dark:text-red-400" : eolState === "soon" ? "text-amber-700 dark:text-amber-400" : "text-slate-500"}>
                {eol ? (eolState === "past" ? `· end of life since ${formatDate(eol.toISOString())}` : `· supported until ${formatDate(eol.toISOString())}`) : "· end of life not published"}
              </span>
            </Item>
          )}
          <Item label="Estimated nodes" testId="review-nodes">
            {estimate !== null ? estimate.toLocaleString() : "set by the provider"}
          </Item>
        </dl>
      </div>
      {schema.steps.map((step) => (
        <StepSection key={step.id} step={step} fields={schema.fields.filter((f) => f.step === step.id && f.name !== "name" && f !== versionField)} values={values} labelOf={labelOf} />
      ))}
    </div>
  );
}

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
