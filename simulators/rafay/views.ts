/**
 * Wire shapes of the v3 API (docs/providers/rafay.md §6). Timestamps: RFC 3339 strings everywhere except
 * `lastUpdated`, which is emitted as `{seconds, nanos}` as in the OAS example (docs/providers/rafay.md §7.2);
 * `conditionStatus` is emitted as a number (0 NotSet, 1 Submitted, 2 OK, 3 Failed).
 */
import type { SimBlueprint, SimCluster, SimProject } from "./model";

export const INFRA_API = "infra.k8smgmt.io/v3";
export const SYSTEM_API = "system.k8smgmt.io/v3";

const iso = (ms: number) => new Date(ms).toISOString();
const stamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

export function clusterView(c: SimCluster): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    displayName: c.name,
    createdAt: iso(c.createdAt),
    commonStatus: { ...c.common, lastUpdated: stamp(c.common.lastUpdated) },
    conditions: c.conditions.map((x) => ({ ...x, lastUpdated: stamp(x.lastUpdated) })),
  };
  if (c.provisionStatus) status.provisionStatus = c.provisionStatus;
  if (c.appliedBlueprint) status.blueprint = c.appliedBlueprint;
  // endpoint.port is a string in the OpenAPI schema (docs/providers/rafay.md §15)
  if (c.kubeVersion || c.endpoint) status.controPlane = { kubeVersion: c.kubeVersion ?? "", ...(c.endpoint ? { endpoint: { host: c.endpoint.host, port: String(c.endpoint.port) } } : {}) };
  // MKS clusters carry status.mks: Rafay's Terraform provider reads commonStatus only once it is present (docs/providers/rafay.md §15).
  // The simulator models no MKS-specific status field, so the object is empty.
  if (c.spec.type === "mks") status.mks = {};
  if (c.aksPools) {
    status.aks = { nodepools: c.aksPools.map((p) => ({ ...p, createdAt: iso(p.createdAt) })) };
  }
  if (c.spec.type === "imported") status.imported = { bootstrapURL: `/apis/${INFRA_API}/projects/${c.project}/clusters/${c.name}/bootstrap` };
  if (c.lastTasksets.length) status.lastTasksets = c.lastTasksets;
  return {
    apiVersion: INFRA_API,
    kind: "Cluster",
    metadata: {
      name: c.name,
      project: c.project,
      ...(c.description ? { description: c.description } : {}),
      labels: { ...c.labels, "rafay.dev/clusterName": c.name, "rafay.dev/clusterType": c.spec.type },
      annotations: { ...c.annotations },
      modifiedAt: iso(c.modifiedAt),
    },
    spec: structuredClone(c.spec),
    status,
  };
}

export function projectView(p: SimProject): Record<string, unknown> {
  return {
    apiVersion: SYSTEM_API,
    kind: "Project",
    metadata: { name: p.name, description: p.description, labels: { ...p.labels }, modifiedAt: iso(p.modifiedAt) },
    spec: { default: p.default },
    status: { conditionStatus: 2, conditionType: "ProjectReady", reason: "", lastUpdated: stamp(p.modifiedAt) },
  };
}

export function blueprintView(b: SimBlueprint, project: string): Record<string, unknown> {
  return {
    apiVersion: INFRA_API,
    kind: "Blueprint",
    metadata: {
      name: b.name,
      project,
      description: b.description,
      labels: b.project === null ? { "rafay.dev/system": "true", "rafay.dev/published": "true" } : { "rafay.dev/published": "true" },
      modifiedAt: iso(b.modifiedAt),
    },
    spec: {
      version: b.version,
      ...(b.base ? { base: b.base } : {}),
      defaultAddons: { enableIngress: b.name !== "minimal", enableLogging: b.name !== "minimal", enableMonitoring: b.name !== "minimal" },
      drift: { enabled: false },
      sharing: { enabled: b.project === null },
    },
    status: { commonStatus: { conditionStatus: 2, conditionType: "BlueprintPublished", reason: "", lastUpdated: stamp(b.modifiedAt) } },
  };
}

export function listView(apiVersion: string, kind: string, items: unknown[], count: number, offset: number, limit: number) {
  return { apiVersion, kind, metadata: { count, offset, limit }, items };
}
