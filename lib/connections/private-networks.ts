/**
 * The private networks a team's Kubernetes API connections may reach (issue 17 item 4).
 *
 * API servers on private networks are the normal case for Kubernetes API connections, so an owner
 * lists the networks (CIDRs) and host names those connections may reach although they are private.
 * Only private ranges can be listed: RFC 1918 (10/8, 172.16/12, 192.168/16), carrier-grade NAT
 * (100.64/10) and IPv6 unique local (fc00::/7). Loopback is never listable (the demo reaches its
 * simulators through the allowed-hosts list); link-local and the cloud metadata addresses are always
 * refused, listed or not. Every other outbound rule (lib/connections/outbound.ts) stays as it is.
 *
 * Enforcement happens in the guarded agents / dispatcher (outbound-agent.ts), after DNS resolution
 * and for every connection a redirect opens.
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";

export interface PrivateNetworks {
  /** [network, prefix length] pairs, parsed */
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** lower-case host names; "*.corp.example" matches every name below corp.example */
  hosts: string[];
}

/** the only ranges an entry may fall into */
const LISTABLE: [string, string][] = [
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["fc00::/7", "unique local"],
];
const LISTABLE_PARSED = LISTABLE.map(([c]) => ipaddr.parseCIDR(c));
/** inside fc00::/7 but always refused (AWS IMDS over IPv6) */
const METADATA_V6 = ipaddr.parse("fd00:ec2::254");

const HOST_RE = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;

const unmap = (a: ipaddr.IPv4 | ipaddr.IPv6) => (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a);

function within(addr: ipaddr.IPv4 | ipaddr.IPv6, [net, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  return addr.kind() === net.kind() && addr.match(net as never, bits);
}

/** Checks one entry; returns the normalized form or throws an Error naming the problem. */
export function normalizeNetworkEntry(input: string): string {
  const e = input.trim().toLowerCase();
  if (!e) throw new Error("an entry is empty");
  const looksIp = /^[\d.]+(\/\d+)?$/.test(e) || e.includes(":");
  if (looksIp) {
    let net: ipaddr.IPv4 | ipaddr.IPv6;
    let bits: number;
    try {
      if (e.includes("/")) [net, bits] = ipaddr.parseCIDR(e);
      else {
        net = ipaddr.parse(e);
        bits = net.kind() === "ipv4" ? 32 : 128;
      }
    } catch {
      throw new Error(`"${input.trim()}" is not a valid address or CIDR (e.g. 10.0.0.0/8)`);
    }
    net = unmap(net);
    if (net.kind() === "ipv4" && bits > 32) bits -= 96;
    const block = LISTABLE_PARSED.find((b) => within(net, b) && bits >= b[1]);
    if (!block) {
      const range = net.range();
      const what = range === "loopback" ? "loopback (only the demo may reach loopback)" : range === "linkLocal" ? "link-local (never reachable)" : range === "unicast" ? "a public range (public addresses need no listing)" : `not a private range (${range})`;
      throw new Error(`"${input.trim()}" is ${what}; list private networks only: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7 or parts of them`);
    }
    if (net.kind() === "ipv6" && METADATA_V6.match(net as ipaddr.IPv6, bits)) throw new Error(`"${input.trim()}" contains the cloud metadata address fd00:ec2::254, which is never reachable`);
    // the network address proper (host bits cleared)
    const first = net.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${net.toString()}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${net.toString()}/${bits}`);
    return `${first.toString()}/${bits}`;
  }
  if (!HOST_RE.test(e)) throw new Error(`"${input.trim()}" is neither a CIDR (e.g. 10.0.0.0/8) nor a host name (e.g. k8s.corp.example or *.corp.example)`);
  const host = e.replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) throw new Error(`"${input.trim()}" is a loopback name (only the demo may reach loopback)`);
  if (host === "metadata.google.internal" || host === "metadata") throw new Error(`"${input.trim()}" is a cloud metadata name, which is never reachable`);
  return host;
}

export const MAX_NETWORK_ENTRIES = 100;

/** The team setting as the API takes it: a list of CIDRs and host names, each checked. */
export const privateNetworksInput = z
  .array(z.string().max(300, "an entry has at most 300 characters"))
  .max(MAX_NETWORK_ENTRIES, `at most ${MAX_NETWORK_ENTRIES} entries`)
  .transform((list, ctx) => {
    const out: string[] = [];
    list.forEach((entry, i) => {
      try {
        const n = normalizeNetworkEntry(entry);
        if (!out.includes(n)) out.push(n);
      } catch (err) {
        ctx.addIssue({ code: "custom", path: [i], message: (err as Error).message });
      }
    });
    return out;
  });

/** Parses stored (already normalized) entries; unreadable entries are skipped. */
export function parsePrivateNetworks(entries: string[]): PrivateNetworks {
  const out: PrivateNetworks = { cidrs: [], hosts: [] };
  for (const e of entries) {
    if (e.includes("/")) {
      try {
        const [net, bits] = ipaddr.parseCIDR(e);
        out.cidrs.push([net, bits]);
      } catch {
        // skipped
      }
    } else if (e) out.hosts.push(e.toLowerCase());
  }
  return out;
}

function hostListed(list: string[], hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return list.some((e) => (e.startsWith("*.") ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e));
}

/**
 * true when `address` (already found blocked by the general rules) may be reached anyway: it is in a
 * listable private range (never loopback, link-local or metadata) and a listed CIDR contains it or
 * the name it was resolved from is listed.
 */
export function privateNetworkAllows(policy: PrivateNetworks, address: string, hostname: string | null): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = unmap(ipaddr.parse(address.replace(/^\[|\]$/g, "").split("%")[0]));
  } catch {
    return false;
  }
  if (!LISTABLE_PARSED.some((b) => within(addr, b))) return false;
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).toNormalizedString() === METADATA_V6.toNormalizedString()) return false;
  if (policy.cidrs.some((c) => within(addr, c))) return true;
  return !!hostname && hostListed(policy.hosts, hostname);
}
