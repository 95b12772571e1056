/**
 * Outbound safety for the official SDKs (AWS, Google Cloud, Azure, Kubernetes), which speak HTTP
 * through Node's http/https agents rather than through our guarded fetch (outbound.ts).
 *
 * The agents apply the same rules at the moment a socket is opened, which also covers every
 * redirect an SDK follows on its own:
 * - a literal address is refused when blockedReason() names it (unless its host[:port] is allowed);
 * - a name is resolved once by our own lookup, every address it resolves to is checked, and the
 *   socket connects to an address that passed (no second DNS answer is used: no rebinding);
 * - hosts in ALLOWED_PROVIDER_HOSTS (or allowed at runtime by the demo boot) skip the address check.
 *
 * Extra certificate authorities (the simulators' own, PROVIDER_CA_FILE) are trusted in addition to
 * Node's bundled roots, for these agents only; Node's global trust store is never changed.
 */
import { createHash } from "node:crypto";
import dns from "node:dns";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { isIP, type LookupFunction } from "node:net";
import tls from "node:tls";
import { Agent as UndiciAgent, buildConnector, type Dispatcher } from "undici";
import { config } from "@/lib/config";
import { allowedHostEntries, blockedReason, OutboundBlockedError } from "./outbound";
import { privateNetworkAllows, type PrivateNetworks } from "./private-networks";

const g = globalThis as unknown as { __clusterdeckProviderCAs?: Set<string> };

/** Adds PEM certificate authorities that provider connections trust (the demo boot adds its simulators' CA). */
export function trustProviderCAs(pems: string[]) {
  const set = (g.__clusterdeckProviderCAs ??= new Set());
  for (const p of pems) if (p.trim()) set.add(p.trim());
}

let fileCAs: { path: string; pems: string[] } | undefined;

/** Extra CAs (runtime set + PROVIDER_CA_FILE); empty for ordinary public endpoints. */
export function extraProviderCAs(): string[] {
  const out = [...(g.__clusterdeckProviderCAs ?? [])];
  const file = config().PROVIDER_CA_FILE;
  if (file) {
    if (fileCAs?.path !== file) fileCAs = { path: file, pems: [readFileSync(/* turbopackIgnore: true */ file, "utf8")] };
    out.push(...fileCAs.pems);
  }
  return out;
}

const secureContexts = new Map<string, tls.SecureContext>();

/**
 * One TLS secure context per distinct trust and client certificate, built once and shared by every
 * socket that uses it. Passing `ca` to each connection instead makes Node parse all ~140 roots per
 * socket (measured: most of a cold inventory sync's CPU, scripts/bench-inventory.ts).
 */
export function sharedSecureContext(opts: { ca: string[]; cert?: string; key?: string }): tls.SecureContext {
  const id = createHash("sha256").update(opts.ca.join("\n")).update("\0").update(opts.cert ?? "").update("\0").update(opts.key ?? "").digest("hex");
  let ctx = secureContexts.get(id);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: opts.ca, ...(opts.cert ? { cert: opts.cert } : {}), ...(opts.key ? { key: opts.key } : {}) });
    // bounded: distinct trusts are few (Node's roots plus extra CAs, kubeconfig CAs per connection)
    if (secureContexts.size >= 256) secureContexts.delete(secureContexts.keys().next().value!);
    secureContexts.set(id, ctx);
  }
  return ctx;
}

/** Node's bundled roots plus the extra CAs: what an https agent for providers trusts. */
export function providerTrust(): string[] {
  return [...tls.rootCertificates, ...extraProviderCAs()];
}

function isAllowed(host: string, port: number | string | undefined, defaultPort: number): boolean {
  const entries = allowedHostEntries();
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  const p = String(port || defaultPort);
  return entries.has(h) || entries.has(`${h}:${p}`) || (isIP(h) === 6 && entries.has(`[${h}]:${p}`));
}

/** How names are resolved (dns.lookup with all: true); tests substitute a fixed table. */
export type Resolver = (hostname: string, family: number | undefined, cb: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, family, cb) => dns.lookup(hostname, { all: true, verbatim: true, family: family as 0 | 4 | 6 | undefined }, cb);

/** What may be reached besides public addresses: the team's listed private networks (Kubernetes API connections). */
export interface OutboundPolicy {
  privateNetworks?: PrivateNetworks;
  /** tests only: a resolver instead of the system's */
  resolve?: Resolver;
}

const hint = (host: string, policy: OutboundPolicy) =>
  policy.privateNetworks
    ? `; if this is intended, an owner can list it under the team's private networks for Kubernetes API connections`
    : `; provider APIs must be reached at public addresses; if this is intended, list "${host}" in ALLOWED_PROVIDER_HOSTS`;

/** Why an address may not be reached by this connection (after the team's private networks), or null. */
function refusal(hostname: string | null, address: string, policy: OutboundPolicy): string | null {
  const reason = blockedReason(address);
  if (!reason) return null;
  if (policy.privateNetworks && privateNetworkAllows(policy.privateNetworks, address, hostname)) return null;
  return reason;
}

/** A lookup that refuses names resolving to a blocked address (all answers are checked). */
function guardedLookup(allowed: boolean, policy: OutboundPolicy = {}): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return ((hostname: string, options: dns.LookupOptions, cb: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    resolve(hostname, options?.family as number | undefined, (err, addresses) => {
      if (err) return cb(err, "", 0);
      if (!allowed) {
        for (const a of addresses) {
          const reason = refusal(hostname, a.address, policy);
          if (reason) return cb(Object.assign(new OutboundBlockedError(`${hostname} resolves to ${a.address}, ${reason}${hint(hostname, policy)}`), { code: "EOUTBOUNDBLOCKED" }), "", 0);
        }
      }
      if (options?.all) return cb(null, addresses);
      const first = addresses[0];
      if (!first) return cb(Object.assign(new Error(`${hostname} did not resolve`), { code: "ENOTFOUND" }), "", 0);
      cb(null, first.address, first.family);
    });
  }) as unknown as LookupFunction;
}

function check(options: { host?: string | null; hostname?: string | null; port?: number | string | null }, defaultPort: number, policy: OutboundPolicy = {}): { allowed: boolean } {
  const host = String(options.hostname ?? options.host ?? "").replace(/^\[|\]$/g, "");
  const allowed = isAllowed(host, options.port ?? undefined, defaultPort);
  if (!allowed && isIP(host)) {
    const reason = refusal(null, host, policy);
    if (reason) throw new OutboundBlockedError(`${host} is ${reason}${hint(host, policy)}`);
  }
  return { allowed };
}

/** A socket that fails with `err` on the next tick: the request errors as for any connect failure. */
function refusedSocket(err: Error): net.Socket {
  const s = new net.Socket();
  process.nextTick(() => s.destroy(err));
  return s;
}

class GuardedHttpsAgent extends https.Agent {
  constructor(
    opts: https.AgentOptions,
    private readonly policy: OutboundPolicy = {},
  ) {
    super(opts);
  }
  createConnection(options: Parameters<typeof https.globalAgent.createConnection>[0], cb?: Parameters<typeof https.globalAgent.createConnection>[1]) {
    let allowed: boolean;
    try {
      ({ allowed } = check(options as never, 443, this.policy));
    } catch (e) {
      return refusedSocket(e as Error) as never;
    }
    return super.createConnection({ ...options, lookup: guardedLookup(allowed, this.policy) } as never, cb as never);
  }
}

class GuardedHttpAgent extends http.Agent {
  constructor(
    opts: http.AgentOptions,
    private readonly policy: OutboundPolicy = {},
  ) {
    super(opts);
  }
  createConnection(options: Parameters<typeof http.globalAgent.createConnection>[0], cb?: Parameters<typeof http.globalAgent.createConnection>[1]) {
    let allowed: boolean;
    try {
      ({ allowed } = check(options as never, 80, this.policy));
      if (!allowed) throw new OutboundBlockedError("provider API URLs must use https (http is only accepted for hosts listed in ALLOWED_PROVIDER_HOSTS)");
    } catch (e) {
      return refusedSocket(e as Error) as never;
    }
    return super.createConnection({ ...options, lookup: guardedLookup(allowed, this.policy) } as never, cb as never);
  }
}

/** TLS settings of one target (a kubeconfig cluster and user): its CA, client certificate, server name. */
export interface TargetTls {
  /** PEM CAs this target trusts (a kubeconfig's certificate-authority-data); default: the provider trust */
  ca?: string[];
  cert?: string;
  key?: string;
  /** false only where an admin allowed insecure-skip-tls-verify for the connection */
  rejectUnauthorized?: boolean;
  servername?: string;
}

/**
 * An undici dispatcher (for SDKs built on undici's fetch, e.g. @kubernetes/client-node 2) with the
 * same rules as the agents, applied at every connection it opens — redirect hops included: literal
 * addresses are checked, names are resolved by our lookup with every answer checked, plain http only
 * to allowed hosts. Per-attempt timeouts and the response-size cap are undici's own options.
 */
function guardedDispatcher(policy: OutboundPolicy, target: TargetTls & { timeoutMs: number; maxResponseBytes?: number; trust: string[] }): Dispatcher {
  const tlsOpts = {
    secureContext: sharedSecureContext({ ca: target.ca?.length ? target.ca : target.trust, cert: target.cert, key: target.key }),
    ...(target.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    ...(target.servername ? { servername: target.servername } : {}),
  };
  const connectors = {
    allowed: buildConnector({ ...tlsOpts, timeout: target.timeoutMs, lookup: guardedLookup(true, policy) } as never),
    checked: buildConnector({ ...tlsOpts, timeout: target.timeoutMs, lookup: guardedLookup(false, policy) } as never),
  };
  const connect: buildConnector.connector = (options, cb) => {
    const https = options.protocol === "https:";
    let allowed: boolean;
    try {
      ({ allowed } = check({ hostname: options.hostname, port: options.port }, https ? 443 : 80, policy));
      if (!https && !allowed) throw new OutboundBlockedError("API server URLs must use https (http is only accepted for hosts listed in ALLOWED_PROVIDER_HOSTS)");
    } catch (e) {
      process.nextTick(cb, e as Error, null);
      return;
    }
    (allowed ? connectors.allowed : connectors.checked)(options, cb);
  };
  return new UndiciAgent({
    connect,
    connections: 8,
    keepAliveTimeout: 15_000,
    headersTimeout: target.timeoutMs,
    bodyTimeout: target.timeoutMs,
    ...(target.maxResponseBytes ? { maxResponseSize: target.maxResponseBytes } : {}),
  });
}

export interface ProviderAgents {
  http: http.Agent;
  https: https.Agent;
  /** the CAs the https agent trusts, Node's roots included (some SDKs take them separately) */
  ca: string[];
  /** an undici dispatcher with the same rules for one target's TLS settings (SDKs built on undici) */
  dispatcher(target: TargetTls & { timeoutMs: number; maxResponseBytes?: number }): Dispatcher;
}

/**
 * Keep-alive agents for one adapter's SDK clients, with outbound safety and the provider trust.
 * Plain http is allowed only to hosts in the allowed list (simulators, ALLOWED_PROVIDER_HOSTS).
 */
export function createGuardedAgents(opts: { maxSockets?: number } & OutboundPolicy = {}): ProviderAgents {
  const ca = providerTrust();
  // only a non-default trust is passed to the agent (a 140-root secure context per socket costs time)
  const extra = ca.length > tls.rootCertificates.length;
  const policy: OutboundPolicy = { privateNetworks: opts.privateNetworks, resolve: opts.resolve };
  return {
    // idle keep-alive sockets close after 15 s, so adapters made per sync do not pile up sockets
    http: new GuardedHttpAgent({ keepAlive: true, maxSockets: opts.maxSockets ?? 8, timeout: 15_000 }, policy),
    https: new GuardedHttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets ?? 8, timeout: 15_000, ...(extra ? { secureContext: sharedSecureContext({ ca }) } : {}) }, policy),
    ca,
    dispatcher: (target) => guardedDispatcher(policy, { ...target, trust: ca }),
  };
}
