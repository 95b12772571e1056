import type { SimClock } from "@/simulators/kit/clock";
import { MINUTE } from "@/simulators/kit/clock";
import type { SeededRandom } from "@/simulators/kit/random";
import { nextMinor } from "./catalog";

export type ClusterStatus =
  | "STATUS_UNSPECIFIED"
  | "STATUS_CREATING"
  | "STATUS_RUNNING"
  | "STATUS_UPDATING"
  | "STATUS_UPGRADING"
  | "STATUS_DELETING"
  | "STATUS_DELETED"
  | "STATUS_FAILED";

export type VpcStatus = "STATUS_CREATING" | "STATUS_READY" | "STATUS_UPDATING" | "STATUS_DELETING";

export interface Oidc {
  issuerUrl: string;
  clientId: string;
  usernameClaim?: string;
  usernamePrefix?: string;
  groupsClaim?: string;
  groupsPrefix?: string;
  ca?: string;
  requiredClaim?: string;
  adminGroupBinding?: string;
  signingAlgorithms?: string[];
}

export interface Webhook {
  server: string;
  ca?: string;
}

export interface Network {
  podCidrName: string;
  serviceCidrName: string;
  internalLbCidrNames: string[];
  podCidrNameV6?: string;
  serviceCidrNameV6?: string;
  internalLbCidrNamesV6?: string[];
  serviceNodePortRange: { start: number; end: number };
}

export interface ClusterRecord {
  id: string;
  name: string;
  zone: string;
  vpcId: string;
  public: boolean;
  version: string;
  network: Network;
  oidc?: Oidc;
  authzWebhook?: Webhook;
  authnWebhook?: Webhook;
  auditPolicy?: string;
  apiServerEndpoint: string;
  status: ClusterStatus;
  disableOidcInfoPublication: boolean;
  kubelet?: Record<string, unknown>;
  additionalServerSans: string[];
  tailscale?: { clientId: string; tailnetDomain: string };
  /** request-only: stored, never returned (docs/providers/coreweave.md §3.1) */
  sharedStorageClusterId?: string;
  createdAt: number;
  updatedAt: number;
  /** simulation: when the current transition ends, and what it leads to */
  phaseEndsAt?: number;
  pendingVersion?: string;
  failCreate?: boolean;
}

export interface HostPrefix {
  name: string;
  type: "PRIMARY" | "ROUTED" | "ATTACHED";
  prefixes: string[];
  ipam?: { prefixLength: number; gatewayAddressPolicy: string };
}

export interface VpcPrefix {
  name: string;
  value: string;
  status: "STATUS_AVAILABLE";
  createdAt: number;
  updatedAt: number;
}

export interface VpcRecord {
  id: string;
  name: string;
  zone: string;
  hostPrefix?: string;
  hostPrefixes: HostPrefix[];
  vpcPrefixes: VpcPrefix[];
  ingress: { disablePublicServices: boolean };
  egress: { disablePublicAccess: boolean };
  dhcp: { dns: { servers: string[] } };
  status: VpcStatus;
  createdAt: number;
  updatedAt: number;
  phaseEndsAt?: number;
}

export interface SimConfig {
  supportedVersions: string[];
  /** RESOURCE_EXHAUSTED past this many clusters in one zone */
  clusterQuotaPerZone: number;
  /** proto3-JSON writers may omit zero values or emit them all; default: omit ([uncertain], docs/providers/coreweave.md §3.1) */
  emitDefaults: boolean;
}

/** Realistic durations (docs/providers/coreweave.md §7): create ~45 min, updates/upgrades within TF's 20 min wait, delete a few minutes. */
export const DURATIONS = {
  create: [40 * MINUTE, 50 * MINUTE],
  upgrade: [14 * MINUTE, 19 * MINUTE],
  update: [3 * MINUTE, 6 * MINUTE],
  delete: [3 * MINUTE, 5 * MINUTE],
  vpcCreate: [1 * MINUTE, 2 * MINUTE],
  vpcUpdate: [1 * MINUTE, 1 * MINUTE],
  vpcDelete: [1 * MINUTE, 1 * MINUTE],
} as const;

export class CoreWeaveState {
  clusters = new Map<string, ClusterRecord>();
  vpcs = new Map<string, VpcRecord>();
  /** tokens the simulator accepts and whether they may mutate */
  tokens = new Map<string, "write" | "read">();
  failNextCreates = 0;

  constructor(
    readonly clock: SimClock,
    public rnd: SeededRandom,
    public config: SimConfig,
  ) {}

  duration(kind: keyof typeof DURATIONS): number {
    const [min, max] = DURATIONS[kind];
    return this.rnd.int(min, max);
  }

  /** Finishes every transition whose time has come. Called before each request is served. */
  advance(now = this.clock.now()) {
    for (const c of [...this.clusters.values()]) {
      if (c.phaseEndsAt === undefined || now < c.phaseEndsAt) continue;
      const at = c.phaseEndsAt;
      c.phaseEndsAt = undefined;
      if (c.status === "STATUS_DELETING") {
        this.clusters.delete(c.id);
        continue;
      }
      if (c.status === "STATUS_CREATING") c.status = c.failCreate ? "STATUS_FAILED" : "STATUS_RUNNING";
      else if (c.status === "STATUS_UPGRADING") {
        c.version = c.pendingVersion ?? c.version;
        c.pendingVersion = undefined;
        c.status = "STATUS_RUNNING";
      } else if (c.status === "STATUS_UPDATING") c.status = "STATUS_RUNNING";
      c.updatedAt = at;
    }
    for (const v of [...this.vpcs.values()]) {
      if (v.phaseEndsAt === undefined || now < v.phaseEndsAt) continue;
      const at = v.phaseEndsAt;
      v.phaseEndsAt = undefined;
      if (v.status === "STATUS_DELETING") {
        this.vpcs.delete(v.id);
        continue;
      }
      v.status = "STATUS_READY";
      v.updatedAt = at;
    }
  }

  isUpgradeable(c: ClusterRecord): boolean {
    const next = nextMinor(c.version);
    return c.status === "STATUS_RUNNING" && !!next && this.config.supportedVersions.includes(next);
  }

  clustersInZone(zone: string): ClusterRecord[] {
    return [...this.clusters.values()].filter((c) => c.zone === zone);
  }

  apiServerEndpoint(zone: string): string {
    return `${this.rnd.hex(6)}-${this.rnd.hex(8)}.k8s.${zone.toLowerCase()}.coreweave.com`;
  }
}

export const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Drops proto3 zero values (false, 0, "", [], null) the way protojson does by default; keeps set messages. */
function omitZero(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(omitZero);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = omitZero(v);
    }
    return out;
  }
  return value;
}

export function clusterJson(state: CoreWeaveState, c: ClusterRecord): Record<string, unknown> {
  const full = {
    id: c.id,
    name: c.name,
    zone: c.zone,
    vpcId: c.vpcId,
    public: c.public,
    version: c.version,
    network: {
      podCidrName: c.network.podCidrName,
      serviceCidrName: c.network.serviceCidrName,
      internalLbCidrNames: c.network.internalLbCidrNames,
      podCidrNameV6: c.network.podCidrNameV6 ?? "",
      serviceCidrNameV6: c.network.serviceCidrNameV6 ?? "",
      internalLbCidrNamesV6: c.network.internalLbCidrNamesV6 ?? [],
      serviceNodePortRange: c.network.serviceNodePortRange,
    },
    oidc: c.oidc
      ? {
          issuerUrl: c.oidc.issuerUrl,
          clientId: c.oidc.clientId,
          usernameClaim: c.oidc.usernameClaim ?? "",
          usernamePrefix: c.oidc.usernamePrefix ?? "",
          groupsClaim: c.oidc.groupsClaim ?? "",
          groupsPrefix: c.oidc.groupsPrefix ?? "",
          ca: c.oidc.ca ?? "",
          requiredClaim: c.oidc.requiredClaim ?? "",
          adminGroupBinding: c.oidc.adminGroupBinding ?? "",
          signingAlgorithms: c.oidc.signingAlgorithms ?? [],
        }
      : null,
    authzWebhook: c.authzWebhook ? { server: c.authzWebhook.server, ca: c.authzWebhook.ca ?? "" } : null,
    authnWebhook: c.authnWebhook ? { server: c.authnWebhook.server, ca: c.authnWebhook.ca ?? "" } : null,
    auditPolicy: c.auditPolicy ?? "",
    apiServerEndpoint: c.apiServerEndpoint,
    status: c.status,
    isUpgradeable: state.isUpgradeable(c),
    disableOidcInfoPublication: c.disableOidcInfoPublication,
    kubelet: c.kubelet ?? null,
    additionalServerSans: c.additionalServerSans,
    tailscale: c.tailscale ?? null,
    createdAt: rfc3339(c.createdAt),
    updatedAt: rfc3339(c.updatedAt),
  };
  return state.config.emitDefaults ? full : (omitZero(full) as Record<string, unknown>);
}

export function vpcJson(state: CoreWeaveState, v: VpcRecord): Record<string, unknown> {
  const full = {
    id: v.id,
    name: v.name,
    zone: v.zone,
    hostPrefix: v.hostPrefix ?? "",
    hostPrefixes: v.hostPrefixes.map((h) => ({ name: h.name, type: h.type, prefixes: h.prefixes, ipam: h.ipam ?? null })),
    vpcPrefixes: v.vpcPrefixes.map((p) => ({ name: p.name, value: p.value, status: p.status, createdAt: rfc3339(p.createdAt), updatedAt: rfc3339(p.updatedAt) })),
    ingress: v.ingress,
    egress: v.egress,
    dhcp: v.dhcp,
    status: v.status,
    createdAt: rfc3339(v.createdAt),
    updatedAt: rfc3339(v.updatedAt),
  };
  return state.config.emitDefaults ? full : (omitZero(full) as Record<string, unknown>);
}
