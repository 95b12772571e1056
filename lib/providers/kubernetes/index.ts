/**
 * "Kubernetes API" connections (issue 17): any cluster read directly through its own API with
 * @kubernetes/client-node, from a kubeconfig (each chosen context is a cluster) or from a server URL
 * with a bearer token, a client certificate and key, or basic auth. Read-only: clusters are
 * "managed outside Clusterdeck". Facts: docs/providers/kubernetes.md.
 */
import { z } from "zod";
import type { ProviderDefinition } from "../types";
import { KubeconfigError, MAX_KUBECONFIG_BYTES, parseKubeconfig, selectContexts, SERVICE_ACCOUNT_HINT, targetsFromCredentials } from "./kubeconfig";

const opt = (max = 8192) => z.string().max(max, `at most ${max} characters`).optional();

export const credentialsSchema = z
  .object({
    kubeconfig: opt(MAX_KUBECONFIG_BYTES),
    contexts: opt(4000),
    token: opt(),
    caData: opt(16384),
    clientCertData: opt(16384),
    clientKeyData: opt(16384),
    username: opt(256),
    password: opt(),
    allowInsecureTls: z.enum(["true", "false", ""]).optional(),
  })
  .superRefine((c, ctx) => {
    try {
      // the server URL of the token form is checked with the base URL; a placeholder stands in here
      targetsFromCredentials("https://api-server.invalid", c);
    } catch (e) {
      if (e instanceof KubeconfigError) ctx.addIssue({ code: "custom", path: [c.kubeconfig?.trim() ? e.field : e.field === "kubeconfig" ? "token" : e.field], message: e.message });
      else throw e;
    }
  })
  .transform((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>);

export const definition: ProviderDefinition = {
  kind: "kubernetes",
  displayName: "Kubernetes API",
  scopeLabel: "Context",
  defaultBaseUrl: "",
  baseUrlOptional: true,
  credentialFields: [
    { name: "kubeconfig", label: "Kubeconfig", type: "textarea", file: true, optional: true, maxLength: MAX_KUBECONFIG_BYTES, help: "Paste or upload a kubeconfig: each context becomes a cluster of this connection. Tokens, client certificates and basic auth only — exec and auth-provider plugins are refused." },
    { name: "contexts", label: "Contexts to read", type: "contexts", source: "kubeconfig", optional: true, maxLength: 4000, help: "Each context is a cluster of this connection; none ticked reads them all." },
    { name: "token", label: "Bearer token", optional: true, help: "Without a kubeconfig: a service-account token for the API server at the base URL." },
    { name: "caData", label: "CA certificate (PEM or base64)", type: "textarea", optional: true, maxLength: 16384, help: "Without a kubeconfig: the API server's certificate authority." },
    { name: "clientCertData", label: "Client certificate (PEM or base64)", type: "textarea", optional: true, maxLength: 16384 },
    { name: "clientKeyData", label: "Client key (PEM or base64)", type: "textarea", optional: true, maxLength: 16384 },
    { name: "username", label: "User name (basic auth)", type: "text", optional: true, maxLength: 256 },
    { name: "password", label: "Password (basic auth)", optional: true },
    { name: "allowInsecureTls", label: "Allow insecure-skip-tls-verify (admins only; shown as a warning wherever the cluster appears)", type: "checkbox", optional: true },
  ],
  credentialsSchema: credentialsSchema as unknown as ProviderDefinition["credentialsSchema"],
  credentialsHelp: `Clusterdeck only reads (version, nodes, namespaces, pods, warning events). ${SERVICE_ACCOUNT_HINT} API servers on private networks need an owner to list the network under Settings → Private networks.`,
  simulator: {
    portEnv: "SIM_KUBERNETES_PORT",
    defaultPort: 4108,
    credentialsFromEnv: (env) => ({ token: env.SIM_KUBERNETES_TOKEN || "k8s-demo-token-0123456789abcdef" }),
  },
  createAdapter: async (config) => new (await import("./adapter")).KubernetesAdapter(config),
  createSchema: () => ({ steps: [], fields: [], schema: z.object({}) as never }),
  upgradeOptions: () => [],
  nodePools: { create: false, scale: false, delete: false },
  managedOutside: true,
  privateNetworks: true,
  baseUrlFromCredentials(credentials) {
    if (!credentials.kubeconfig?.trim()) return null;
    try {
      const targets = selectContexts(parseKubeconfig(credentials.kubeconfig, { allowInsecure: credentials.allowInsecureTls === "true" }), credentials.contexts);
      return targets[0]?.server ?? null;
    } catch {
      return null;
    }
  },
};
