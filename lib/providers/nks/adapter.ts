import { z } from "zod";
import { compareKubeVersions, eolStateOf, normalizeKubeVersion } from "@/lib/kube-version";
import { ProviderError, type ConnectionConfig, type KubernetesVersion, type NodePoolChange, type OperationHandle, type ProviderAdapter, type ProviderCluster, type Scope, type TestConnectionResult } from "../types";
import { NAME_PATTERN, NKS_PROVIDERS, nksEol, OFFERED_VERSIONS, providerInfo } from "./catalog";
import { NksClient } from "./client";
import { nksCreateSchema, toCreateBody } from "./create-schema";
import { mapCluster, wireVersion } from "./mapping";
import type { NksCluster, NksOrg } from "./schemas";
import { mapLimit } from "../concurrency";

const CONCURRENCY = 6;

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: "nks", message, fields });

function zodFields(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const i of error.issues) (fields[i.path.join(".") || "_"] ??= []).push(i.message);
  return fields;
}

export const nodePoolInputSchema = z.object({
  name: z.string().trim().regex(NAME_PATTERN, "1–64 letters, digits, spaces, dots, underscores or hyphens"),
  instanceType: z.string().trim().min(1, "choose an instance size"),
  nodeCount: z.coerce.number().int().min(1).max(100),
  rootDiskSize: z.coerce.number().int().min(20).max(2000).optional(),
  zone: z.string().trim().optional(),
});

export class NksAdapter implements ProviderAdapter {
  readonly kind = "nks";
  readonly client: NksClient;

  constructor(private readonly config: ConnectionConfig) {
    const token = config.credentials.token ?? "";
    this.client = new NksClient(config.baseUrl, token, config.http);
  }

  async testConnection(): Promise<TestConnectionResult> {
    const [profile, orgs] = await Promise.all([this.client.userProfile(), this.client.listOrgs()]);
    const owned = orgs.filter((o) => this.isOwner(profile?.org_memberships, o));
    const counts = await mapLimit(owned, CONCURRENCY, async (o) => (await this.client.listClusters(String(o.pk))).length);
    const clusters = counts.reduce((a, b) => a + b, 0);
    const who = profile?.email || profile?.username || "this token";
    const notOwned = orgs.length - owned.length;
    const summary =
      `${who}: ${orgs.length} organization${orgs.length === 1 ? "" : "s"}, ${clusters} cluster${clusters === 1 ? "" : "s"}` +
      (notOwned ? ` (${notOwned} organization${notOwned === 1 ? "" : "s"} not owned: the NKS API only serves owners)` : "");
    return { ok: true, summary, scopes: orgs.length, clusters };
  }

  private isOwner(memberships: { org: NksOrg; role?: string | null; is_owner?: boolean | null }[] | null | undefined, org: NksOrg): boolean {
    const m = memberships?.find((x) => x.org.pk === org.pk);
    // without membership data assume access; the API will answer 403 where it is not granted
    return !m || m.is_owner === true || m.role === "owner";
  }

  async listScopes(): Promise<Scope[]> {
    const [profile, orgs] = await Promise.all([this.client.userProfile(), this.client.listOrgs()]);
    const memberships = profile?.org_memberships ?? [];
    const scopes = orgs.map((o): Scope => {
      const m = memberships.find((x) => x.org.pk === o.pk);
      return { externalId: String(o.pk), name: o.name, kind: "org", raw: { slug: o.slug ?? null, role: m?.role ?? null, isDefault: m?.is_default === true, owner: this.isOwner(memberships, o) } };
    });
    // the user's default organization first
    return scopes.sort((a, b) => Number((b.raw as { isDefault: boolean }).isDefault) - Number((a.raw as { isDefault: boolean }).isDefault));
  }

  /** orgs to read when no scope is given; orgs answering 403 (not owned) are skipped */
  private async readAllOrgs<T>(read: (org: NksOrg) => Promise<T>): Promise<T[]> {
    const orgs = await this.client.listOrgs();
    const results = await mapLimit(orgs, CONCURRENCY, async (o) => {
      try {
        return { ok: true as const, value: await read(o) };
      } catch (e) {
        if (e instanceof ProviderError && e.kind === "forbidden") return { ok: false as const };
        throw e;
      }
    });
    return results.flatMap((r) => (r.ok ? [r.value] : []));
  }

  private async withPools(org: string, clusters: NksCluster[], orgName?: string): Promise<ProviderCluster[]> {
    return mapLimit(clusters, CONCURRENCY, async (c) => {
      // pools of a cluster being torn down may already be gone
      const pools = await this.client.listNodePools(org, String(c.pk)).catch((e: unknown) => {
        if (e instanceof ProviderError && e.kind === "not_found") return [];
        throw e;
      });
      return mapCluster(c, org, pools, orgName);
    });
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    if (scope) return this.withPools(scope, await this.client.listClusters(scope));
    const perOrg = await this.readAllOrgs(async (o) => this.withPools(String(o.pk), await this.client.listClusters(String(o.pk)), o.name));
    return perOrg.flat();
  }

  getKubeconfig(scope: string, externalId: string): Promise<string> {
    return this.client.kubeconfig(scope, externalId);
  }

  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const [cluster, pools] = await Promise.all([this.client.getCluster(scope, externalId), this.client.listNodePools(scope, externalId).catch(() => [])]);
    return mapCluster(cluster, scope, pools);
  }

  /**
   * NKS has no version endpoint: the catalogue is the static list of versions offered for new
   * clusters plus every version the service reports on clusters (`k8s_version`) or offers as an
   * upgrade (`version_migrations`, which makes it active).
   */
  async listVersions(scope?: string): Promise<KubernetesVersion[]> {
    const clusters = scope ? await this.client.listClusters(scope) : (await this.readAllOrgs((o) => this.client.listClusters(String(o.pk)))).flat();
    const found = new Map<string, KubernetesVersion>();
    const eolOf = nksEol;
    for (const o of OFFERED_VERSIONS) found.set(o.version, { version: o.version, eol: eolOf(o.version), active: true, ...(o.default ? { default: true } : {}) });
    for (const c of clusters) {
      for (const raw of c.version_migrations ?? []) {
        const v = normalizeKubeVersion(raw);
        if (v) found.set(v, { ...(found.get(v) ?? { version: v, eol: eolOf(v) }), active: true });
      }
      const v = normalizeKubeVersion(c.k8s_version);
      if (v && !found.has(v)) found.set(v, { version: v, eol: eolOf(v), active: false });
    }
    return [...found.values()].sort((a, b) => compareKubeVersions(a.version, b.version));
  }

  private scopeFrom(context: Record<string, unknown>): string {
    const s = context.scope ?? context.org ?? this.config.defaultScope;
    if (typeof s === "string" && s) return s;
    if (typeof s === "number") return String(s);
    throw invalid("choose an organization first", { scope: ["required"] });
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    const provider = providerInfo(context.provider);
    const needProvider = () => {
      if (!provider) throw invalid("choose a cloud provider first", { provider: ["required"] });
      return provider;
    };
    switch (source) {
      case "providers":
        return NKS_PROVIDERS.map((p) => ({ value: p.code, label: p.label }));
      case "regions":
        return needProvider().regions.map((r) => ({ value: r, label: r }));
      case "zones": {
        const p = needProvider();
        const region = typeof context.region === "string" ? context.region : "";
        return p.zoneSuffixes && region ? p.zoneSuffixes.map((s) => ({ value: `${region}${s}`, label: `${region}${s}` })) : [];
      }
      case "platforms":
        return Object.keys(needProvider().platforms).map((p) => ({ value: p, label: p }));
      case "channels": {
        const p = needProvider();
        const platform = typeof context.platform === "string" && context.platform ? context.platform : p.defaultPlatform;
        return (p.platforms[platform] ?? []).map((c) => ({ value: c, label: c }));
      }
      case "versions":
        return OFFERED_VERSIONS.slice().reverse().map((v) => {
          const note = v.default ? " (default)" : eolStateOf(nksEol(v.version)) === "past" ? " (past end of life)" : "";
          return { value: v.version, label: `${v.version}${note}` };
        });
      case "instanceSizes": {
        const p = needProvider();
        const [catalogue] = await this.client.machineSpecs(p.code);
        return Object.entries(catalogue?.config ?? {}).map(([key, s]) => {
          const mem = s.memory ? `${Math.round(s.memory / 1000)} GB` : "";
          const parts = [s.cpu ? `${s.cpu} vCPU` : "", mem, s.gpu ? `${s.gpu} GPU` : ""].filter(Boolean).join(", ");
          return { value: s.value || key, label: parts ? `${s.name || key} — ${parts}` : s.name || key };
        });
      }
      case "providerKeysets": {
        const p = needProvider();
        const keysets = await this.client.listKeysets(this.scopeFrom(context));
        return keysets.filter((k) => k.category === "provider" && p.keysetEntities.includes(k.entity ?? "")).map((k) => ({ value: String(k.pk), label: `${k.name} (${k.entity})` }));
      }
      case "sshKeysets": {
        const keysets = await this.client.listKeysets(this.scopeFrom(context));
        return keysets
          .filter((k) => k.category === "user_ssh")
          .sort((a, b) => Number(b.is_default === true) - Number(a.is_default === true))
          .map((k) => ({ value: String(k.pk), label: k.is_default ? `${k.name} (default)` : k.name }));
      }
      case "workspaces": {
        const ws = await this.client.listWorkspaces(this.scopeFrom(context));
        return ws.map((w) => ({ value: String(w.pk), label: w.is_default ? `${w.name} (default)` : w.name }));
      }
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  /** NKS has no idempotency key; names are unique per org, so a repeated create is refused (400) */
  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = nksCreateSchema.safeParse(input);
    if (!parsed.success) {
      const fields = zodFields(parsed.error);
      throw invalid(Object.entries(fields).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; "), fields);
    }
    const created = await this.client.createCluster(scope, toCreateBody(parsed.data), parsed.data.workspace || undefined);
    return { externalId: String(created.pk), scope, cluster: mapCluster(created, scope) };
  }

  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    // send the exact string the cluster offers (e.g. EKS offers minor-only "v1.10")
    const cluster = await this.client.getCluster(scope, externalId);
    const wanted = normalizeKubeVersion(version);
    const offered = (cluster.version_migrations ?? []).find((m) => normalizeKubeVersion(m) === wanted);
    await this.client.upgradeCluster(scope, externalId, offered ?? wireVersion(version));
    return { externalId, scope };
  }

  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    await this.client.deleteCluster(scope, externalId);
    return { externalId, scope };
  }

  async createNodePool(scope: string, clusterId: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = nodePoolInputSchema.safeParse({ ...input, instanceType: input.instanceType ?? input.instanceSize });
    if (!parsed.success) throw invalid("invalid node pool", zodFields(parsed.error));
    const cluster = await this.client.getCluster(scope, clusterId);
    const v = parsed.data;
    const body: Record<string, unknown> = { name: v.name, instance_size: v.instanceType, node_count: v.nodeCount, platform: cluster.platform ?? undefined };
    if (v.rootDiskSize) body.root_disk_size = v.rootDiskSize;
    if (v.zone) body.zone = v.zone;
    const pool = await this.client.createNodePool(scope, clusterId, body);
    return { externalId: clusterId, scope, providerRequestId: String(pool.pk) };
  }

  /**
   * NKS has no "set size" call: growing adds workers through `nodepools/{pool}/add`, shrinking
   * deletes individual workers (newest first), as the Terraform provider and the autoscaler do.
   */
  async updateNodePool(scope: string, clusterId: string, poolId: string, change: NodePoolChange): Promise<OperationHandle> {
    const pool = await this.client.getNodePool(scope, clusterId, poolId);
    if (change.name !== undefined && change.name !== pool.name) throw invalid("NKS cannot rename a node pool", { name: ["not supported"] });
    if (change.instanceType !== undefined && change.instanceType !== pool.instance_size) throw invalid("NKS cannot change a node pool's instance size; create a new pool instead", { instanceType: ["not supported"] });
    if (change.autoscaling !== undefined || change.minNodes !== undefined || change.maxNodes !== undefined) {
      const autoscaled = change.autoscaling ?? pool.autoscaled === true;
      await this.client.setAutoscaling(scope, clusterId, poolId, autoscaled, change.minNodes ?? pool.min_count, change.maxNodes ?? pool.max_count);
    }
    if (change.nodeCount !== undefined) {
      if (!Number.isInteger(change.nodeCount) || change.nodeCount < 0 || change.nodeCount > 100) throw invalid("node count must be between 0 and 100", { nodeCount: ["out of range"] });
      const nodes = (await this.client.listNodes(scope, clusterId)).filter((n) => n.pool === pool.pk && n.role === "worker" && n.state !== "deleting" && n.state !== "deleted");
      const diff = change.nodeCount - nodes.length;
      if (diff > 0) await this.client.addNodesToPool(scope, clusterId, poolId, diff);
      else if (diff < 0) {
        const victims = nodes.sort((a, b) => b.pk - a.pk).slice(0, -diff);
        for (const n of victims) await this.client.deleteNode(scope, clusterId, String(n.pk));
      }
    }
    return { externalId: clusterId, scope, providerRequestId: poolId };
  }

  async deleteNodePool(scope: string, clusterId: string, poolId: string): Promise<OperationHandle> {
    await this.client.deleteNodePool(scope, clusterId, poolId);
    return { externalId: clusterId, scope, providerRequestId: poolId };
  }
}
