import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { createSchema } from "./create-schema";
import { upgradeOptions } from "./upgrade";

export const definition: ProviderDefinition = {
  kind: "coreweave",
  displayName: "CoreWeave Kubernetes Service",
  scopeLabel: "Zone",
  defaultBaseUrl: "https://api.coreweave.com",
  credentialFields: [{ name: "token", label: "API access token", help: "Starts with CW-SECRET-. The token acts with your user's IAM roles." }],
  credentialsSchema: z.object({ token: z.string().trim().min(1, "an API access token is required") }),
  credentialsHelp: "Create an API access token in the CoreWeave Cloud Console under Tokens (API Access Tokens); it is shown once.",
  createAdapter: async (config) => new (await import("./adapter")).CoreWeaveAdapter(config),
  createSchema,
  upgradeOptions,
  // Node pools are NodePool custom resources inside each cluster, not part of api.coreweave.com.
  nodePools: { create: false, scale: false, delete: false },
};
