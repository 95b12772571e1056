/**
 * Protobuf-JSON style output (docs/providers/cloudferro.md §4): snake_case, int64 as strings, RFC 3339 UTC with
 * 0/3/6/9 fraction digits, empty strings and arrays emitted, lists as {"items": [...]}.
 */
import { FLAGS, GRPC } from "./config";
import type { RegionState, SimCluster, SimPool, SimSpec, SimVersion } from "./model";

/**
 * Timestamps keep millisecond precision in memory; on the wire a whole second has no fraction and
 * anything else gets 6 digits (microseconds, as in the documented sample), the extra three digits
 * derived from the value itself so the same instant always prints the same way.
 */
export function ts(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-02-12T11:09:05.046Z
  const millis = ms % 1000;
  if (millis === 0) return iso.replace(/\.\d{3}Z$/, "Z");
  const micros = String(Math.abs(Math.floor(ms / 7)) % 1000).padStart(3, "0");
  return iso.replace(/Z$/, `${micros}Z`);
}

export function items<T>(list: T[]) {
  return { items: list };
}

export class ApiError extends Error {
  constructor(
    readonly http: number,
    readonly code: number,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export function errorBody(code: number, message: string, details: unknown[] = []) {
  return { code, message, details };
}

/** gRPC-gateway's standard way to carry field problems: a google.rpc.BadRequest detail. */
export function invalid(violations: { field: string; description: string }[]): ApiError {
  const message = violations.map((v) => `${v.field}: ${v.description}`).join("; ");
  return new ApiError(400, GRPC.INVALID_ARGUMENT, `invalid request: ${message}`, [
    { "@type": "type.googleapis.com/google.rpc.BadRequest", field_violations: violations },
  ]);
}

export function versionJson(v: SimVersion) {
  return { id: v.id, created_at: ts(v.createdAt), updated_at: ts(v.updatedAt), version: v.version, eol: ts(v.eol), info: v.info, is_active: v.isActive };
}

export function specJson(s: SimSpec, region: RegionState) {
  return {
    id: s.id,
    created_at: ts(s.createdAt),
    updated_at: ts(s.updatedAt),
    name: s.name,
    provider: "CloudFerro",
    cpu: s.cpu,
    memory: String(s.memoryMb),
    local_disk_size: String(s.diskGb),
    is_active: s.isActive,
    tags: [...s.tags],
    gpu: s.gpu,
    region: region.name,
  };
}

export function regionJson(r: RegionState) {
  return { id: r.regionId, name: r.name, is_active: true, created_at: ts(r.createdAt), updated_at: ts(r.createdAt) };
}

export function clusterJson(c: SimCluster, region: RegionState, withErrors: boolean) {
  const spec = region.specs.find((s) => s.id === c.cpSpecId)!;
  const version = region.versions.find((v) => v.id === c.versionId)!;
  const out: Record<string, unknown> = {
    id: c.id,
    created_at: ts(c.createdAt),
    updated_at: ts(c.updatedAt),
    name: c.name,
    status: c.status,
    control_plane: { custom: { size: c.cpSize, machine_spec: specJson(spec, region), name: c.cpName } },
    // the error history is only filled on request (extra_fields=errors), as the Terraform provider asks for it
    errors: withErrors ? c.errors.map((e) => ({ msg: e.msg, created_at: ts(e.createdAt) })) : [],
    version: versionJson(version),
    metadata: { openstack_project_id: c.projectId },
  };
  // always present, null where unknown: the CLI's Cluster model declares them without defaults (docs/providers/cloudferro.md §16)
  out.phase = null;
  out.health = null;
  if (FLAGS.optionalClusterFields) out.router_ip = c.routerIp;
  return out;
}

export function poolJson(p: SimPool, region: RegionState) {
  const spec = region.specs.find((s) => s.id === p.specId)!;
  return {
    id: p.id,
    created_at: ts(p.createdAt),
    updated_at: ts(p.updatedAt),
    name: p.name,
    status: p.status,
    machine_spec: specJson(spec, region),
    autoscale: p.autoscale,
    size: p.size,
    size_min: p.sizeMin,
    size_max: p.sizeMax,
    quantity: p.quantity,
    shared_networks: [...p.sharedNetworks],
    labels: p.labels.map((l) => ({ ...l })),
    taints: p.taints.map((t) => ({ ...t })),
    errors: p.errors.map((e) => ({ msg: e.msg, created_at: ts(e.createdAt) })),
  };
}

export function kubeconfigYaml(c: SimCluster): string {
  const user = `${c.name.replace(/\s+/g, "-")}-admin`;
  const ctx = c.name.replace(/\s+/g, "-");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${c.caData}`,
    `    server: https://${c.serverIp}:6443`,
    `  name: ${ctx}`,
    "contexts:",
    "- context:",
    `    cluster: ${ctx}`,
    `    user: ${user}`,
    `  name: ${ctx}`,
    `current-context: ${ctx}`,
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    token: ${c.kubeToken}`,
    "",
  ].join("\n");
}
