import { PROVIDERS } from "@/lib/providers/registry";
import type { ProviderDefinition } from "@/lib/providers/types";

/** What the browser needs to render a provider's connection form (no functions, no schemas). */
export interface ProviderDescriptor {
  kind: string;
  displayName: string;
  scopeLabel: string;
  defaultBaseUrl: string;
  credentialsHelp: string;
  credentialFields: { name: string; label: string; help?: string; optional: boolean; type: "secret" | "textarea" | "text" | "checkbox" | "contexts"; source?: string; file: boolean; maxLength: number }[];
  /** the base URL may stay empty (a kubeconfig names its servers) */
  baseUrlOptional: boolean;
}

/** a field is optional when the provider's credentials schema accepts it empty */
function fieldOptional(p: ProviderDefinition, name: string): boolean {
  const filled = Object.fromEntries(p.credentialFields.map((f) => [f.name, "x".repeat(40)]));
  return p.credentialsSchema.safeParse({ ...filled, [name]: "" }).success;
}

export function providerDescriptors(): ProviderDescriptor[] {
  return PROVIDERS.map((p) => ({
    kind: p.kind,
    displayName: p.displayName,
    scopeLabel: p.scopeLabel,
    defaultBaseUrl: p.defaultBaseUrl,
    credentialsHelp: p.credentialsHelp,
    credentialFields: p.credentialFields.map((f) => ({ name: f.name, label: f.label, help: f.help, optional: f.optional ?? fieldOptional(p, f.name), type: f.type ?? "secret", ...(f.source ? { source: f.source } : {}), file: f.file ?? false, maxLength: f.maxLength ?? 8192 })),
    baseUrlOptional: p.baseUrlOptional ?? false,
  }));
}
