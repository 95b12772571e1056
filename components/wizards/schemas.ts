/**
 * The create-wizard schema of a provider, in the browser: each provider folder's browser-safe
 * `lib/providers/<kind>/create-schema.ts` (zod + field metadata), loaded by kind. There is no list to
 * keep here: a new provider folder with that file is found. The server validates with the very same
 * schema (lib/operations/service.ts through the registry); components/wizards/schemas.test.ts checks
 * that every registered provider's file loads and matches its definition.
 */
import type { CreateSchema } from "@/lib/providers/types";

const KIND = /^[a-z][a-z0-9-]{0,39}$/;

export async function loadCreateSchema(kind: string): Promise<CreateSchema | undefined> {
  if (!KIND.test(kind)) return undefined;
  try {
    const mod = (await import(`../../lib/providers/${kind}/create-schema.ts`)) as { createSchema?: () => CreateSchema };
    return mod.createSchema?.();
  } catch {
    return undefined;
  }
}

/** TanStack Query options for a provider's create schema (loaded once per kind; zod objects kept as they are) */
export function createSchemaQuery(kind: string) {
  return { queryKey: ["create-schema", kind] as const, queryFn: async () => (await loadCreateSchema(kind)) ?? null, staleTime: Infinity, gcTime: Infinity, structuralSharing: false };
}
