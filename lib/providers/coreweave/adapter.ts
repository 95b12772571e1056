import { ProviderError, type ConnectionConfig, type KubernetesVersion, type OperationHandle, type ProviderAdapter, type ProviderCluster, type Scope, type TestConnectionResult } from "../types";
import { CKS_VERSIONS, regionOfZone } from "./catalog";
import { CoreWeaveClient, PROVIDER } from "./client";
import { createInputSchema, type CoreWeaveCreateInput } from "./create-schema";
import { toApiVersion, toProviderCluster } from "./mapping";
import { normalizeKubeVersion } from "@/lib/kube-version";
import type { CksCluster, CksVpc, CreateClusterRequest } from "./schemas";

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: PROVIDER, message, fields });

/** Wizard values -> POST /v1beta1/cks/clusters body. Only set fields are sent. */
export function toCreateRequest(zone: string, v: CoreWeaveCreateInput): CreateClusterRequest {
  const body: CreateClusterRequest = {
    name: v.name,
    zone,
    vpcId: v.vpcId,
    version: toApiVersion(v.version),
    public: v.public,
    network: { podCidrName: v.podCidrName, serviceCidrName: v.serviceCidrName, internalLbCidrNames: v.internalLbCidrNames },
  };
  if (v.serviceNodePortStart !== undefined && v.serviceNodePortEnd !== undefined) body.network.serviceNodePortRange = { start: v.serviceNodePortStart, end: v.serviceNodePortEnd };
  if (v.oidcIssuerUrl && v.oidcClientId) {
    const oidc: Record<string, unknown> = { issuerUrl: v.oidcIssuerUrl, clientId: v.oidcClientId };
    const optional = { usernameClaim: v.oidcUsernameClaim, usernamePrefix: v.oidcUsernamePrefix, groupsClaim: v.oidcGroupsClaim, groupsPrefix: v.oidcGroupsPrefix, requiredClaim: v.oidcRequiredClaim, ca: v.oidcCa?.replace(/\s+/g, "") };
    for (const [k, val] of Object.entries(optional)) if (val) oidc[k] = val;
    body.oidc = oidc;
  }
  if (v.authnWebhookServer) body.authnWebhook = { server: v.authnWebhookServer, ...(v.authnWebhookCa ? { ca: v.authnWebhookCa.replace(/\s+/g, "") } : {}) };
  if (v.authzWebhookServer) body.authzWebhook = { server: v.authzWebhookServer, ...(v.authzWebhookCa ? { ca: v.authzWebhookCa.replace(/\s+/g, "") } : {}) };
  if (v.auditPolicy) body.auditPolicy = v.auditPolicy.replace(/\s+/g, "");
  if (v.additionalServerSans?.length) body.additionalServerSans = v.additionalServerSans;
  if (v.disableOidcInfoPublication) body.disableOidcInfoPublication = true;
  if (v.kubeletMaxPods !== undefined) body.kubelet = { maxPods: v.kubeletMaxPods };
  return body;
}

const isReady = (v: CksVpc) => v.status === "STATUS_READY";

export class CoreWeaveAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  private readonly client: CoreWeaveClient;

  constructor(config: ConnectionConfig) {
    const token = config.credentials.token;
    if (!token) throw invalid("a CoreWeave API access token is required");
    this.client = new CoreWeaveClient({ baseUrl: config.baseUrl, token, http: config.http });
  }

  /** There is no zones endpoint: the zones an account uses are those of its VPCs and clusters. */
  private async inventory(): Promise<{ clusters: CksCluster[]; vpcs: CksVpc[]; zones: Scope[] }> {
    const [clusters, vpcs] = await Promise.all([this.client.listClusters(), this.client.listVpcs()]);
    const names = new Set<string>();
    for (const x of [...vpcs, ...clusters]) if (x.zone) names.add(x.zone);
    const zones = [...names].sort().map((zone) => ({
      externalId: zone,
      name: zone,
      kind: "zone",
      raw: { region: regionOfZone(zone), vpcs: vpcs.filter((v) => v.zone === zone).length, clusters: clusters.filter((c) => c.zone === zone).length },
    }));
    return { clusters, vpcs, zones };
  }

  async testConnection(): Promise<TestConnectionResult> {
    const { clusters, vpcs, zones } = await this.inventory();
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return { ok: true, summary: `${plural(zones.length, "zone")}, ${plural(vpcs.length, "VPC")}, ${plural(clusters.length, "cluster")}`, scopes: zones.length, clusters: clusters.length };
  }

  async listScopes(): Promise<Scope[]> {
    return (await this.inventory()).zones;
  }

  /** One unpaginated call returns every zone's clusters; a scope filters locally. */
  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const all = await this.client.listClusters();
    return all.filter((c) => !scope || c.zone === scope).map(toProviderCluster);
  }

  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const c = await this.client.getCluster(externalId);
    if (scope && c.zone && c.zone !== scope) throw new ProviderError({ kind: "not_found", provider: PROVIDER, status: null, message: `cluster ${externalId} is not in zone ${scope}` });
    return toProviderCluster(c);
  }

  async listVersions(): Promise<KubernetesVersion[]> {
    return CKS_VERSIONS.map((v) => ({ version: normalizeKubeVersion(v.version)!, eol: v.eol, active: v.active, ...(v.default ? { default: true } : {}) }));
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    switch (source) {
      case "zones": {
        const vpcs = (await this.client.listVpcs()).filter(isReady);
        const counts = new Map<string, number>();
        for (const v of vpcs) if (v.zone) counts.set(v.zone, (counts.get(v.zone) ?? 0) + 1);
        return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([zone, n]) => ({ value: zone, label: `${zone} (${n} VPC${n === 1 ? "" : "s"})` }));
      }
      case "vpcs": {
        const zone = typeof context.zone === "string" ? context.zone : "";
        if (!zone) return [];
        const vpcs = (await this.client.listVpcs()).filter((v) => v.zone === zone && isReady(v));
        return vpcs.map((v) => {
          const primary = v.hostPrefixes?.find((h) => h.type === "PRIMARY")?.prefixes?.[0] ?? v.hostPrefix;
          return { value: v.id, label: primary ? `${v.name} (${primary})` : v.name };
        });
      }
      case "vpcPrefixes": {
        const vpcId = typeof context.vpcId === "string" ? context.vpcId : "";
        if (!vpcId) return [];
        const vpc = await this.client.getVpc(vpcId);
        return (vpc.vpcPrefixes ?? []).map((p) => ({ value: p.name, label: p.value ? `${p.name} — ${p.value}` : p.name }));
      }
      case "versions":
        return (await this.listVersions()).filter((v) => v.active).map((v) => ({ value: v.version, label: v.default ? `${v.version} (default)` : v.version }));
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = createInputSchema.safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, string[]> = {};
      for (const i of parsed.error.issues) (fields[i.path.join(".") || "input"] ??= []).push(i.message);
      throw invalid(`invalid cluster: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, fields);
    }
    const zone = scope || parsed.data.zone;
    if (parsed.data.zone !== zone) throw invalid(`the cluster's zone ${parsed.data.zone} differs from the chosen scope ${zone}`, { zone: ["must match the scope"] });
    const body = toCreateRequest(zone, parsed.data);
    try {
      const c = await this.client.createCluster(body);
      return { externalId: c.id, scope: c.zone ?? zone, cluster: toProviderCluster(c) };
    } catch (e) {
      // A create that timed out (or lost its connection) may still have happened: names are unique, so look for it.
      if (e instanceof ProviderError && (e.kind === "timeout" || (e.kind === "unavailable" && e.status === null))) {
        const found = await this.client.listClusters().then((all) => all.find((c) => c.name === body.name && c.zone === zone), () => undefined);
        if (found) return { externalId: found.id, scope: zone, cluster: toProviderCluster(found) };
      }
      throw e;
    }
  }

  /** PATCH with only `version` in body and mask (docs/providers/coreweave.md §5: never send `network` with an upgrade). */
  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    let apiVersion: string;
    try {
      apiVersion = toApiVersion(version);
    } catch (e) {
      throw invalid((e as Error).message, { version: ["not a Kubernetes version"] });
    }
    const c = await this.client.updateCluster({ id: externalId, version: apiVersion, updateMask: "version" });
    return { externalId: c.id, scope: c.zone ?? scope, cluster: toProviderCluster(c) };
  }

  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    const c = await this.client.deleteCluster(externalId);
    return { externalId, scope: c?.zone ?? scope, ...(c ? { cluster: toProviderCluster(c) } : {}) };
  }
}
