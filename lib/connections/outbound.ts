/**
 * Outbound safety for user-entered provider base URLs (SSRF protection).
 *
 * - https only, except for hosts in ALLOWED_PROVIDER_HOSTS (or added at runtime by the demo boot step);
 * - the host must not resolve to loopback, private, link-local, carrier-grade-NAT, multicast, reserved
 *   or cloud-metadata addresses (IPv4 and IPv6, including IPv4-mapped/-compatible, NAT64 and 6to4 forms);
 * - checked after DNS resolution and again for every URL requested, redirects included (the provider
 *   HTTP client calls our fetch once per hop with redirect: "manual");
 * - DNS rebinding: the connection is pinned to the address that was checked — guardedFetch speaks
 *   HTTP(S) through node:http/node:https with a `lookup` that returns only that address (TLS still
 *   verifies the certificate against the host name through SNI), so a second, different DNS answer is
 *   never used.
 * - URLs carrying user:password are refused (that would be a credential outside the encrypted store).
 */
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import ipaddr from "ipaddr.js";
import { config } from "@/lib/config";
import { privateNetworkAllows, type PrivateNetworks } from "./private-networks";

export class OutboundBlockedError extends Error {
  constructor(message: string) {
    super(message);
    // lib/providers/http.ts turns errors of this name into ProviderError kind "forbidden" (status null)
    this.name = "OutboundBlocked";
  }
}

const bare = (hostname: string) => (hostname.startsWith("[") ? hostname.slice(1, -1) : hostname);

// ---------------------------------------------------------------- address classification
//
// The address classes come from ipaddr.js (its IANA special-purpose registries, `range()`); this file only
// names them and decides which are public. Names ipaddr.js may add later are refused until listed here
// (fail closed). The cloud metadata addresses are not a registry class and are listed first.

type V4Range = ReturnType<ipaddr.IPv4["range"]> | "as112";
type V6Range = ReturnType<ipaddr.IPv6["range"]> | "deprecatedSiteLocal" | "discard" | "deprecatedOrchid" | "segmentRouting";

/** public (globally routed unicast) classes; everything else is refused */
const PUBLIC = new Set<string>(["unicast", "as112", "amt", "as112v6"]);

const V4_LABELS: Partial<Record<V4Range, string>> = {
  unspecified: 'an unspecified ("this network") address',
  broadcast: "a reserved (broadcast) address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  private: "a private address",
  reserved: "a reserved (IETF protocol, documentation, benchmarking or future-use) address",
};

const V6_LABELS: Partial<Record<V6Range, string>> = {
  unspecified: "an unspecified address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  loopback: "a loopback address",
  uniqueLocal: "a private (unique local) address",
  deprecatedSiteLocal: "a site-local address",
  discard: "a discard-only address",
  teredo: "a Teredo tunnel address",
  benchmarking: "a benchmarking address",
  deprecatedOrchid: "a non-routable (ORCHID) identifier address",
  orchid2: "a non-routable (ORCHID) identifier address",
  droneRemoteIdProtocolEntityTags: "a non-routable (drone remote ID) identifier address",
  segmentRouting: "a segment-routing (SRv6) address",
  reserved: "a reserved (IETF special-purpose or documentation) address",
};

/** single cloud metadata endpoints (AWS/GCP/Azure/OpenStack IPv4, AWS IPv6, Azure wire server) */
const METADATA: [ipaddr.IPv4 | ipaddr.IPv6, number][] = ["169.254.169.254/32", "fd00:ec2::254/128"].map((c) => ipaddr.parseCIDR(c));
const AZURE_WIRESERVER = ipaddr.parseCIDR("168.63.129.16/32");
/** RFC 4291 section 2.5.5.1 "IPv4-compatible" ::a.b.c.d (deprecated; ipaddr.js files it under unicast) */
const V4_COMPATIBLE = ipaddr.IPv6.parseCIDR("::/96");
/** RFC 6052 well-known NAT64 prefix (the rest of ipaddr.js' rfc6052 class is the local-use 64:ff9b:1::/48) */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

const sameKind = (a: ipaddr.IPv4 | ipaddr.IPv6, cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]) => a.kind() === cidr[0].kind() && a.match(cidr);

function classifyV4(addr: ipaddr.IPv4): string | null {
  if (METADATA.some((c) => sameKind(addr, c))) return "the cloud metadata address";
  if (sameKind(addr, AZURE_WIRESERVER)) return "a cloud metadata address";
  const range = addr.range() as V4Range;
  if (PUBLIC.has(range)) return null;
  return V4_LABELS[range] ?? `a special-purpose address (${range})`;
}

/** the IPv4 address in the last 32 bits, or (6to4) in bits 16..47 */
const embeddedV4 = (a: ipaddr.IPv6, at: number) => new ipaddr.IPv4(a.toByteArray().slice(at, at + 4));

function classifyEmbedded(addr: ipaddr.IPv4, form: string): string | null {
  const label = classifyV4(addr);
  return label ? `${label} (${form} ${addr.toString()})` : null;
}

function classifyV6(addr: ipaddr.IPv6): string | null {
  if (METADATA.some((c) => sameKind(addr, c))) return "the cloud metadata address";
  const range = addr.range() as V6Range;
  switch (range) {
    case "ipv4Mapped":
      return classifyEmbedded(addr.toIPv4Address(), "IPv4-mapped");
    case "rfc6145":
      return classifyEmbedded(embeddedV4(addr, 12), "IPv4-translated");
    case "rfc6052":
      return addr.match(NAT64_WELL_KNOWN) ? classifyEmbedded(embeddedV4(addr, 12), "NAT64") : "a local-use NAT64 address";
    case "6to4":
      return classifyEmbedded(embeddedV4(addr, 2), "6to4");
  }
  if (PUBLIC.has(range)) return addr.match(V4_COMPATIBLE) ? classifyEmbedded(embeddedV4(addr, 12), "IPv4-compatible") : null;
  return V6_LABELS[range] ?? `a special-purpose address (${range})`;
}

/** Parses a literal address ("[…]" and "%zone" allowed); null when it is none. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const a = (address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address).split("%")[0];
  const kind = isIP(a);
  if (kind === 4) return ipaddr.IPv4.parse(a);
  if (kind !== 6) return null;
  // ipaddr.js reads a dotted tail of "::a.b.c.d" as IPv4-mapped; the WHATWG URL parser writes it as hex first
  return ipaddr.IPv6.parse(a.includes(".") ? bare(new URL(`http://[${a}]/`).hostname) : a);
}

/** Why an address may not be reached ("a private address", …), or null when it is a public one. */
export function blockedReason(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return "not an IP address";
  return parsed.kind() === "ipv4" ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
}

// ---------------------------------------------------------------- allowed hosts

const g = globalThis as unknown as { __clusterdeckAllowedHosts?: Set<string> };

/** Adds host or host:port entries to the allowed set at runtime (the demo boot step adds its simulators). */
export function allowProviderHosts(entries: string[]) {
  const set = (g.__clusterdeckAllowedHosts ??= new Set());
  for (const e of entries) if (e.trim()) set.add(normalizeEntry(e));
}

function normalizeEntry(e: string): string {
  return e.trim().toLowerCase().replace(/\/+$/, "");
}

let entriesMemo: { setting: string; added: number; entries: ReadonlySet<string> } | undefined;

/**
 * The allowed entries: ALLOWED_PROVIDER_HOSTS and the runtime set. Asked for on every provider request
 * (twice: the client's URL check and the guarded fetch's), so the parsed set is kept until the setting
 * changes or an entry is added (the runtime set only grows, so its size tells).
 */
export function allowedHostEntries(): ReadonlySet<string> {
  const setting = config().ALLOWED_PROVIDER_HOSTS;
  const added = g.__clusterdeckAllowedHosts?.size ?? 0;
  if (entriesMemo?.setting === setting && entriesMemo.added === added) return entriesMemo.entries;
  const set = new Set<string>(g.__clusterdeckAllowedHosts ?? []);
  for (const e of setting.split(",")) if (e.trim()) set.add(normalizeEntry(e));
  entriesMemo = { setting, added, entries: set };
  return set;
}

/** true when ALLOWED_PROVIDER_HOSTS (or the runtime set) lists the URL's host or host:port */
export function isAllowedHost(url: URL, entries: ReadonlySet<string> = allowedHostEntries()): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
  return entries.has(host) || entries.has(`${host}:${port}`) || (url.port === "" && entries.has(url.host.toLowerCase()));
}

// ---------------------------------------------------------------- checks

export interface CheckedTarget {
  url: URL;
  /** the address the connection must use (null: resolve normally — allowed hosts only) */
  address: string | null;
  family: 4 | 6 | null;
  allowed: boolean;
}

const allowHint = (url: URL) => `; if this is intended, list "${url.host}" in ALLOWED_PROVIDER_HOSTS`;

/** Static checks (no DNS): scheme, credentials in the URL, literal addresses. Throws OutboundBlockedError. */
export function checkUrlShape(url: URL, entries: ReadonlySet<string> = allowedHostEntries(), opts: { privateNetworks?: PrivateNetworks } = {}): { allowed: boolean } {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundBlockedError(`provider API URLs must use https (got ${url.protocol.replace(/:$/, "")})`);
  if (url.username || url.password) throw new OutboundBlockedError("provider API URLs must not contain a user name or password; enter credentials in their own fields");
  const allowed = isAllowedHost(url, entries);
  if (allowed) return { allowed };
  const host = bare(url.hostname);
  if (isIP(host)) {
    const reason = blockedReason(host);
    if (reason && !(opts.privateNetworks && privateNetworkAllows(opts.privateNetworks, host, null)))
      throw new OutboundBlockedError(`${url.host} is ${reason}; provider APIs must be reached at public addresses${opts.privateNetworks ? "; an owner can list private networks for Kubernetes API connections under Settings" : allowHint(url)}`);
  } else if (host.replace(/\.$/, "").endsWith(".localhost")) {
    // RFC 6761: every *.localhost name is loopback, whatever a resolver says ("localhost" itself goes through DNS below)
    throw new OutboundBlockedError(`${url.host} is a loopback name; provider APIs must be reached at public addresses${allowHint(url)}`);
  }
  if (url.protocol !== "https:") throw new OutboundBlockedError(`provider API URLs must use https (got ${url.origin}; http is only accepted for hosts listed in ALLOWED_PROVIDER_HOSTS)`);
  return { allowed };
}

/**
 * Full check of one URL: shape, then DNS — every address the name resolves to must be public.
 * Returns the address to pin the connection to. DNS failures are thrown as network errors
 * (ENOTFOUND → "host not found"), not as policy refusals.
 */
export async function checkProviderUrl(input: string | URL, opts: { resolve?: (host: string) => Promise<{ address: string; family: number }[]>; privateNetworks?: PrivateNetworks } = {}): Promise<CheckedTarget> {
  const url = typeof input === "string" ? parseUrl(input) : input;
  const { allowed } = checkUrlShape(url, undefined, opts);
  const host = bare(url.hostname);
  if (isIP(host)) return { url, address: host, family: isIP(host) as 4 | 6, allowed };
  if (allowed) return { url, address: null, family: null, allowed };
  const resolve = opts.resolve ?? ((h: string) => dns.lookup(h, { all: true, verbatim: true }));
  const addresses = await resolve(host);
  if (!addresses.length) throw Object.assign(new Error(`${host} did not resolve`), { code: "ENOTFOUND" });
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (reason && !(opts.privateNetworks && privateNetworkAllows(opts.privateNetworks, a.address, host)))
      throw new OutboundBlockedError(`${url.hostname} resolves to ${a.address}, ${reason}; provider APIs must be reached at public addresses${opts.privateNetworks ? "; an owner can list private networks for Kubernetes API connections under Settings" : allowHint(url)}`);
  }
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4, allowed };
}

export function parseUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    throw new OutboundBlockedError("the base URL is not a valid URL (e.g. https://api.example.com)");
  }
}

/**
 * For forms and the API: checks a base URL before it is stored. Policy refusals throw
 * OutboundBlockedError with a clear message; a name that does not resolve (yet) is accepted here —
 * "Test connection" then reports the host as unreachable.
 */
export async function validateBaseUrl(input: string, opts: { privateNetworks?: PrivateNetworks } = {}): Promise<URL> {
  const url = parseUrl(input);
  try {
    await checkProviderUrl(url, opts);
  } catch (e) {
    if (e instanceof OutboundBlockedError) throw e;
  }
  return url;
}

// ---------------------------------------------------------------- the pinned fetch

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
}

function toNodeHeaders(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => (out[k] = v));
  return out;
}

/**
 * A fetch for provider clients: checks every URL (redirect hops arrive as separate calls) and
 * connects only to the address that passed the check. Supports what ProviderHttpClient uses:
 * method, headers, string/bytes body, AbortSignal, redirect "manual".
 */
export function createGuardedFetch(): typeof fetch {
  // keep-alive per guarded fetch (one per adapter): a sync's paged listing reuses its connections
  // instead of a TCP (and TLS) handshake per request. Every pooled socket was opened to an address
  // that passed the check; idle ones close after 15 s; no socket cap (callers bound their own concurrency).
  const agents = { http: new http.Agent({ keepAlive: true, timeout: 15_000 }), https: new https.Agent({ keepAlive: true, timeout: 15_000 }) };
  const guarded = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    let target: CheckedTarget;
    try {
      target = await checkProviderUrl(url);
    } catch (e) {
      if (e instanceof OutboundBlockedError) throw e;
      // DNS failures look like fetch's own network errors to the provider client
      throw new TypeError("fetch failed", { cause: e });
    }
    return request(url, init, target, signal, url.protocol === "https:" ? agents.https : agents.http);
  };
  return guarded as typeof fetch;
}

/** HTTP(S) to `url` over a connection to the already-checked address only (exported for tests). */
export function fetchPinned(url: URL, init: RequestInit, target: Pick<CheckedTarget, "address" | "family">): Promise<Response> {
  return request(url, init, target, init.signal ?? undefined);
}

function request(url: URL, init: RequestInit, target: Pick<CheckedTarget, "address" | "family">, signal: AbortSignal | undefined, agent: http.Agent | false = false): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase();
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
    return Promise.reject(new TypeError("guardedFetch supports string and byte bodies only"));
  }
  const headers = toNodeHeaders(init.headers);
  headers["accept-encoding"] ??= "gzip, deflate, br";
  if (body !== undefined && body !== null) headers["content-length"] = String(Buffer.byteLength(body as string | Uint8Array));
  const host = bare(url.hostname);
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let response: http.IncomingMessage | undefined;
    let decoded: NodeJS.ReadableStream | undefined;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || (url.protocol === "https:" ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method,
        headers: { ...headers, host: url.host },
        agent,
        ...(target.address && !isIP(host) ? { lookup: pinnedLookup(target.address, target.family ?? 4) } : {}),
        ...(url.protocol === "https:" && !isIP(host) ? { servername: host } : {}),
      },
      (res) => {
        response = res;
        const status = res.statusCode ?? 502;
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const encoding = (res.headers["content-encoding"] ?? "").toLowerCase();
        let stream: NodeJS.ReadableStream = res;
        const decoder = encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip() : encoding === "deflate" ? zlib.createInflate() : encoding === "br" ? zlib.createBrotliDecompress() : null;
        if (decoder) {
          h.delete("content-encoding");
          h.delete("content-length");
          res.on("error", (e) => decoder.destroy(e));
          stream = res.pipe(decoder);
          decoded = decoder;
        }
        const noBody = method === "HEAD" || status === 204 || status === 205 || status === 304 || status < 200;
        if (noBody) res.resume();
        settled = true;
        try {
          resolve(new Response(noBody ? null : (Readable.toWeb(stream as Readable) as ReadableStream<Uint8Array>), { status: status < 200 ? 502 : status, statusText: res.statusMessage, headers: h }));
        } catch (e) {
          reject(e);
        }
      },
    );
    signal?.addEventListener(
      "abort",
      () => {
        const reason = signal.reason instanceof Error ? signal.reason : new Error("aborted");
        // the body stream errors with the abort reason, so a timeout while reading stays a timeout
        (decoded as Readable | undefined)?.destroy(reason);
        response?.destroy(reason);
        req.destroy(reason);
        fail(signal.reason);
      },
      { once: true },
    );
    req.on("error", (e) => fail(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: e })));
    if (body !== undefined && body !== null) req.end(body as string | Uint8Array);
    else req.end();
  });
}
