import type { z } from "zod";

/** Normalized status shared by every provider. */
export const CLUSTER_STATUSES = [
  "provisioning",
  "running",
  "upgrading",
  "updating",
  "deleting",
  "failed",
  "unknown",
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Where clusters live in a provider: NKS org, Rafay project, CloudFerro region, CoreWeave zone. */
export interface Scope {
  /** provider-side id, as a string (NKS org pk, Rafay project name, region id, zone name) */
  externalId: string;
  name: string;
  /** "org" | "project" | "region" | "zone" */
  kind: string;
  raw?: unknown;
}

export interface NodePool {
  externalId: string;
  name: string;
  /** Kubernetes version of the pool's nodes when the provider reports it */
  version?: string | null;
  nodeCount: number;
  minNodes?: number | null;
  maxNodes?: number | null;
  autoscaling?: boolean;
  instanceType?: string | null;
  status?: string | null;
}

/** A cluster as a provider reports it, mapped onto the shared model (dashboard ids are added by lib/inventory). */
export interface ProviderCluster {
  externalId: string;
  name: string;
  /** externalId of the Scope it lives in */
  scope: string;
  scopeName?: string | null;
  region?: string | null;
  /** Kubernetes version normalised to "1.30.2" / "1.30" (no leading "v") */
  version?: string | null;
  status: ClusterStatus;
  /** the provider's own status string, unmodified */
  providerStatus: string;
  nodeCount: number;
  nodePools: NodePool[];
  apiEndpoint?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  /** versions the provider itself offers as upgrade targets, if it says */
  upgradeTargets?: string[];
  /** provider-specific fields worth showing, already free of secrets */
  raw?: Record<string, unknown>;
}

export interface KubernetesVersion {
  /** normalised, no leading "v" */
  version: string;
  eol?: string | null;
  active: boolean;
  default?: boolean;
}

/** What a provider needs to be reached: base URL plus credentials (never logged). */
export interface ConnectionConfig {
  baseUrl: string;
  credentials: Record<string, string>;
  defaultScope?: string | null;
  /** per-request options shared by all calls of this adapter */
  http?: Partial<HttpOptions>;
}

export interface HttpOptions {
  /** per-attempt timeout */
  timeoutMs: number;
  /** total attempts for idempotent requests (1 = no retry) */
  maxAttempts: number;
  /** base delay for jittered exponential backoff */
  backoffBaseMs: number;
  /** ceiling for one backoff sleep (and for a Retry-After we are willing to honour) */
  backoffMaxMs: number;
  /** whole retry budget across attempts */
  budgetMs: number;
  /** response bodies larger than this are cut off with bad_response */
  maxResponseBytes: number;
  userAgent: string;
  /** request id propagated from the incoming dashboard request, if any */
  requestId?: string;
  /** DNS / address policy hook (lib/connections supplies the outbound-safety check) */
  fetchImpl?: typeof fetch;
  /**
   * Node agents for the official SDKs (AWS, Google, Azure, Kubernetes), with the same outbound safety
   * as fetchImpl applied when sockets open, and the CAs provider connections trust
   * (lib/connections/outbound-agent.ts). Adapters built on an SDK must send every request through them.
   */
  agents?: {
    http: import("node:http").Agent;
    https: import("node:https").Agent;
    ca: string[];
    /** an undici dispatcher with the same rules for one target's TLS settings (SDKs built on undici's fetch) */
    dispatcher?: (target: import("@/lib/connections/outbound-agent").TargetTls & { timeoutMs: number; maxResponseBytes?: number }) => import("undici").Dispatcher;
  };
  /** observer for metrics: called once per logical call */
  onCall?: (info: ProviderCallInfo) => void;
}

export interface ProviderCallInfo {
  provider: string;
  operation: string;
  method: string;
  status: number | null;
  outcome: "ok" | ProviderErrorKind;
  durationMs: number;
  attempts: number;
}

export const PROVIDER_ERROR_KINDS = [
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid",
  "rate_limited",
  "unavailable",
  "timeout",
  "bad_response",
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

/** The one error type that leaves an adapter. `message` is the provider's own message (never a credential). */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  readonly provider: string;
  /** field-level problems the provider reported, when it does */
  readonly fields?: Record<string, string[]>;
  readonly retryAfterMs?: number;
  readonly requestId?: string;

  constructor(init: {
    kind: ProviderErrorKind;
    provider: string;
    message: string;
    status?: number | null;
    fields?: Record<string, string[]>;
    retryAfterMs?: number;
    requestId?: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause ? { cause: init.cause } : undefined);
    this.name = "ProviderError";
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.provider = init.provider;
    this.fields = init.fields;
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }

  toJSON() {
    return { kind: this.kind, status: this.status, provider: this.provider, message: this.message, fields: this.fields };
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** Result of a mutating call: the provider accepted it; the worker polls until it is done. */
export interface OperationHandle {
  /** externalId of the cluster the operation concerns */
  externalId: string;
  scope: string;
  /** provider-side id of the operation/request when it has one */
  providerRequestId?: string | null;
  cluster?: ProviderCluster;
  /** what the provider was asked to do, for the operation's timeline, when it is more than the request itself */
  note?: string;
}

export interface TestConnectionResult {
  ok: true;
  /** human summary of what the credentials can see, e.g. "3 organizations, 42 clusters" */
  summary: string;
  scopes: number;
  clusters?: number;
}

/** Field metadata the create wizard renders; the zod schema itself validates. */
export interface WizardField {
  name: string;
  label: string;
  type: "text" | "number" | "select" | "boolean" | "textarea" | "list";
  help?: string;
  required?: boolean;
  placeholder?: string;
  /** static options */
  options?: { value: string; label: string }[];
  /** options loaded live from the provider via adapter.listOptions(source, ...) */
  optionsSource?: string;
  /** other field names whose values the option source needs (e.g. VPCs depend on zone) */
  dependsOn?: string[];
  /** wizard step this field belongs to */
  step: string;
  defaultValue?: unknown;
  /** for type "list": the sub-fields of each item */
  itemFields?: WizardField[];
  min?: number;
  max?: number;
}

export interface CreateSchema<T = Record<string, unknown>> {
  steps: { id: string; title: string }[];
  fields: WizardField[];
  schema: z.ZodType<T>;
  /**
   * The add-node-pool form when it differs from the wizard's "nodePools" list item (or the wizard has
   * none, e.g. EKS adds node groups only once the cluster is ACTIVE). lib/operations/nodepool-schema.ts
   */
  nodePool?: { fields: WizardField[]; schema: z.ZodType<Record<string, unknown>> };
}

export interface NodePoolChange {
  name?: string;
  nodeCount?: number;
  minNodes?: number | null;
  maxNodes?: number | null;
  autoscaling?: boolean;
  instanceType?: string;
}

export interface ProviderAdapter {
  readonly kind: string;
  testConnection(): Promise<TestConnectionResult>;
  listScopes(): Promise<Scope[]>;
  /** all clusters visible to the credentials (all scopes unless one is given) */
  listClusters(scope?: string): Promise<ProviderCluster[]>;
  getCluster(scope: string, externalId: string): Promise<ProviderCluster>;
  listVersions(scope?: string): Promise<KubernetesVersion[]>;
  /** option lists for the create wizard, e.g. "zones", "vpcs", "machineSpecs", "versions" */
  listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]>;
  createCluster(scope: string, input: Record<string, unknown>, opts?: { idempotencyKey?: string }): Promise<OperationHandle>;
  upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle>;
  deleteCluster(scope: string, externalId: string): Promise<OperationHandle>;
  /** the cluster's kubeconfig, where the provider's API hands one out (text; a credential: never logged or stored) */
  getKubeconfig?(scope: string, externalId: string): Promise<string>;
  /** present where the provider's API has node pool operations */
  createNodePool?(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle>;
  updateNodePool?(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle>;
  deleteNodePool?(scope: string, clusterId: string, poolId: string): Promise<OperationHandle>;
  /**
   * Providers whose delete takes several calls in order (EKS: node groups, then the cluster): called on
   * each poll of a delete while the cluster still exists; returns a timeline message when it did something.
   */
  continueDelete?(scope: string, externalId: string): Promise<string | null>;
  /** moves a pool's nodes to `version` (never past the control plane; see lib/operations/nodepool-schema.ts) */
  upgradeNodePool?(scope: string, clusterId: string, poolId: string, version: string): Promise<OperationHandle>;
}

/** Static description of a provider kind; the rest of the app uses this instead of switching on names. */
export interface ProviderDefinition {
  kind: string;
  displayName: string;
  /** what a scope is called in this provider ("Organization", "Project", "Region", "Zone") */
  scopeLabel: string;
  defaultBaseUrl: string;
  /** fields of the credential form; values are write-only */
  credentialFields: CredentialField[];
  /** zod schema of the credentials object */
  credentialsSchema: z.ZodType<Record<string, string>>;
  /** short help about where to find credentials in the provider's console */
  credentialsHelp: string;
  /**
   * @deprecated Not read by production code, and not needed: the embedded demo and the tests start
   * `simulators/<kind>` through its SimulatorModule (port env, default port, demo credentials,
   * demo connections), the one home of those facts. Optional for providers that still state them;
   * when present, the shared adapter suite checks they agree with the simulator module.
   */
  simulator?: { portEnv: string; defaultPort: number; credentialsFromEnv(env: NodeJS.ProcessEnv): Record<string, string>; basePath?: string };
  /**
   * The adapter for one connection. Async so the adapter module — and the provider SDK it pulls in
   * (AWS, Google, Azure, Kubernetes: about 150 MB of resident code together) — is loaded on first use:
   * a replica loads only the SDKs of the providers its teams connect, and serving the inventory loads none.
   */
  createAdapter(config: ConnectionConfig): Promise<ProviderAdapter>;
  createSchema(): CreateSchema;
  /**
   * Pure: every version with allowed or the reason it is not (issue 8's upgrade rules).
   * `cluster` is the freshly re-read cluster; `versions` the provider's catalogue.
   */
  upgradeOptions(input: UpgradeOptionsInput): UpgradeOption[];
  /** node-pool operations the provider's API offers; `upgrade` = pools upgrade separately from the control plane */
  nodePools: NodePoolSupport;
  /** true when the adapter implements getKubeconfig (the provider's API offers a kubeconfig) */
  kubeconfig?: boolean;
  /** clusters are only read (create, upgrade and delete are not offered): "managed outside Clusterdeck" */
  managedOutside?: boolean;
  /** connections of this kind may reach the private networks their team lists (Kubernetes API) */
  privateNetworks?: boolean;
  /** the base URL the credentials themselves name (a kubeconfig's server), which then wins over the form's */
  baseUrlFromCredentials?(credentials: Record<string, string>): string | null;
  /** the form's base URL may stay empty (the credentials name the endpoint) */
  baseUrlOptional?: boolean;
  /**
   * The cluster's page in the provider's own console (issue 18 #16), or null: only for the provider's
   * real endpoints (a simulator or custom endpoint gets none, or the configured base); every
   * provider-supplied part URL-encoded. Formats and sources: docs/providers/<kind>.md.
   */
  consoleUrl?(cluster: ConsoleCluster, connection: { baseUrl: string }): string | null;
}

/** what a console link is built from: the stored snapshot of a cluster */
export interface ConsoleCluster {
  externalId: string;
  name: string;
  scope: string;
  region: string | null;
  raw?: Record<string, unknown> | null;
}

/** One field of a provider's credential form. Values are write-only whatever the type. */
export interface CredentialField {
  name: string;
  label: string;
  help?: string;
  /**
   * "secret" (default: a password input), "textarea" (multi-line secret, e.g. a kubeconfig), "text" (not secret),
   * "checkbox" ("true" or ""), "contexts" (checkboxes of the contexts of the kubeconfig in field `source`; comma-separated names)
   */
  type?: "secret" | "textarea" | "text" | "checkbox" | "contexts";
  /** for "contexts": the field holding the kubeconfig */
  source?: string;
  /** a textarea that can also be filled from a file the user picks */
  file?: boolean;
  /** optional regardless of what the schema says about an empty value */
  optional?: boolean;
  /** longest value accepted (default 8192) */
  maxLength?: number;
}

export interface NodePoolSupport {
  create: boolean;
  scale: boolean;
  delete: boolean;
  upgrade?: boolean;
}

export interface UpgradeOptionsInput {
  /** `raw` carries provider facts some rules need (e.g. Rafay's cluster type) */
  cluster: Pick<ProviderCluster, "version" | "status" | "nodePools" | "upgradeTargets" | "raw">;
  versions: KubernetesVersion[];
  operationRunning: boolean;
  now?: Date;
}

export interface UpgradeOption {
  version: string;
  allowed: boolean;
  reason?: string;
  eol?: string | null;
  current?: boolean;
}
