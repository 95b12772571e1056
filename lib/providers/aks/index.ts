import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { createSchema } from "./create-schema";
import { consoleUrl } from "./console";
import { upgradeOptions } from "./upgrade";

const uuid = (what: string) => z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `${what} is a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);

export const definition: ProviderDefinition = {
  kind: "aks",
  displayName: "Azure Kubernetes Service (AKS)",
  scopeLabel: "Subscription",
  defaultBaseUrl: "https://management.azure.com",
  credentialFields: [
    { name: "tenantId", label: "Directory (tenant) ID", help: "Microsoft Entra tenant of the service principal." },
    { name: "clientId", label: "Application (client) ID", help: "The app registration / service principal Clusterdeck signs in as." },
    { name: "clientSecret", label: "Client secret", help: "The secret's value (not its ID)." },
    { name: "subscriptionId", label: "Subscription ID", help: "Clusterdeck shows the AKS clusters of this subscription." },
  ],
  credentialsSchema: z.object({
    tenantId: uuid("the tenant ID"),
    clientId: uuid("the client ID"),
    clientSecret: z.string().trim().min(1, "a client secret is required"),
    subscriptionId: uuid("the subscription ID"),
  }),
  credentialsHelp:
    "Register an app in Microsoft Entra ID (or run `az ad sp create-for-rbac`), create a client secret, and give the service principal the Azure Kubernetes Service Contributor role (read-only: Reader) on the subscription.",
  createAdapter: async (config) => new (await import("./adapter")).AksAdapter(config),
  createSchema,
  upgradeOptions,
  consoleUrl,
  nodePools: { create: true, scale: true, delete: true },
};
