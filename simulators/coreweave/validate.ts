import { KNOWN_ZONES, wireMinor } from "./catalog";
import type { FieldViolation } from "./errors";
import type { HostPrefix, Network, Oidc, VpcRecord, Webhook } from "./state";

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Lower-case DNS-1035 label ([uncertain]: SK says lowercase letters, digits, hyphens; we also require a leading letter). */
export const NAME_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Signing algorithm enum: proto3-JSON readers accept the name or the number. */
const SIGNING_ALGORITHMS = ["SIGNING_ALGORITHM_UNSPECIFIED", "SIGNING_ALGORITHM_RS256"];
/** Host prefix type numbering follows TF's docs ordering (PRIMARY < ROUTED < ATTACHED), zero is unspecified. */
const HOST_PREFIX_TYPES = ["TYPE_UNSPECIFIED", "PRIMARY", "ROUTED", "ATTACHED"];
const GATEWAY_POLICIES = ["UNSPECIFIED", "EUI64", "FIRST_IP", "LAST_IP"];

export function enumName(value: unknown, names: string[]): string | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return names[value];
  if (typeof value === "string" && names.includes(value)) return value;
  return undefined;
}

export class Violations {
  list: FieldViolation[] = [];
  add(field: string, description: string) {
    this.list.push({ field, description });
  }
  get empty() {
    return this.list.length === 0;
  }
}

export function isCidr(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const [addr, len, ...rest] = value.split("/");
  if (rest.length || len === undefined || !/^\d{1,3}$/.test(len)) return false;
  const n = Number(len);
  if (addr.includes(":")) return n <= 128 && /^[0-9a-f:]+$/i.test(addr) && (addr.match(/::/g) ?? []).length <= 1;
  const parts = addr.split(".");
  return n <= 32 && parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isUrl(value: unknown, httpsOnly: boolean): boolean {
  if (typeof value !== "string") return false;
  try {
    const u = new URL(value);
    return httpsOnly ? u.protocol === "https:" : u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

function str(v: Violations, field: string, value: unknown, opts: { required?: boolean; max?: number } = {}): string | undefined {
  if (value === undefined || value === null || value === "") {
    if (opts.required) v.add(field, "value is required");
    return undefined;
  }
  if (typeof value !== "string") {
    v.add(field, "value must be a string");
    return undefined;
  }
  if (opts.max && value.length > opts.max) v.add(field, `value length must be at most ${opts.max} characters`);
  return value;
}

function strList(v: Violations, field: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) {
    v.add(field, "value must be a list of strings");
    return undefined;
  }
  return value as string[];
}

function bool(v: Violations, field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    v.add(field, "value must be a boolean");
    return undefined;
  }
  return value;
}

export function checkName(v: Violations, field: string, value: unknown): string | undefined {
  const name = str(v, field, value, { required: true, max: 30 });
  if (name !== undefined && !NAME_RE.test(name)) v.add(field, "value must consist of lower-case letters, digits and hyphens, start with a letter and end with a letter or digit");
  return name;
}

export function checkZone(v: Violations, value: unknown): string | undefined {
  const zone = str(v, "zone", value, { required: true });
  if (zone !== undefined && !(KNOWN_ZONES as readonly string[]).includes(zone)) v.add("zone", `unknown zone "${zone}"`);
  return zone;
}

export function checkVersionFormat(v: Violations, value: unknown, supported: string[]): string | undefined {
  const version = str(v, "version", value, { required: true });
  if (version === undefined) return undefined;
  const wire = wireMinor(version);
  if (!wire) {
    v.add("version", 'value must be a Kubernetes minor version of the form "v1.35" or "1.35"');
    return undefined;
  }
  if (!supported.includes(wire)) {
    v.add("version", `version ${version} is not supported; supported versions: ${supported.join(", ")}`);
    return undefined;
  }
  return wire;
}

export function checkOidc(v: Violations, value: unknown, field = "oidc"): Oidc | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    v.add(field, "value must be an object");
    return undefined;
  }
  const issuerUrl = str(v, `${field}.issuerUrl`, value.issuerUrl, { required: true });
  if (issuerUrl !== undefined && !isUrl(issuerUrl, true)) v.add(`${field}.issuerUrl`, "value must be an https URL");
  const clientId = str(v, `${field}.clientId`, value.clientId, { required: true });
  const algs = Array.isArray(value.signingAlgorithms) ? value.signingAlgorithms : value.signingAlgorithms == null ? [] : null;
  const signingAlgorithms: string[] = [];
  if (algs === null) v.add(`${field}.signingAlgorithms`, "value must be a list");
  else
    for (const a of algs) {
      const n = enumName(a, SIGNING_ALGORITHMS);
      if (!n) v.add(`${field}.signingAlgorithms`, `unknown signing algorithm ${JSON.stringify(a)}`);
      else signingAlgorithms.push(n);
    }
  const ca = str(v, `${field}.ca`, value.ca);
  if (ca !== undefined && !BASE64_RE.test(ca)) v.add(`${field}.ca`, "value must be base64-encoded PEM");
  return {
    issuerUrl: issuerUrl ?? "",
    clientId: clientId ?? "",
    usernameClaim: str(v, `${field}.usernameClaim`, value.usernameClaim),
    usernamePrefix: str(v, `${field}.usernamePrefix`, value.usernamePrefix),
    groupsClaim: str(v, `${field}.groupsClaim`, value.groupsClaim),
    groupsPrefix: str(v, `${field}.groupsPrefix`, value.groupsPrefix),
    ca,
    requiredClaim: str(v, `${field}.requiredClaim`, value.requiredClaim),
    adminGroupBinding: str(v, `${field}.adminGroupBinding`, value.adminGroupBinding),
    signingAlgorithms,
  };
}

export function checkWebhook(v: Violations, field: string, value: unknown): Webhook | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    v.add(field, "value must be an object");
    return undefined;
  }
  const server = str(v, `${field}.server`, value.server, { required: true });
  if (server !== undefined && !isUrl(server, false)) v.add(`${field}.server`, "value must be a URL");
  const ca = str(v, `${field}.ca`, value.ca);
  if (ca !== undefined && !BASE64_RE.test(ca)) v.add(`${field}.ca`, "value must be base64-encoded PEM");
  return { server: server ?? "", ca };
}

export interface CommonConfig {
  public?: boolean;
  auditPolicy?: string;
  oidc?: Oidc;
  authzWebhook?: Webhook;
  authnWebhook?: Webhook;
  disableOidcInfoPublication?: boolean;
  kubelet?: Record<string, unknown>;
  additionalServerSans?: string[];
  tailscaleClientId?: string;
}

/** The fields create and update share (docs/providers/coreweave.md §3.1, §12). */
export function checkCommon(v: Violations, body: Obj): CommonConfig {
  const out: CommonConfig = {};
  out.public = bool(v, "public", body.public);
  out.auditPolicy = str(v, "auditPolicy", body.auditPolicy);
  if (out.auditPolicy !== undefined && !BASE64_RE.test(out.auditPolicy)) v.add("auditPolicy", "value must be base64-encoded JSON or YAML");
  out.oidc = checkOidc(v, body.oidc);
  out.authzWebhook = checkWebhook(v, "authzWebhook", body.authzWebhook);
  out.authnWebhook = checkWebhook(v, "authnWebhook", body.authnWebhook);
  out.disableOidcInfoPublication = bool(v, "disableOidcInfoPublication", body.disableOidcInfoPublication);
  if (body.kubelet !== undefined && body.kubelet !== null) {
    if (!isObj(body.kubelet) || Object.keys(body.kubelet).length === 0) v.add("kubelet", "value must be a non-empty JSON object");
    else out.kubelet = body.kubelet;
  }
  const sans = strList(v, "additionalServerSans", body.additionalServerSans);
  if (sans) {
    if (sans.length > 10) v.add("additionalServerSans", "value must contain at most 10 item(s)");
    if (sans.some((s) => s.trim() === "")) v.add("additionalServerSans", "values must not be blank");
    out.additionalServerSans = sans;
  }
  if (body.tailscale !== undefined && body.tailscale !== null) {
    if (!isObj(body.tailscale)) v.add("tailscale", "value must be an object");
    else {
      const id = str(v, "tailscale.clientId", body.tailscale.clientId, { required: true, max: 255 });
      if (id !== undefined && id.trim() === "") v.add("tailscale.clientId", "value must not be blank");
      out.tailscaleClientId = id;
    }
  }
  return out;
}

export interface NetworkInput extends Omit<Network, "serviceNodePortRange"> {
  serviceNodePortRange?: { start: number; end: number };
}

export function checkPortRange(v: Violations, value: unknown): { start: number; end: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObj(value)) {
    v.add("network.serviceNodePortRange", "value must be an object");
    return undefined;
  }
  const { start, end } = value;
  const ok = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!ok(start)) v.add("network.serviceNodePortRange.start", "value must be a port between 1 and 65535");
  if (!ok(end)) v.add("network.serviceNodePortRange.end", "value must be a port between 1 and 65535");
  if (ok(start) && ok(end) && (start as number) >= (end as number)) v.add("network.serviceNodePortRange", "start must be lower than end");
  return ok(start) && ok(end) ? { start: start as number, end: end as number } : undefined;
}

export function uniqueNonBlank(v: Violations, field: string, names: string[] | undefined, required: boolean) {
  if (!names || names.length === 0) {
    if (required) v.add(field, "value must contain at least 1 item(s)");
    return;
  }
  if (names.some((n) => n.trim() === "")) v.add(field, "values must not be blank");
  if (new Set(names).size !== names.length) v.add(field, "values must be unique");
}

export function checkNetwork(v: Violations, value: unknown, vpc: VpcRecord | undefined): NetworkInput | undefined {
  if (!isObj(value)) {
    v.add("network", "value is required");
    return undefined;
  }
  const podCidrName = str(v, "network.podCidrName", value.podCidrName, { required: true });
  const serviceCidrName = str(v, "network.serviceCidrName", value.serviceCidrName, { required: true });
  const lb = strList(v, "network.internalLbCidrNames", value.internalLbCidrNames);
  uniqueNonBlank(v, "network.internalLbCidrNames", lb, true);
  const pod6 = str(v, "network.podCidrNameV6", value.podCidrNameV6);
  const svc6 = str(v, "network.serviceCidrNameV6", value.serviceCidrNameV6);
  const lb6 = strList(v, "network.internalLbCidrNamesV6", value.internalLbCidrNamesV6);
  const v6Count = [pod6, svc6, lb6 && lb6.length ? lb6 : undefined].filter((x) => x !== undefined).length;
  if (v6Count !== 0 && v6Count !== 3) v.add("network", "podCidrNameV6, serviceCidrNameV6 and internalLbCidrNamesV6 must be set together or not at all");
  if (v6Count === 3) uniqueNonBlank(v, "network.internalLbCidrNamesV6", lb6, true);
  const range = checkPortRange(v, value.serviceNodePortRange);
  if (vpc) {
    const known = new Set(vpc.vpcPrefixes.map((p) => p.name));
    const check = (field: string, name: string | undefined) => {
      if (name !== undefined && name !== "" && !known.has(name)) v.add(field, `VPC ${vpc.id} has no prefix named "${name}"`);
    };
    check("network.podCidrName", podCidrName);
    check("network.serviceCidrName", serviceCidrName);
    for (const n of lb ?? []) check("network.internalLbCidrNames", n);
    check("network.podCidrNameV6", pod6);
    check("network.serviceCidrNameV6", svc6);
    for (const n of lb6 ?? []) check("network.internalLbCidrNamesV6", n);
  }
  return {
    podCidrName: podCidrName ?? "",
    serviceCidrName: serviceCidrName ?? "",
    internalLbCidrNames: lb ?? [],
    ...(v6Count === 3 ? { podCidrNameV6: pod6, serviceCidrNameV6: svc6, internalLbCidrNamesV6: lb6 } : {}),
    serviceNodePortRange: range,
  };
}

/** VPC host prefixes: hostPrefix (deprecated) xor hostPrefixes; exactly one PRIMARY; no ipam on PRIMARY. */
export function checkHostPrefixes(v: Violations, body: Obj): { hostPrefix?: string; hostPrefixes?: HostPrefix[] } {
  const hasSingle = body.hostPrefix !== undefined && body.hostPrefix !== null && body.hostPrefix !== "";
  const hasList = Array.isArray(body.hostPrefixes) && body.hostPrefixes.length > 0;
  if (hasSingle && hasList) {
    v.add("hostPrefix", "hostPrefix and hostPrefixes are mutually exclusive");
    return {};
  }
  if (hasSingle) {
    if (!isCidr(body.hostPrefix)) v.add("hostPrefix", "value must be a valid CIDR");
    return { hostPrefix: body.hostPrefix as string };
  }
  if (body.hostPrefixes !== undefined && body.hostPrefixes !== null && !Array.isArray(body.hostPrefixes)) {
    v.add("hostPrefixes", "value must be a list");
    return {};
  }
  if (!hasList) return {};
  const out: HostPrefix[] = [];
  (body.hostPrefixes as unknown[]).forEach((raw, i) => {
    const f = `hostPrefixes[${i}]`;
    if (!isObj(raw)) return v.add(f, "value must be an object");
    const name = str(v, `${f}.name`, raw.name, { required: true });
    const type = enumName(raw.type, HOST_PREFIX_TYPES);
    if (!type || type === "TYPE_UNSPECIFIED") v.add(`${f}.type`, "value must be one of PRIMARY, ROUTED, ATTACHED");
    const prefixes = strList(v, `${f}.prefixes`, raw.prefixes) ?? [];
    if (prefixes.length === 0) v.add(`${f}.prefixes`, "value must contain at least 1 item(s)");
    for (const p of prefixes) if (!isCidr(p)) v.add(`${f}.prefixes`, `"${p}" is not a valid CIDR`);
    let ipam: HostPrefix["ipam"];
    if (raw.ipam !== undefined && raw.ipam !== null) {
      if (type === "PRIMARY") v.add(`${f}.ipam`, "host prefix ipam must not be set for PRIMARY host prefixes");
      else if (!isObj(raw.ipam) || typeof raw.ipam.prefixLength !== "number" || !Number.isInteger(raw.ipam.prefixLength) || raw.ipam.prefixLength < 1 || raw.ipam.prefixLength > 128)
        v.add(`${f}.ipam.prefixLength`, "value must be an integer between 1 and 128");
      else {
        const policy = raw.ipam.gatewayAddressPolicy === undefined ? "UNSPECIFIED" : enumName(raw.ipam.gatewayAddressPolicy, GATEWAY_POLICIES);
        if (!policy) v.add(`${f}.ipam.gatewayAddressPolicy`, "value must be one of UNSPECIFIED, EUI64, FIRST_IP, LAST_IP");
        ipam = { prefixLength: raw.ipam.prefixLength, gatewayAddressPolicy: policy ?? "UNSPECIFIED" };
      }
    } else if (type === "ROUTED" || type === "ATTACHED") v.add(`${f}.ipam`, `ipam.prefixLength is required for ${type} host prefixes`);
    if (name && type && type !== "TYPE_UNSPECIFIED") out.push({ name, type: type as HostPrefix["type"], prefixes, ...(ipam ? { ipam } : {}) });
  });
  const primaries = (body.hostPrefixes as unknown[]).filter((h) => isObj(h) && enumName(h.type, HOST_PREFIX_TYPES) === "PRIMARY").length;
  if (primaries !== 1) v.add("hostPrefixes", "exactly one PRIMARY host prefix is required");
  if (new Set(out.map((h) => h.name)).size !== out.length) v.add("hostPrefixes", "host prefix names must be unique");
  return { hostPrefixes: out };
}

export function checkVpcPrefixes(v: Violations, value: unknown): { name: string; value: string }[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    v.add("vpcPrefixes", "value must be a list");
    return undefined;
  }
  const out: { name: string; value: string }[] = [];
  value.forEach((raw, i) => {
    if (!isObj(raw)) return v.add(`vpcPrefixes[${i}]`, "value must be an object");
    const name = str(v, `vpcPrefixes[${i}].name`, raw.name, { required: true });
    if (!isCidr(raw.value)) v.add(`vpcPrefixes[${i}].value`, "value must be a valid CIDR");
    else if (name) out.push({ name, value: raw.value });
  });
  if (new Set(out.map((p) => p.name)).size !== out.length) v.add("vpcPrefixes", "prefix names must be unique");
  return out;
}

export function checkDns(v: Violations, value: unknown): string[] | undefined {
  const servers = strList(v, "dhcp.dns.servers", value);
  for (const s of servers ?? []) if (!isCidr(`${s}/${s.includes(":") ? 128 : 32}`)) v.add("dhcp.dns.servers", `"${s}" is not an IP address`);
  return servers;
}

export { bool as checkBool };
