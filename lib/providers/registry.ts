import type { ProviderDefinition } from "./types";
import { definition as nks } from "./nks";
import { definition as cloudferro } from "./cloudferro";
import { definition as coreweave } from "./coreweave";
import { definition as rafay } from "./rafay";
import { definition as eks } from "./eks";
import { definition as gke } from "./gke";
import { definition as aks } from "./aks";
import { definition as kubernetes } from "./kubernetes";

/** Every provider kind Clusterdeck knows. Adding a provider = one folder per layer + one line here. */
export const PROVIDERS: readonly ProviderDefinition[] = [nks, cloudferro, coreweave, rafay, eks, gke, aks, kubernetes];

const byKind = new Map(PROVIDERS.map((p) => [p.kind, p]));

export const PROVIDER_KINDS = PROVIDERS.map((p) => p.kind) as [string, ...string[]];

export function getProvider(kind: string): ProviderDefinition {
  const p = byKind.get(kind);
  if (!p) throw new Error(`unknown provider kind "${kind}"`);
  return p;
}

export function isProviderKind(kind: string): boolean {
  return byKind.has(kind);
}

/** the display name of a kind, or the kind itself for one no longer registered (old rows) */
export function providerDisplayName(kind: string): string {
  return byKind.get(kind)?.displayName ?? kind;
}
