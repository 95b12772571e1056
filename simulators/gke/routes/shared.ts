/** What every GKE route shares: the request context, the token and project checks, lookups and the node-pool parser. */
import { authorization, type SimHandler, type SimRequest, type SimResponse } from "@/simulators/kit/server";
import { MACHINE_TYPE_RE, VALID_IMAGE_TYPES, VALID_NODE_VERSIONS, zonesOf } from "../catalog";
import type { Principal } from "../keys";
import { key, resolveVersion, type ClusterRecord, type GkeState, type PoolRecord } from "../state";
import { badRequest, gError, UNAUTHENTICATED_INVALID, UNAUTHENTICATED_MISSING, unauthenticated, type Wire } from "../wire";

export type Ctx = { state: GkeState; req: SimRequest; wire: Wire; principal: Principal; project: string; location: string };
export type Handler = (ctx: Ctx) => SimResponse;

export const NAME_RE = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
export const NAME_RULE = "(only alphanumerics and '-' allowed, must start with a letter and end with an alphanumeric, and must be no longer than 40 characters)";
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function wireOf(state: GkeState, req: SimRequest): Wire {
  const alt = req.query.get("$alt") ?? "";
  return { ints: /enum-encoding=int/.test(alt), origin: `${state.config.scheme}://${req.headers.host ?? "127.0.0.1"}` };
}

/** bearer token → principal (401), project access (403), then the handler with state advanced */
export function guarded(state: GkeState, permission: string, handler: Handler, mutates: boolean): SimHandler {
  return (req) => {
    const auth = authorization(req);
    if (!auth || auth.scheme !== "bearer" || !auth.value) return unauthenticated(UNAUTHENTICATED_MISSING);
    const principal = state.accounts.principal(auth.value);
    if (!principal) return unauthenticated(UNAUTHENTICATED_INVALID);
    const project = req.params.project;
    const location = req.params.location ?? "-";
    const resource = `projects/${project}/locations/${location}`;
    if (!principal.projects.has(project) || (mutates && principal.role !== "admin")) {
      return gError("PERMISSION_DENIED", `Permission '${permission}' denied on resource '//container.googleapis.com/${resource}' (or it may not exist).`, [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "IAM_PERMISSION_DENIED", domain: "container.googleapis.com", metadata: { permission, resource } },
      ]);
    }
    if (location !== "-" && !zonesOf(location)) return gError("INVALID_ARGUMENT", `Location "${location}" is not a valid Google Cloud location.`);
    state.advance();
    return handler({ state, req, wire: wireOf(state, req), principal, project, location });
  };
}

export function clusterOf(ctx: Ctx, name: string): (ClusterRecord & { project: string }) | SimResponse {
  const c = ctx.state.clusters.get(key(ctx.project, ctx.location, name));
  return c ?? gError("NOT_FOUND", `Not found: projects/${ctx.project}/locations/${ctx.location}/clusters/${name}.`);
}
export const isResponse = (v: unknown): v is SimResponse => !!v && typeof v === "object" && "status" in v && typeof (v as SimResponse).status === "number" && !("pools" in v);

export function busy(ctx: Ctx, c: ClusterRecord): SimResponse | undefined {
  const op = ctx.state.busy(ctx.project, ctx.location, c.name);
  if (op) return gError("FAILED_PRECONDITION", `Cluster is running incompatible operation ${op.id}.`);
  if (c.status !== "RUNNING") return gError("FAILED_PRECONDITION", `Cluster "${c.name}" is not running (status ${c.status}); try again when it is RUNNING.`);
  return undefined;
}

export function parsePool(state: GkeState, raw: unknown, path: string, clusterZones: string[], version: string): PoolRecord | SimResponse {
  const p = obj(raw);
  const cfg = obj(p.config);
  const name = typeof p.name === "string" ? p.name : "";
  if (!NAME_RE.test(name)) return badRequest(`${path}.name`, `Invalid value for field "${path}.name": "${name.slice(0, 60)}". Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?)' ${NAME_RULE}.`);
  const machineType = typeof cfg.machineType === "string" && cfg.machineType ? cfg.machineType : "e2-medium";
  if (!MACHINE_TYPE_RE.test(machineType)) return badRequest(`${path}.config.machine_type`, `Invalid value for field "${path}.config.machine_type": "${machineType.slice(0, 60)}". Machine type does not exist.`);
  const count = typeof p.initialNodeCount === "number" ? p.initialNodeCount : 0;
  if (!Number.isInteger(count) || count < 1 || count > 1000) return badRequest(`${path}.initial_node_count`, `${path}.initial_node_count must be greater than zero.`);
  const disk = typeof cfg.diskSizeGb === "number" && cfg.diskSizeGb > 0 ? cfg.diskSizeGb : 100;
  if (disk < 10) return badRequest(`${path}.config.disk_size_gb`, `Invalid value for field "${path}.config.disk_size_gb": ${disk}. Disk size must be at least 10 GB.`);
  let v = version;
  if (typeof p.version === "string" && p.version) {
    const resolved = resolveVersion(p.version, VALID_NODE_VERSIONS);
    if (!resolved) return badRequest(`${path}.version`, `Node version "${p.version.slice(0, 40)}" is unsupported.`);
    v = resolved;
  }
  const imageType = typeof cfg.imageType === "string" && cfg.imageType ? cfg.imageType : "COS_CONTAINERD";
  if (!VALID_IMAGE_TYPES.includes(imageType)) return badRequest(`${path}.config.image_type`, `Image type "${imageType.slice(0, 40)}" is not supported.`);
  const locations = Array.isArray(p.locations) && p.locations.length ? (p.locations as string[]) : clusterZones;
  const auto = obj(p.autoscaling);
  return {
    name,
    machineType,
    diskSizeGb: disk,
    imageType,
    initialNodeCount: count,
    sizePerZone: count,
    locations,
    version: v,
    status: "PROVISIONING",
    autoscaling: auto.enabled === true ? { enabled: true, minNodeCount: Number(auto.minNodeCount ?? 0), maxNodeCount: Number(auto.maxNodeCount ?? count) } : undefined,
    igmSuffix: state.rnd.hex(8),
    etag: state.rnd.hex(8),
  };
}
