import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { createSchema } from "./create-schema";
import { upgradeOptions } from "./upgrade";

export const definition: ProviderDefinition = {
  kind: "nks",
  displayName: "NetApp Kubernetes Service (NKS)",
  scopeLabel: "Organization",
  defaultBaseUrl: "https://api.nks.netapp.io",
  credentialFields: [{ name: "token", label: "API token", help: "Sent as \"Authorization: Bearer <token>\". The token's user must own the organizations you want to manage." }],
  credentialsSchema: z.object({ token: z.string().trim().min(1, "an API token is required") }),
  credentialsHelp: "In the NKS (StackPoint) web console open your profile → API Tokens and create a token; it is shown once. Older accounts use https://api.stackpoint.io as the base URL.",
  createAdapter: async (config) => new (await import("./adapter")).NksAdapter(config),
  createSchema,
  upgradeOptions,
  nodePools: { create: true, scale: true, delete: true },
  kubeconfig: true,
};
