import { kubeMinor, normalizeKubeVersion, parseKubeVersion } from "@/lib/kube-version";
import type { ClusterStatus, ProviderCluster } from "../types";
import { regionOfZone } from "./catalog";
import type { CksCluster } from "./schemas";

/**
 * CKS status -> normalized status. STATUS_DELETED is transient (a GET soon answers 404), so it
 * still counts as deleting. STATUS_UNSPECIFIED says nothing about what is going on: unknown. Bare
 * integers and unknown names (the enum numbers are not public) are unknown too.
 */
export const STATUS_MAP: Readonly<Record<string, ClusterStatus>> = {
  STATUS_CREATING: "provisioning",
  STATUS_RUNNING: "running",
  STATUS_UPDATING: "updating",
  STATUS_UPGRADING: "upgrading",
  STATUS_DELETING: "deleting",
  STATUS_DELETED: "deleting",
  STATUS_FAILED: "failed",
  STATUS_UNSPECIFIED: "unknown",
};

export function mapStatus(status: string | number | null | undefined): ClusterStatus {
  return typeof status === "string" ? (STATUS_MAP[status] ?? "unknown") : "unknown";
}

/** "1.35" / "1.35.2" / "v1.35" -> "v1.35": CKS takes minors only, patches are applied automatically. */
export function toApiVersion(version: string): string {
  const minor = kubeMinor(version);
  if (!minor) throw new Error(`"${version}" is not a Kubernetes version`);
  return `v${minor}`;
}

export function nextMinorOf(version: string | null | undefined): string | null {
  const v = parseKubeVersion(version);
  return v ? `${v.major}.${v.minor + 1}` : null;
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v === "" ? undefined : v);

export function toProviderCluster(c: CksCluster): ProviderCluster {
  const zone = c.zone ?? "";
  const providerStatus = c.status === undefined || c.status === null ? "STATUS_UNSPECIFIED" : String(c.status);
  const endpoint = blank(c.apiServerEndpoint);
  const raw: Record<string, unknown> = {
    vpcId: c.vpcId ?? null,
    public: c.public ?? false,
    isUpgradeable: c.isUpgradeable ?? false,
    network: {
      podCidrName: c.network?.podCidrName ?? null,
      serviceCidrName: c.network?.serviceCidrName ?? null,
      internalLbCidrNames: c.network?.internalLbCidrNames ?? [],
      dualStack: !!blank(c.network?.podCidrNameV6),
      serviceNodePortRange: c.network?.serviceNodePortRange ?? null,
    },
    oidcIssuerUrl: blank(c.oidc?.issuerUrl) ?? null,
    authnWebhook: blank(c.authnWebhook?.server) ?? null,
    authzWebhook: blank(c.authzWebhook?.server) ?? null,
    auditPolicy: !!blank(c.auditPolicy),
    additionalServerSans: c.additionalServerSans ?? [],
    kubelet: c.kubelet ?? null,
    // derived, not an API field: where the cluster publishes its service-account OIDC discovery documents
    serviceAccountIssuer: c.disableOidcInfoPublication ? null : `https://oidc.cks.coreweave.com/id/${c.id}`,
  };
  const next = nextMinorOf(c.version);
  return {
    externalId: c.id,
    name: c.name,
    scope: zone,
    scopeName: zone || null,
    region: zone ? regionOfZone(zone) : null,
    version: normalizeKubeVersion(c.version),
    status: mapStatus(c.status),
    providerStatus,
    // CKS reports no node count: nodes are NodePool custom resources inside the cluster.
    nodeCount: 0,
    nodePools: [],
    apiEndpoint: endpoint ? (/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`) : null,
    createdAt: blank(c.createdAt) ?? null,
    updatedAt: blank(c.updatedAt) ?? null,
    upgradeTargets: c.isUpgradeable && next ? [next] : [],
    raw,
  };
}
