import type { CreateSchema, WizardField } from "@/lib/providers/types";

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
export function cleanValues(values: Record<string, unknown>, fields: WizardField[]): Record<string, unknown> {
  const out = clean(values) as Record<string, unknown>;
  for (const f of fields) if (f.type === "list" && !f.required && Array.isArray(out[f.name]) && (out[f.name] as unknown[]).length === 0) delete out[f.name];
  return out;
}

/** a top-level field that names the scope itself (e.g. a Rafay project, a CoreWeave zone) is filled from it */
export function scopeFieldOf(schema: CreateSchema, scopeLabel: string): WizardField | undefined {
  const plural = `${scopeLabel.toLowerCase()}s`;
  return schema.fields.find((f) => f.type === "select" && f.optionsSource?.toLowerCase() === plural);
}
