import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { createSchema } from "./create-schema";
import { consoleUrl } from "./console";
import { upgradeOptions } from "./upgrade";

export const definition: ProviderDefinition = {
  kind: "rafay",
  displayName: "Rafay Kubernetes Operations Platform",
  scopeLabel: "Project",
  defaultBaseUrl: "https://console.rafay.dev",
  credentialFields: [
    { name: "apiKey", label: "API key", help: "The key Rafay shows when you create it: ra2.<id>.<secret>, or the key id ra2.<id> with the secret below." },
    { name: "apiSecret", label: "API secret", help: "Only needed when the key field holds the key id without its secret." },
  ],
  credentialsSchema: z.object({
    apiKey: z.string().trim().min(1, "an API key is required"),
    apiSecret: z.string().trim().default(""),
  }),
  credentialsHelp:
    "In the Rafay console open My Tools → Manage Keys (or Users → API keys) and create a key; the key and secret are shown once. For a white-label controller, set the base URL to your console host.",
  createAdapter: async (config) => new (await import("./adapter")).RafayAdapter(config),
  createSchema,
  upgradeOptions,
  consoleUrl,
  // Rafay has no node-pool API: AKS/GKE pools are part of the cluster spec (re-applied as a whole)
  nodePools: { create: false, scale: false, delete: false },
};
