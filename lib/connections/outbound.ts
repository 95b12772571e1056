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
import { config } from "@/lib/config";
import { privateNetworkAllows, type PrivateNetworks } from "./private-networks";

export class OutboundBlockedError extends Error {
  constructor(message: string) {
    super(message);
    // lib/providers/http.ts turns errors of this name into ProviderError kind "forbidden" (status null)
    this.name = "OutboundBlocked";
  }
}

// ---------------------------------------------------------------- address classification

type Range = { v: 4; base: number; bits: number; label: string };

function v4(text: string): number {
  const p = text.split(".").map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

const V4_BLOCKED: Range[] = (
  [
    ["0.0.0.0", 8, "an unspecified (\"this network\") address"],
    ["10.0.0.0", 8, "a private address"],
    ["100.64.0.0", 10, "a carrier-grade NAT (shared) address"],
    ["127.0.0.0", 8, "a loopback address"],
    ["169.254.169.254", 32, "the cloud metadata address"],
    ["169.254.0.0", 16, "a link-local address"],
    ["168.63.129.16", 32, "a cloud metadata address"],
    ["172.16.0.0", 12, "a private address"],
    ["192.0.0.0", 24, "a reserved (IETF protocol) address"],
    ["192.0.2.0", 24, "a documentation address"],
    ["192.88.99.0", 24, "a reserved (6to4 relay) address"],
    ["192.168.0.0", 16, "a private address"],
    ["198.18.0.0", 15, "a benchmarking address"],
    ["198.51.100.0", 24, "a documentation address"],
    ["203.0.113.0", 24, "a documentation address"],
    ["224.0.0.0", 4, "a multicast address"],
    ["240.0.0.0", 4, "a reserved address"],
  ] as const
).map(([b, bits, label]) => ({ v: 4 as const, base: v4(b), bits, label }));

function classifyV4(addr: string): string | null {
  const n = v4(addr);
  for (const r of V4_BLOCKED) {
    const mask = r.bits === 0 ? 0 : (0xffffffff << (32 - r.bits)) >>> 0;
    if ((n & mask) >>> 0 === (r.base & mask) >>> 0) return r.label;
  }
  return null;
}

/** 8 groups of 16 bits; accepts "::", embedded dotted IPv4 and zone ids */
export function parseIPv6(text: string): number[] | null {
  let s = text.toLowerCase();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  s = s.split("%")[0];
  if (isIP(s) !== 6) return null;
  const tailV4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tailV4) {
    const n = v4(tailV4[1]);
    s = s.slice(0, -tailV4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail ? tail.split(":") : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array(fill).fill("0"), ...t].map((x) => parseInt(x, 16));
  return groups.length === 8 && groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : null;
}

const v4From = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

function classifyV6(addr: string): string | null {
  const g = parseIPv6(addr);
  if (!g) return "an unparseable address";
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 8)) return "an unspecified address";
  if (zero(0, 7) && g[7] === 1) return "a loopback address";
  // IPv4-mapped ::ffff:a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d, IPv4-compatible ::a.b.c.d
  if (zero(0, 5) && g[5] === 0xffff) return classifyEmbedded(v4From(g[6], g[7]), "IPv4-mapped");
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return classifyEmbedded(v4From(g[6], g[7]), "IPv4-translated");
  if (zero(0, 6)) return classifyEmbedded(v4From(g[6], g[7]), "IPv4-compatible");
  // NAT64 64:ff9b::/96 carries an IPv4 address; 64:ff9b:1::/48 is local-use
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return classifyEmbedded(v4From(g[6], g[7]), "NAT64");
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "a local-use NAT64 address";
  // 6to4 2002:aabb:ccdd::/48 carries an IPv4 address
  if (g[0] === 0x2002) return classifyEmbedded(v4From(g[1], g[2]), "6to4");
  if (g[0] === 0x2001 && g[1] === 0) return "a Teredo tunnel address";
  if (g[0] === 0x2001 && g[1] === 0xdb8) return "a documentation address";
  if (g[0] === 0x100 && zero(1, 4)) return "a discard-only address";
  if ((g[0] & 0xfe00) === 0xfc00) return g[0] === 0xfd00 && g[1] === 0xec2 ? "the cloud metadata address" : "a private (unique local) address";
  if ((g[0] & 0xffc0) === 0xfe80) return "a link-local address";
  if ((g[0] & 0xffc0) === 0xfec0) return "a site-local address";
  if ((g[0] & 0xff00) === 0xff00) return "a multicast address";
  return null;
}

function classifyEmbedded(addr: string, form: string): string | null {
  const label = classifyV4(addr);
  return label ? `${label} (${form} ${addr})` : null;
}

/** Why an address may not be reached ("a private address", …), or null when it is a public one. */
export function blockedReason(address: string): string | null {
  const a = address.startsWith("[") ? address.slice(1, -1) : address;
  const kind = isIP(a.split("%")[0]);
  if (kind === 4) return classifyV4(a);
  if (kind === 6) return classifyV6(a);
  return "not an IP address";
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

export function allowedHostEntries(): Set<string> {
  const set = new Set<string>(g.__clusterdeckAllowedHosts ?? []);
  for (const e of config().ALLOWED_PROVIDER_HOSTS.split(",")) if (e.trim()) set.add(normalizeEntry(e));
  return set;
}

/** true when ALLOWED_PROVIDER_HOSTS (or the runtime set) lists the URL's host or host:port */
export function isAllowedHost(url: URL, entries = allowedHostEntries()): boolean {
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

const bare = (hostname: string) => (hostname.startsWith("[") ? hostname.slice(1, -1) : hostname);
const allowHint = (url: URL) => `; if this is intended, list "${url.host}" in ALLOWED_PROVIDER_HOSTS`;

/** Static checks (no DNS): scheme, credentials in the URL, literal addresses. Throws OutboundBlockedError. */
export function checkUrlShape(url: URL, entries = allowedHostEntries(), opts: { privateNetworks?: PrivateNetworks } = {}): { allowed: boolean } {
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
    return request(url, init, target, signal);
  };
  return guarded as typeof fetch;
}

/** HTTP(S) to `url` over a connection to the already-checked address only (exported for tests). */
export function fetchPinned(url: URL, init: RequestInit, target: Pick<CheckedTarget, "address" | "family">): Promise<Response> {
  return request(url, init, target, init.signal ?? undefined);
}

function request(url: URL, init: RequestInit, target: Pick<CheckedTarget, "address" | "family">, signal: AbortSignal | undefined): Promise<Response> {
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
        agent: false,
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
