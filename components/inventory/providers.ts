/**
 * Browser-safe provider facts (display name, what a scope is called). The server builds the map from
 * lib/providers/registry.ts (see providerInfos in ./provider-infos.ts) and hands it to client components,
 * so UI code never switches on provider names.
 */
export interface ProviderInfo {
  kind: string;
  displayName: string;
  scopeLabel: string;
  /** read-only kind: create, upgrade and delete are not offered ("managed outside Clusterdeck") */
  managedOutside?: boolean;
}

export type ProviderMap = Record<string, ProviderInfo>;

export function providerName(map: ProviderMap, kind: string): string {
  return map[kind]?.displayName ?? kind;
}

export function scopeLabel(map: ProviderMap, kind: string): string {
  return map[kind]?.scopeLabel ?? "Scope";
}

export function managedOutside(map: ProviderMap, kind: string): boolean {
  return map[kind]?.managedOutside === true;
}
