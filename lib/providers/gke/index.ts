import type { ProviderDefinition } from "../types";
import { GkeAdapter } from "./adapter";
import { DEFAULT_ENDPOINT } from "./client";
import { createSchema } from "./create-schema";
import { credentialsSchema } from "./credentials";
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
  simulator: {
    portEnv: "SIM_GKE_PORT",
    defaultPort: 4106,
    // The simulator's service-account key is generated into the demo's data folder (or read from
    // SIM_GKE_KEY_FILE) by the simulator itself (simulators/gke/keys.ts); its demo connections carry it.
    credentialsFromEnv: (env) => ({ serviceAccountKey: "", projectId: env.SIM_GKE_PROJECT || "clusterdeck-demo" }),
  },
  createAdapter: (config) => new GkeAdapter(config),
  createSchema,
  upgradeOptions,
  nodePools: { create: true, scale: true, delete: true },
};
