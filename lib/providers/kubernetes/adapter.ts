import { compareKubeVersions, eolStateOf, UPSTREAM_RELEASES } from "@/lib/kube-version";
import { ProviderError, type ClusterStatus, type ConnectionConfig, type KubernetesVersion, type NodePool, type OperationHandle, type ProviderAdapter, type ProviderCluster, type Scope, type TestConnectionResult } from "../types";
import { KubeconfigError, targetsFromCredentials, type KubeTarget } from "./kubeconfig";
import { INSECURE_TLS_MARK } from "./marks";
import { PROVIDER, readCluster, type ClusterReading } from "./reader";

export const MANAGED_OUTSIDE = "managed outside Clusterdeck: this cluster is read through its own Kubernetes API; create, upgrade and delete it with the tools that manage it";

/** How many clusters of one connection are read at once. */
const CONCURRENCY = 4;

/** Pools from the nodes: the usual pool labels (GKE, EKS, AKS, …), else control plane / workers. */
function poolsOf(r: ClusterReading): NodePool[] {
  const pools = new Map<string, { nodes: number; ready: number; versions: Set<string> }>();
  for (const n of r.nodes.items) {
    const key = n.pool ?? (n.roles.includes("control-plane") || n.roles.includes("master") ? "control-plane" : "workers");
    const p = pools.get(key) ?? { nodes: 0, ready: 0, versions: new Set<string>() };
    p.nodes++;
    if (n.ready) p.ready++;
    if (n.kubeletVersion) p.versions.add(n.kubeletVersion);
    pools.set(key, p);
  }
  return [...pools].map(([name, p]) => {
    const versions = [...p.versions].sort(compareKubeVersions);
    return {
      externalId: name,
      name,
      // the oldest kubelet of the pool: that is what lags
      version: versions[0]?.replace(/^v/, "") ?? null,
      nodeCount: p.nodes,
      status: p.ready === p.nodes ? "Ready" : `${p.nodes - p.ready} NotReady`,
    };
  });
}

function statusOf(r: ClusterReading): { status: ClusterStatus; providerStatus: string } {
  if (r.nodes.total > 0 && r.nodes.ready === 0) return { status: "failed", providerStatus: `NoReadyNodes: 0 of ${r.nodes.total} nodes Ready` };
  if (r.nodes.notReady > 0) return { status: "running", providerStatus: `Degraded: ${r.nodes.notReady} of ${r.nodes.total} nodes NotReady` };
  return { status: "running", providerStatus: "Ready" };
}

/** A reading → the shared model; the live details go to raw (the cluster page renders them). */
export function toProviderCluster(r: ClusterReading): ProviderCluster {
  const { status, providerStatus: ps } = statusOf(r);
  const providerStatus = r.insecureTls ? `${ps} · ${INSECURE_TLS_MARK}` : ps;
  return {
    externalId: r.name,
    name: r.name,
    scope: r.name,
    scopeName: r.name,
    version: r.version,
    status,
    providerStatus,
    nodeCount: r.nodes.total,
    nodePools: poolsOf(r),
    apiEndpoint: r.server,
    raw: {
      managedOutside: true,
      gitVersion: r.gitVersion,
      platform: r.platform,
      ...(r.insecureTls ? { insecureTls: true } : {}),
      kube: {
        nodes: { total: r.nodes.total, ready: r.nodes.ready, notReady: r.nodes.notReady, kubeletVersions: r.nodes.kubeletVersions, maxSkew: r.nodes.maxSkew, truncated: r.nodes.truncated, items: r.nodes.items },
        namespaces: r.namespaces,
        pods: r.pods,
        warnings: r.warnings,
        forbidden: r.forbidden,
      },
    },
  };
}

/** A cluster of the connection that could not be read this time: listed with its own state and message. */
function unreadable(t: KubeTarget, e: ProviderError): ProviderCluster {
  const label = e.kind === "unauthorized" ? "Unauthorized" : e.kind === "forbidden" ? (e.status === null ? "Blocked" : "Forbidden") : e.kind === "timeout" ? "Timeout" : e.status === null ? "Unreachable" : "Error";
  return {
    externalId: t.name,
    name: t.name,
    scope: t.name,
    scopeName: t.name,
    version: null,
    status: "unknown",
    providerStatus: `${t.insecureSkipTlsVerify ? `${INSECURE_TLS_MARK} · ` : ""}${label}: ${e.message}`.slice(0, 500),
    nodeCount: 0,
    nodePools: [],
    apiEndpoint: t.server,
    raw: { managedOutside: true, ...(t.insecureSkipTlsVerify ? { insecureTls: true } : {}), readError: { kind: e.kind, status: e.status, message: e.message } },
  };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export class KubernetesAdapter implements ProviderAdapter {
  readonly kind = PROVIDER;
  private readonly targets: KubeTarget[];
  private reading?: Promise<{ target: KubeTarget; reading?: ClusterReading; error?: ProviderError }[]>;

  constructor(private readonly config: ConnectionConfig) {
    try {
      this.targets = targetsFromCredentials(config.baseUrl, config.credentials);
    } catch (e) {
      if (e instanceof KubeconfigError) throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: e.message });
      throw e;
    }
  }

  /** One read of every cluster per adapter (the sync asks for scopes, clusters and versions at once). */
  private readAll() {
    this.reading ??= mapLimited(this.targets, CONCURRENCY, async (target) => {
      try {
        return { target, reading: await readCluster(target, { http: this.config.http }) };
      } catch (e) {
        if (e instanceof ProviderError) return { target, error: e };
        throw e;
      }
    });
    return this.reading;
  }

  /** All clusters failed: the connection fails with the first error (its state and message say why). */
  private async results() {
    const all = await this.readAll();
    const ok = all.filter((r) => r.reading);
    if (!ok.length && all[0]?.error) throw all[0].error;
    return all;
  }

  async testConnection(): Promise<TestConnectionResult> {
    const all = await this.results();
    const ok = all.filter((r) => r.reading).length;
    const nodes = all.reduce((n, r) => n + (r.reading?.nodes.total ?? 0), 0);
    const failed = all.length - ok;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    return { ok: true, summary: `${plural(ok, "cluster")} with ${plural(nodes, "node")}${failed ? ` (${failed} not readable)` : ""}`, scopes: all.length, clusters: all.length };
  }

  async listScopes(): Promise<Scope[]> {
    await this.results();
    return this.targets.map((t) => ({ externalId: t.name, name: t.name, kind: "context", raw: { server: t.server, cluster: t.clusterName ?? null, user: t.userName ?? null } }));
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const all = await this.results();
    return all.filter((r) => !scope || r.target.name === scope).map((r) => (r.reading ? toProviderCluster(r.reading) : unreadable(r.target, r.error!)));
  }

  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    const found = (await this.listClusters()).find((c) => c.externalId === externalId);
    if (!found) throw new ProviderError({ kind: "not_found", provider: PROVIDER, status: 404, message: `the connection has no context named ${externalId}` });
    return found;
  }

  /** Upstream Kubernetes minors with their end of life (lib/kube-version). */
  async listVersions(): Promise<KubernetesVersion[]> {
    return UPSTREAM_RELEASES.map((r) => ({ version: r.version, eol: r.eol, active: eolStateOf(r.eol) !== "past" }));
  }

  async listOptions(): Promise<{ value: string; label: string }[]> {
    return [];
  }

  private refuse(): never {
    throw new ProviderError({ kind: "invalid", provider: PROVIDER, message: MANAGED_OUTSIDE });
  }
  async createCluster(): Promise<OperationHandle> {
    this.refuse();
  }
  async upgradeCluster(): Promise<OperationHandle> {
    this.refuse();
  }
  async deleteCluster(): Promise<OperationHandle> {
    this.refuse();
  }
}
