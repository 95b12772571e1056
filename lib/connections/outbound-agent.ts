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
import dns from "node:dns";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { isIP, type LookupFunction } from "node:net";
import tls from "node:tls";
import { config } from "@/lib/config";
import { allowedHostEntries, blockedReason, OutboundBlockedError } from "./outbound";

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

/** A lookup that refuses names resolving to a blocked address (all answers are checked). */
function guardedLookup(allowed: boolean): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, cb: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { all: true, verbatim: true, family: options?.family }, (err, addresses) => {
      if (err) return cb(err, "", 0);
      if (!allowed) {
        for (const a of addresses) {
          const reason = blockedReason(a.address);
          if (reason) return cb(Object.assign(new OutboundBlockedError(`${hostname} resolves to ${a.address}, ${reason}; provider APIs must be reached at public addresses; if this is intended, list "${hostname}" in ALLOWED_PROVIDER_HOSTS`), { code: "EOUTBOUNDBLOCKED" }), "", 0);
        }
      }
      if (options?.all) return cb(null, addresses);
      const first = addresses[0];
      if (!first) return cb(Object.assign(new Error(`${hostname} did not resolve`), { code: "ENOTFOUND" }), "", 0);
      cb(null, first.address, first.family);
    });
  }) as unknown as LookupFunction;
}

function check(options: { host?: string | null; hostname?: string | null; port?: number | string | null }, defaultPort: number): { allowed: boolean } {
  const host = String(options.hostname ?? options.host ?? "").replace(/^\[|\]$/g, "");
  const allowed = isAllowed(host, options.port ?? undefined, defaultPort);
  if (!allowed && isIP(host)) {
    const reason = blockedReason(host);
    if (reason) throw new OutboundBlockedError(`${host} is ${reason}; provider APIs must be reached at public addresses; if this is intended, list "${host}" in ALLOWED_PROVIDER_HOSTS`);
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
  createConnection(options: Parameters<typeof https.globalAgent.createConnection>[0], cb?: Parameters<typeof https.globalAgent.createConnection>[1]) {
    let allowed: boolean;
    try {
      ({ allowed } = check(options as never, 443));
    } catch (e) {
      return refusedSocket(e as Error) as never;
    }
    return super.createConnection({ ...options, lookup: guardedLookup(allowed) } as never, cb as never);
  }
}

class GuardedHttpAgent extends http.Agent {
  createConnection(options: Parameters<typeof http.globalAgent.createConnection>[0], cb?: Parameters<typeof http.globalAgent.createConnection>[1]) {
    let allowed: boolean;
    try {
      ({ allowed } = check(options as never, 80));
      if (!allowed) throw new OutboundBlockedError("provider API URLs must use https (http is only accepted for hosts listed in ALLOWED_PROVIDER_HOSTS)");
    } catch (e) {
      return refusedSocket(e as Error) as never;
    }
    return super.createConnection({ ...options, lookup: guardedLookup(allowed) } as never, cb as never);
  }
}

export interface ProviderAgents {
  http: http.Agent;
  https: https.Agent;
  /** the CAs the https agent trusts, Node's roots included (some SDKs take them separately) */
  ca: string[];
}

/**
 * Keep-alive agents for one adapter's SDK clients, with outbound safety and the provider trust.
 * Plain http is allowed only to hosts in the allowed list (simulators, ALLOWED_PROVIDER_HOSTS).
 */
export function createGuardedAgents(opts: { maxSockets?: number } = {}): ProviderAgents {
  const ca = providerTrust();
  // only a non-default trust is passed to the agent (a 140-root secure context per socket costs time)
  const extra = ca.length > tls.rootCertificates.length;
  return {
    // idle keep-alive sockets close after 15 s, so adapters made per sync do not pile up sockets
    http: new GuardedHttpAgent({ keepAlive: true, maxSockets: opts.maxSockets ?? 8, timeout: 15_000 }),
    https: new GuardedHttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets ?? 8, timeout: 15_000, ...(extra ? { ca } : {}) }),
    ca,
  };
}
