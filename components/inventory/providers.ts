/**
 * Browser-safe look-ups in the provider map the server builds with providerMap()
 * (lib/providers/browser-data.ts, the one way the registry becomes browser data).
 */
import type { ProviderMap } from "@/lib/providers/browser-data";

export type { ProviderInfo, ProviderMap } from "@/lib/providers/browser-data";

export function providerName(map: ProviderMap, kind: string): string {
  return map[kind]?.displayName ?? kind;
}

export function scopeLabel(map: ProviderMap, kind: string): string {
  return map[kind]?.scopeLabel ?? "Scope";
}

export function managedOutside(map: ProviderMap, kind: string): boolean {
  return map[kind]?.managedOutside === true;
}

type PoolSupport = { create: boolean; scale: boolean; delete: boolean; upgrade?: boolean };
const NO_POOL_ACTIONS = { create: false, scale: false, delete: false, upgrade: false };

/** the node-pool operations of a provider (the server's providerMap() carries ProviderDefinition.nodePools) */
export function nodePoolSupport(map: ProviderMap, kind: string): Required<PoolSupport> {
  // the cluster page receives providerMap() descriptors, which carry nodePools
  const s = (map[kind] as { nodePools?: PoolSupport } | undefined)?.nodePools;
  return s ? { ...s, upgrade: !!s.upgrade } : NO_POOL_ACTIONS;
}
