/**
 * The create-wizard schemas the browser needs: each provider's browser-safe create-schema module
 * (zod + field metadata). The server validates with the very same schemas (lib/operations/service.ts
 * through the registry). A new provider adds one line here.
 */
import type { CreateSchema } from "@/lib/providers/types";
import { createSchema as cloudferro } from "@/lib/providers/cloudferro/create-schema";
import { createSchema as coreweave } from "@/lib/providers/coreweave/create-schema";
import { createSchema as nks } from "@/lib/providers/nks/create-schema";
import { createSchema as rafay } from "@/lib/providers/rafay/create-schema";
import { createSchema as eks } from "@/lib/providers/eks/create-schema";

const SCHEMAS: Record<string, () => CreateSchema> = { nks, cloudferro, coreweave, rafay, eks };

export function browserCreateSchema(kind: string): CreateSchema | undefined {
  return SCHEMAS[kind]?.();
}
