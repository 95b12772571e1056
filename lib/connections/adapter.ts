import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { decryptCredentials } from "@/lib/crypto";
import { getPrisma } from "@/lib/db/client";
import { metrics } from "@/lib/metrics";
import { getProvider } from "@/lib/providers/registry";
import type { HttpOptions, ProviderAdapter } from "@/lib/providers/types";
import { checkUrlShape, createGuardedFetch, parseUrl } from "./outbound";
import { createGuardedAgents } from "./outbound-agent";
import { parsePrivateNetworks } from "./private-networks";

/** The columns adapterForConnection needs from a Connection row. */
export interface ConnectionRowForAdapter {
  id: string;
  teamId: string;
  provider: string;
  baseUrl: string;
  defaultScope: string | null;
  credentialsCiphertext: string;
}

export interface AdapterOptions {
  /** request id of the dashboard request that causes the calls (propagated as X-Request-Id) */
  requestId?: string;
  /** restrict the lookup by id to this team (answers "not found" for another team's connection) */
  teamId?: string;
  /** overrides of the HTTP options (timeouts, attempts) */
  http?: Partial<HttpOptions>;
  /** the team's private networks, for kinds that may reach them (Kubernetes API); loaded by adapterForConnection */
  privateNetworks?: string[];
}

/** Connection ids are generated before encrypting, because the ciphertext is bound to them. */
export function newConnectionId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/** HTTP options every provider call of the app uses: outbound safety, limits, metrics, request id. */
export function providerHttpOptions(opts: AdapterOptions = {}): Partial<HttpOptions> {
  const cfg = config();
  const m = metrics();
  return {
    timeoutMs: cfg.PROVIDER_TIMEOUT_SECONDS * 1000,
    maxResponseBytes: cfg.PROVIDER_MAX_RESPONSE_BYTES,
    requestId: opts.requestId,
    fetchImpl: createGuardedFetch(),
    agents: createGuardedAgents(opts.privateNetworks ? { privateNetworks: parsePrivateNetworks(opts.privateNetworks) } : {}),
    onCall: (info) => {
      m.providerCalls.inc({ provider: info.provider, operation: info.operation, outcome: info.outcome });
      m.providerDuration.observe({ provider: info.provider, operation: info.operation }, info.durationMs / 1000);
    },
    ...opts.http,
  };
}

/** An adapter for explicit settings (used to test new credentials before they are stored). */
export function adapterFor(input: { provider: string; baseUrl: string; credentials: Record<string, string>; defaultScope?: string | null }, opts: AdapterOptions = {}): Promise<ProviderAdapter> {
  // cheap static check here; the full DNS check runs in the guarded fetch for every request
  const def = getProvider(input.provider);
  const privateNetworks = def.privateNetworks ? parsePrivateNetworks(opts.privateNetworks ?? []) : undefined;
  if (input.baseUrl || !def.baseUrlOptional) checkUrlShape(parseUrl(input.baseUrl), undefined, { privateNetworks });
  return def.createAdapter({
    baseUrl: input.baseUrl,
    credentials: input.credentials,
    defaultScope: input.defaultScope ?? null,
    http: providerHttpOptions(opts),
  });
}

export class ConnectionNotFoundError extends Error {
  constructor() {
    super("connection not found");
    this.name = "ConnectionNotFoundError";
  }
}

/**
 * THE way the rest of the app gets a ProviderAdapter for a stored connection: loads the row (or takes
 * it), decrypts its credentials (bound to its team and id), applies outbound safety and the app's
 * HTTP options. Every cluster of a connection is reached with this one stored credential.
 */
export async function adapterForConnection(connection: string | ConnectionRowForAdapter, opts: AdapterOptions = {}): Promise<ProviderAdapter> {
  const row =
    typeof connection === "string"
      ? await getPrisma().connection.findFirst({
          where: { id: connection, ...(opts.teamId ? { teamId: opts.teamId } : {}) },
          select: { id: true, teamId: true, provider: true, baseUrl: true, defaultScope: true, credentialsCiphertext: true },
        })
      : connection;
  if (!row) throw new ConnectionNotFoundError();
  const credentials = decryptCredentials(row.credentialsCiphertext, { teamId: row.teamId, connectionId: row.id });
  const privateNetworks = getProvider(row.provider).privateNetworks ? await teamPrivateNetworks(row.teamId) : undefined;
  return adapterFor({ provider: row.provider, baseUrl: row.baseUrl, credentials, defaultScope: row.defaultScope }, { ...opts, privateNetworks });
}

/** The private networks a team's Kubernetes API connections may reach (Team.kubernetesNetworks). */
export async function teamPrivateNetworks(teamId: string): Promise<string[]> {
  const t = await getPrisma().team.findUnique({ where: { id: teamId }, select: { kubernetesNetworks: true } });
  return t?.kubernetesNetworks ?? [];
}
