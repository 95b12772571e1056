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
