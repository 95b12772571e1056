import type { ProviderDefinition } from "../types";
import { DEFAULT_ENDPOINT } from "./endpoint";
import { createSchema } from "./create-schema";
import { credentialsSchema } from "./credentials";
import { consoleUrl } from "./console";
import { upgradeOptions } from "./upgrade";

export const definition: ProviderDefinition = {
  kind: "gke",
  displayName: "Google Kubernetes Engine",
  scopeLabel: "Location",
  defaultBaseUrl: DEFAULT_ENDPOINT,
  credentialFields: [
    { name: "serviceAccountKey", label: "Service-account key (JSON)", help: "Paste the whole JSON key file of a service account with the Kubernetes Engine Admin role (roles/container.admin) on the project." },
    { name: "projectId", label: "Project ID", help: "The project whose clusters to manage; defaults to the key's own project_id." },
  ],
  credentialsSchema,
  credentialsHelp: "In the Google Cloud console: IAM & Admin → Service Accounts → your account → Keys → Add key → JSON. The whole key is a secret.",
  createAdapter: async (config) => new (await import("./adapter")).GkeAdapter(config),
  createSchema,
  upgradeOptions,
  consoleUrl,
  nodePools: { create: true, scale: true, delete: true },
};
