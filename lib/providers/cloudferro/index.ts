import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { createSchema } from "./create-schema";
import { upgradeOptions } from "./upgrade";

export const definition: ProviderDefinition = {
  kind: "cloudferro",
  displayName: "CloudFerro Managed Kubernetes",
  scopeLabel: "Region",
  // one host per region; the Terraform provider builds managed-kubernetes.<region>.cloudferro.com
  defaultBaseUrl: "https://managed-kubernetes.waw3-1.cloudferro.com/api/v1",
  credentialFields: [
    {
      name: "token",
      label: "API token",
      help: "A Managed Kubernetes API token of the same region as the endpoint above, sent as \"Authorization: Token …\".",
    },
  ],
  credentialsSchema: z.object({ token: z.string().trim().min(1, "API token is required") }) as unknown as ProviderDefinition["credentialsSchema"],
  credentialsHelp:
    "In the Managed Kubernetes console open Tokens → Create token, pick a validity and the roles (at least listing regions, versions, machine specs, clusters and node pools; add create/update/delete for changes), and copy the value — it is shown once. A token works only against its own region's endpoint.",
  createAdapter: async (config) => new (await import("./adapter")).CloudferroAdapter(config),
  createSchema,
  upgradeOptions,
  nodePools: { create: true, scale: true, delete: true },
  kubeconfig: true,
};
