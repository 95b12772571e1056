/**
 * Browser-safe provider facts (display name, what a scope is called). The server builds the map from
 * lib/providers/registry.ts (see providerInfos in ./provider-infos.ts) and hands it to client components,
 * so UI code never switches on provider names.
 */
export interface ProviderInfo {
  kind: string;
  displayName: string;
  scopeLabel: string;
  /** node-pool operations the provider's API offers (ProviderDefinition.nodePools) */
  nodePools?: { create: boolean; scale: boolean; delete: boolean; upgrade?: boolean };
}

export type ProviderMap = Record<string, ProviderInfo>;

export function providerName(map: ProviderMap, kind: string): string {
  return map[kind]?.displayName ?? kind;
}

export function scopeLabel(map: ProviderMap, kind: string): string {
  return map[kind]?.scopeLabel ?? "Scope";
}

const NO_POOL_ACTIONS = { create: false, scale: false, delete: false, upgrade: false };

export function nodePoolSupport(map: ProviderMap, kind: string): { create: boolean; scale: boolean; delete: boolean; upgrade: boolean } {
  const s = map[kind]?.nodePools;
  return s ? { ...s, upgrade: !!s.upgrade } : NO_POOL_ACTIONS;
}
