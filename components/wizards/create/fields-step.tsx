"use client";

import type { CreateSchema, WizardField } from "@/lib/providers/types";
import { FieldInput, type OptionsContext } from "../fields";

/**
 * One of a provider's own create-wizard steps: the fields of its CreateSchema that belong to it.
 * A field that names the scope itself (`scopeField`) shows the scope chosen in the first step.
 */
export function FieldsStep({ step, fields, ctx, scopeField, scope }: { step: CreateSchema["steps"][number]; fields: WizardField[]; ctx: OptionsContext; scopeField?: string; scope: string }) {
  return (
    <section aria-labelledby="step-title" className="space-y-4">
      <h2 id="step-title" className="text-lg font-semibold">
        {step.title}
      </h2>
      {fields
        .filter((f) => f.step === step.id)
        .map((f) => (
          <FieldInput key={f.name} field={f} name={f.name} ctx={ctx} readOnlyValue={scopeField === f.name ? scope : undefined} />
        ))}
    </section>
  );
}
