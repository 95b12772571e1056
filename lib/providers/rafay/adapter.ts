import {
  ProviderError,
  type ConnectionConfig,
  type KubernetesVersion,
  type OperationHandle,
  type ProviderAdapter,
  type ProviderCluster,
  type Scope,
  type TestConnectionResult,
} from "../types";
import { clusterBody } from "./build";
import { RafayClient, type RafayClientOptions } from "./client";
import { CREATE_TYPES, createInputSchema } from "./create-schema";
import { eolFor } from "./eol";
import { clusterType, toProviderCluster, userLabels } from "./mapping";
import type { RafayCluster } from "./schemas";
import { compareKubeVersions, kubeMinor, normalizeKubeVersion } from "@/lib/kube-version";
import { upgradeRefusal } from "./upgrade";
import { wireVersion } from "./versions";
import { mapLimit } from "../concurrency";

const CONCURRENCY = 4;

const invalid = (message: string, fields?: Record<string, string[]>) => new ProviderError({ kind: "invalid", provider: "rafay", message, fields });

export class RafayAdapter implements ProviderAdapter {
  readonly kind = "rafay";
  readonly client: RafayClient;

  constructor(private readonly config: ConnectionConfig, opts: RafayClientOptions = {}) {
    this.client = new RafayClient(config, opts);
  }

  async testConnection(): Promise<TestConnectionResult> {
    const projects = await this.client.listProjects();
    const counts = await mapLimit(projects, CONCURRENCY, async (p) => (await this.client.listClusters(p.metadata.name)).length);
    const clusters = counts.reduce((a, b) => a + b, 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return { ok: true, summary: `${plural(projects.length, "project")}, ${plural(clusters, "cluster")}`, scopes: projects.length, clusters };
  }

  async listScopes(): Promise<Scope[]> {
    const projects = await this.client.listProjects();
    return projects.map((p) => ({
      externalId: p.metadata.name,
      name: p.metadata.name,
      kind: "project",
      raw: { description: p.metadata.description ?? null, default: p.spec?.default ?? false },
    }));
  }

  async listClusters(scope?: string): Promise<ProviderCluster[]> {
    const projects = scope ? [scope] : (await this.client.listProjects()).map((p) => p.metadata.name);
    const lists = await mapLimit(projects, CONCURRENCY, async (p) => (await this.client.listClusters(p)).map((c) => toProviderCluster(c, p)));
    return lists.flat();
  }

  async getCluster(scope: string, externalId: string): Promise<ProviderCluster> {
    return toProviderCluster(await this.client.getCluster(scope, externalId), scope);
  }

  private async projectFor(scope?: string): Promise<string> {
    if (scope) return scope;
    if (this.config.defaultScope) return this.config.defaultScope;
    const projects = await this.client.listProjects();
    const chosen = projects.find((p) => p.spec?.default) ?? projects.find((p) => p.metadata.name === "defaultproject") ?? projects[0];
    if (!chosen) throw new ProviderError({ kind: "forbidden", provider: "rafay", message: "the API key sees no project" });
    return chosen.metadata.name;
  }

  /**
   * MKS versions from the supported-versions API: deprecated ones (only listed with
   * include_deprecated_versions) are inactive; EOL dates are upstream Kubernetes' (see eol.ts).
   */
  async listVersions(scope?: string): Promise<KubernetesVersion[]> {
    const project = await this.projectFor(scope);
    const [current, all] = await Promise.all([
      this.client.kubernetesVersions(project, { clusterType: "mks", includeDeprecated: false }),
      this.client.kubernetesVersions(project, { clusterType: "mks", includeDeprecated: true }),
    ]);
    const offered = new Set((current.kubernetes_versions ?? []).map(normalizeKubeVersion));
    const dflt = normalizeKubeVersion(current.default_version ?? all.default_version);
    const seen = new Set<string>();
    const versions: KubernetesVersion[] = [];
    for (const raw of [...(all.kubernetes_versions ?? []), ...(current.kubernetes_versions ?? [])]) {
      const v = normalizeKubeVersion(raw);
      if (!v || seen.has(v)) continue;
      seen.add(v);
      versions.push({ version: v, eol: eolFor(kubeMinor(v)), active: offered.has(v), default: v === dflt });
    }
    return versions.sort((a, b) => compareKubeVersions(a.version, b.version));
  }

  async listOptions(source: string, context: Record<string, unknown>): Promise<{ value: string; label: string }[]> {
    const ctxProject = typeof context.project === "string" && context.project ? context.project : undefined;
    switch (source) {
      case "projects": {
        const projects = await this.client.listProjects();
        return projects.map((p) => ({ value: p.metadata.name, label: p.metadata.description ? `${p.metadata.name} — ${p.metadata.description}` : p.metadata.name }));
      }
      case "blueprints": {
        const project = await this.projectFor(ctxProject);
        const blueprints = await this.client.listBlueprints(project);
        return blueprints.map((b) => ({ value: b.metadata.name, label: b.spec?.version ? `${b.metadata.name} (${b.spec.version})` : b.metadata.name }));
      }
      case "blueprintVersions": {
        const project = await this.projectFor(ctxProject);
        const name = typeof context.blueprint === "string" && context.blueprint ? context.blueprint : undefined;
        if (!name) return [{ value: "latest", label: "latest" }];
        const b = await this.client.getBlueprint(project, name);
        const version = b.spec?.version;
        return [{ value: "latest", label: version ? `latest (currently ${version})` : "latest" }, ...(version ? [{ value: version, label: version }] : [])];
      }
      case "versions": {
        if (context.type && context.type !== "mks") return [];
        const project = await this.projectFor(ctxProject);
        const v = await this.client.kubernetesVersions(project, { clusterType: "mks" });
        const dflt = v.default_version;
        const latest = v.latest_version;
        return [...(v.kubernetes_versions ?? [])]
          .sort((a, b) => compareKubeVersions(b, a))
          .map((raw) => ({ value: raw, label: `${normalizeKubeVersion(raw) ?? raw}${raw === dflt ? " (default)" : raw === latest ? " (latest)" : ""}` }));
      }
      case "clusterTypes":
        return CREATE_TYPES.map((t) => ({ ...t }));
      default:
        throw invalid(`unknown option source "${source}"`);
    }
  }

  async createCluster(scope: string, input: Record<string, unknown>): Promise<OperationHandle> {
    const parsed = createInputSchema.safeParse({ project: scope, ...input });
    if (!parsed.success) {
      const fields: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fields[issue.path.join(".") || "(form)"] ??= []).push(issue.message);
      throw invalid(`invalid cluster: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(form)"}: ${i.message}`).join("; ")}`, fields);
    }
    if (parsed.data.project !== scope) throw invalid(`the form's project "${parsed.data.project}" differs from the scope "${scope}"`, { project: ["must match the scope"] });
    // create-only: an apply would silently replace a cluster of the same name
    const created = await this.client.applyCluster(scope, clusterBody(parsed.data, scope), { failOnExists: true, operation: "createCluster" });
    return { externalId: created.metadata.name, scope, cluster: toProviderCluster(created, scope) };
  }

  /** re-applies the cluster as read with the new version (docs/providers/rafay.md §8.2) */
  async upgradeCluster(scope: string, externalId: string, version: string): Promise<OperationHandle> {
    const current = await this.client.getCluster(scope, externalId);
    const type = clusterType(current);
    const refusal = upgradeRefusal(type);
    if (refusal) throw invalid(refusal, { version: [refusal] });
    const target = normalizeKubeVersion(version);
    if (!target) throw invalid(`"${version}" is not a Kubernetes version`, { version: ["not a Kubernetes version"] });
    const applied = await this.client.applyCluster(scope, withVersion(current, scope, target), { operation: "upgradeCluster" });
    return { externalId, scope, cluster: toProviderCluster(applied, scope) };
  }

  async deleteCluster(scope: string, externalId: string): Promise<OperationHandle> {
    await this.client.deleteCluster(scope, externalId);
    return { externalId, scope };
  }
}

/** the apply body of `c` with the Kubernetes version changed; read-only parts (status, system labels) dropped */
export function withVersion(c: RafayCluster, project: string, version: string): Record<string, unknown> {
  const spec = structuredClone(c.spec ?? {}) as Record<string, unknown> & { type?: string | null };
  const type = spec.type ?? "";
  const wire = wireVersion(type, version);
  const config = (spec.config ??= {}) as Record<string, unknown>;
  if (type === "mks") config.kubernetesVersion = wire;
  if (type === "aks") {
    const s = (config.spec ??= {}) as Record<string, unknown>;
    const mc = (s.managedCluster ??= {}) as Record<string, unknown>;
    const props = (mc.properties ??= {}) as Record<string, unknown>;
    props.kubernetesVersion = wire;
    for (const pool of Array.isArray(s.nodePools) ? (s.nodePools as Record<string, unknown>[]) : []) {
      const pp = (pool.properties ??= {}) as Record<string, unknown>;
      pp.orchestratorVersion = wire;
    }
  }
  return {
    apiVersion: c.apiVersion ?? "infra.k8smgmt.io/v3",
    kind: "Cluster",
    metadata: {
      name: c.metadata.name,
      project,
      ...(c.metadata.description ? { description: c.metadata.description } : {}),
      labels: userLabels(c.metadata.labels),
      ...(c.metadata.annotations ? { annotations: c.metadata.annotations } : {}),
    },
    spec,
  };
}
