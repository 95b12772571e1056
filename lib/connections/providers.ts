import { PROVIDERS } from "@/lib/providers/registry";
import type { ProviderDefinition } from "@/lib/providers/types";

/** What the browser needs to render a provider's connection form (no functions, no schemas). */
export interface ProviderDescriptor {
  kind: string;
  displayName: string;
  scopeLabel: string;
  defaultBaseUrl: string;
  credentialsHelp: string;
  credentialFields: { name: string; label: string; help?: string; optional: boolean }[];
}

/**
 * a field is optional when the provider's credentials schema raises no problem at that field with it
 * empty (other fields filled with placeholders, which may themselves be invalid, e.g. a JSON key)
 */
export function fieldOptional(p: ProviderDefinition, name: string): boolean {
  const filled = Object.fromEntries(p.credentialFields.map((f) => [f.name, "x".repeat(40)]));
  const r = p.credentialsSchema.safeParse({ ...filled, [name]: "" });
  return r.success || !r.error.issues.some((i) => i.path[0] === name);
}

export function providerDescriptors(): ProviderDescriptor[] {
  return PROVIDERS.map((p) => ({
    kind: p.kind,
    displayName: p.displayName,
    scopeLabel: p.scopeLabel,
    defaultBaseUrl: p.defaultBaseUrl,
    credentialsHelp: p.credentialsHelp,
    credentialFields: p.credentialFields.map((f) => ({ name: f.name, label: f.label, help: f.help, optional: fieldOptional(p, f.name) })),
  }));
}
