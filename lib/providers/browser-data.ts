/**
 * THE one way the provider registry becomes browser data: display facts and the credential form's
 * metadata, plain JSON (no functions, no zod schemas, never a secret). Server code calls these and
 * hands the result to client components, so UI code never switches on provider names. The create
 * wizard's schemas reach the browser by kind instead (components/wizards/schemas.ts).
 */
import { PROVIDERS } from "./registry";
import type { NodePoolSupport, ProviderDefinition } from "./types";

/** what every view needs to name a provider and its scopes */
export interface ProviderInfo {
  kind: string;
  displayName: string;
  scopeLabel: string;
  /** read-only kind: create, upgrade and delete are not offered ("managed outside Clusterdeck") */
  managedOutside?: boolean;
}

/** ProviderInfo plus what the connection form needs */
export interface ProviderDescriptor extends ProviderInfo {
  defaultBaseUrl: string;
  credentialsHelp: string;
  credentialFields: { name: string; label: string; help?: string; optional: boolean; type: "secret" | "textarea" | "text" | "checkbox" | "contexts"; source?: string; file: boolean; maxLength: number }[];
  /** the base URL may stay empty (a kubeconfig names its servers) */
  baseUrlOptional: boolean;
  /** which node-pool operations the provider's API has (ProviderDefinition.nodePools) */
  nodePools: NodePoolSupport;
}

export type ProviderMap = Record<string, ProviderInfo>;

/**
 * a field is optional when the provider's credentials schema raises no problem at that field with it
 * empty (other fields filled with placeholders, which may themselves be invalid, e.g. a JSON key)
 */
function fieldOptional(p: ProviderDefinition, name: string): boolean {
  const filled = Object.fromEntries(p.credentialFields.map((f) => [f.name, "x".repeat(40)]));
  const r = p.credentialsSchema.safeParse({ ...filled, [name]: "" });
  return r.success || !r.error.issues.some((i) => i.path[0] === name);
}

function infoOf(p: ProviderDefinition): ProviderInfo {
  return { kind: p.kind, displayName: p.displayName, scopeLabel: p.scopeLabel, ...(p.managedOutside ? { managedOutside: true } : {}) };
}

function descriptorOf(p: ProviderDefinition): ProviderDescriptor {
  return {
    ...infoOf(p),
    defaultBaseUrl: p.defaultBaseUrl,
    credentialsHelp: p.credentialsHelp,
    credentialFields: p.credentialFields.map((f) => ({
      name: f.name,
      label: f.label,
      help: f.help,
      optional: f.optional ?? fieldOptional(p, f.name),
      type: f.type ?? "secret",
      ...(f.source ? { source: f.source } : {}),
      file: f.file ?? false,
      maxLength: f.maxLength ?? 8192,
    })),
    baseUrlOptional: p.baseUrlOptional ?? false,
    nodePools: { ...p.nodePools },
  };
}

/** every registered provider, in registry order (server only) */
export function providerDescriptors(): ProviderDescriptor[] {
  return PROVIDERS.map(descriptorOf);
}

/**
 * only what names providers (ProviderInfo) keyed by kind, for client views that need no more: their
 * server-rendered props stay small (the clusters list: 0.8 KB instead of 8.6 KB of credential forms'
 * help text parsed by every page load; issue 20) (server only)
 */
export function providerInfoMap(): ProviderMap {
  return Object.fromEntries(PROVIDERS.map((p) => [p.kind, infoOf(p)]));
}

/** the same descriptors keyed by kind, for client components that look providers up (server only) */
export function providerMap(): Record<string, ProviderDescriptor> {
  return Object.fromEntries(providerDescriptors().map((d) => [d.kind, d]));
}
