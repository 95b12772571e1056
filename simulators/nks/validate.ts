import { PROVIDERS, SOLUTIONS, VERSIONS, sizesFor } from "./catalog";
import type { NewCluster } from "./lifecycle";
import type { SimCluster, SimUser } from "./model";
import type { NksState } from "./state";

/** DRF-style field validation. Messages are DRF's defaults where one applies; the rest are [uncertain]. */

export type FieldErrors = Record<string, string[]>;
type Body = Record<string, unknown>;

export const REQUIRED = "This field is required.";
export const choice = (v: unknown) => `"${String(v)}" is not a valid choice.`;
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
export const NAME_MESSAGE = "Enter a valid name: up to 64 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit.";

export function isObject(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function notADict(v: unknown): FieldErrors {
  const got = Array.isArray(v) ? "list" : v === null || v === undefined ? "NoneType" : typeof v === "string" ? "str" : typeof v === "number" ? "int" : "bool";
  return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] };
}

class Fields {
  errors: FieldErrors = {};
  constructor(private body: Body) {}
  add(field: string, msg: string) {
    (this.errors[field] ??= []).push(msg);
  }
  has(field: string) {
    return this.body[field] !== undefined && this.body[field] !== null && this.body[field] !== "";
  }
  str(field: string, required: boolean): string | undefined {
    const v = this.body[field];
    if (v === undefined || v === null || v === "") {
      if (required) this.add(field, v === "" ? "This field may not be blank." : REQUIRED);
      return undefined;
    }
    if (typeof v !== "string") {
      this.add(field, "Not a valid string.");
      return undefined;
    }
    return v;
  }
  int(field: string, required: boolean, min?: number, max?: number): number | undefined {
    const v = this.body[field];
    if (v === undefined || v === null || v === "") {
      if (required) this.add(field, REQUIRED);
      return undefined;
    }
    const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n)) {
      this.add(field, "A valid integer is required.");
      return undefined;
    }
    if (min !== undefined && n < min) this.add(field, `Ensure this value is greater than or equal to ${min}.`);
    else if (max !== undefined && n > max) this.add(field, `Ensure this value is less than or equal to ${max}.`);
    return n;
  }
  bool(field: string, dflt: boolean): boolean {
    const v = this.body[field];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "boolean") {
      this.add(field, "Must be a valid boolean.");
      return dflt;
    }
    return v;
  }
  oneOf(field: string, value: string | undefined, allowed: string[]) {
    if (value !== undefined && !allowed.includes(value)) this.add(field, choice(value));
  }
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d|[12]\d|3[0-2]))?$/;
function cidr(f: Fields, field: string, dflt: string): string {
  const v = f.str(field, false);
  if (v === undefined) return dflt;
  const m = CIDR_RE.exec(v);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255)) {
    f.add(field, "Enter a valid CIDR.");
    return dflt;
  }
  // the server's defaults carry a mask; a bare address (as SDK tests send) gets the default one
  return m[5] ? v : `${v}${dflt.slice(dflt.indexOf("/"))}`;
}

export function validateClusterCreate(st: NksState, org: number, workspace: number, owner: SimUser, body: Body): { ok: NewCluster } | { errors: FieldErrors } {
  const f = new Fields(body);
  const name = f.str("name", true);
  if (name !== undefined) {
    if (!NAME_RE.test(name)) f.add("name", NAME_MESSAGE);
    else if ([...st.clusters.values()].some((c) => c.org === org && c.name === name)) f.add("name", "A cluster with this name already exists in this organization.");
  }
  const provider = f.str("provider", true);
  f.oneOf("provider", provider, Object.keys(PROVIDERS));
  const info = provider ? PROVIDERS[provider] : undefined;

  let version = f.str("k8s_version", true);
  if (version === "latest" && provider === "gke") version = VERSIONS.find((v) => v.default)!.version;
  else if (version !== undefined && !VERSIONS.some((v) => v.available && v.version === version)) f.add("k8s_version", choice(version));

  const keysetPk = f.int("provider_keyset", true);
  const keyset = keysetPk === undefined ? undefined : st.keysets.get(keysetPk);
  if (keysetPk !== undefined && (!keyset || keyset.org !== org || keyset.category !== "provider")) f.add("provider_keyset", `Invalid pk "${keysetPk}" - object does not exist.`);
  else if (keyset && info && !info.keysetEntities.includes(keyset.entity)) f.add("provider_keyset", `Keyset "${keyset.name}" holds ${keyset.entity} credentials and cannot be used with provider "${provider}".`);

  const sshPk = f.int("user_ssh_keyset", true);
  const ssh = sshPk === undefined ? undefined : st.keysets.get(sshPk);
  if (sshPk !== undefined && (!ssh || ssh.org !== org || ssh.category !== "user_ssh")) f.add("user_ssh_keyset", `Invalid pk "${sshPk}" - object does not exist.`);

  const region = f.str("region", true);
  if (info) f.oneOf("region", region, info.regions);
  let zone = "";
  if (info?.zoneSuffixes) {
    const z = f.str("zone", true);
    if (z !== undefined && region !== undefined && !info.zoneSuffixes.some((s) => z === `${region}${s}`)) f.add("zone", choice(z));
    zone = z ?? "";
  }
  const projectId = info?.needsProjectId ? f.str("project_id", true) ?? "" : "";

  const sizes = provider ? sizesFor(provider).map((s) => s.name) : [];
  let masterCount = 0;
  let masterSize = "";
  if (info?.selfHostedMasters) {
    masterCount = f.int("master_count", true) ?? 1;
    if (f.has("master_count") && masterCount !== 1) f.add("master_count", "Only one master node can be created with the cluster; add more masters once it is running.");
    masterSize = f.str("master_size", true) ?? "";
    if (masterSize) f.oneOf("master_size", masterSize, sizes);
  }
  const workerSize = f.str("worker_size", true);
  if (info) f.oneOf("worker_size", workerSize, sizes);

  let workerCount: number | undefined;
  let minNodes = 0;
  let maxNodes = 0;
  if (provider === "eks") {
    workerCount = f.int("node_count", true, 1, 100);
    minNodes = f.int("min_node_count", true, 1, 100) ?? 0;
    maxNodes = f.int("max_node_count", true, 1, 100) ?? 0;
    if (workerCount !== undefined && minNodes && maxNodes && (workerCount < minNodes || workerCount > maxNodes)) f.add("node_count", "Ensure min_node_count <= node_count <= max_node_count.");
  } else {
    workerCount = f.int("worker_count", true, 2, 100);
  }

  const platform = f.str("platform", false) ?? info?.defaultPlatform ?? "";
  if (info) f.oneOf("platform", platform, Object.keys(info.platforms));
  const channel = f.str("channel", false) ?? info?.platforms[platform]?.[0] ?? "";
  if (info?.platforms[platform]) f.oneOf("channel", channel, info.platforms[platform]);
  const etcdType = f.str("etcd_type", false) ?? "classic";
  // DOCS calls self_hosted the only valid value while SDK/TF send classic: accept both
  f.oneOf("etcd_type", etcdType, ["classic", "self_hosted"]);
  const rbac = f.bool("k8s_rbac_enabled", true);
  const dashboard = f.bool("k8s_dashboard_enabled", true);
  const podCidr = cidr(f, "k8s_pod_cidr", "10.2.0.0/16");
  const serviceCidr = cidr(f, "k8s_service_cidr", "10.3.0.0/24");
  const rootDisk = f.int("worker_root_disk_size", false, 20, 2000) ?? 50;

  const hasNetwork = provider === "aws" || provider === "azure" || provider === "eks" || provider === "aks";
  const network = {
    networkId: hasNetwork ? f.str("provider_network_id", false) ?? "__new__" : null,
    networkCidr: hasNetwork ? cidr(f, "provider_network_cidr", "10.0.0.0/16") : null,
    subnetId: hasNetwork ? f.str("provider_subnet_id", false) ?? "__new__" : null,
    subnetCidr: hasNetwork ? cidr(f, "provider_subnet_cidr", "10.0.0.0/24") : null,
    resourceGroup: provider === "azure" || provider === "aks" ? f.str("provider_resource_group", false) ?? "__new__" : null,
  };

  const solutions: NewCluster["solutions"] = [];
  const rawSolutions = body.solutions;
  if (rawSolutions !== undefined && rawSolutions !== null) {
    if (!Array.isArray(rawSolutions)) f.add("solutions", 'Expected a list of items but got type "' + typeof rawSolutions + '".');
    else
      for (const s of rawSolutions) {
        const code = isObject(s) ? s.solution : undefined;
        if (typeof code !== "string" || !SOLUTIONS[code]) f.add("solutions", `Unknown solution ${JSON.stringify(code ?? null)}.`);
        else solutions.push({ solution: code, keyset: isObject(s) && typeof s.keyset === "number" ? s.keyset : null, max_nodes: isObject(s) && typeof s.max_nodes === "number" ? s.max_nodes : null });
      }
  }
  const config = isObject(body.config) ? body.config : {};

  if (Object.keys(f.errors).length) return { errors: f.errors };
  return {
    ok: {
      org, workspace, owner, name: name!, provider: provider!, keyset: keyset ?? null, sshKeyset: ssh ?? null, region: region!, zone, projectId,
      platform, channel, version: version!, masterSize, masterCount, workerSize: workerSize!, workerCount: workerCount!, etcdType, rbac,
      dashboard, podCidr, serviceCidr, network, minNodeCount: minNodes, maxNodeCount: maxNodes,
      networkComponents: Array.isArray(body.network_components) ? body.network_components : [], solutions,
      isServiceCluster: config.is_service_cluster === true, rootDiskSize: rootDisk,
    },
  };
}

export interface PoolInput {
  name: string;
  size: string;
  count: number;
  rootDisk: number | null;
  zone?: string;
  subnetId?: string;
  subnetCidr?: string;
}

export function validatePoolCreate(st: NksState, c: SimCluster, body: Body): { ok: PoolInput } | { errors: FieldErrors } {
  const f = new Fields(body);
  const name = f.str("name", true);
  if (name !== undefined) {
    if (!NAME_RE.test(name)) f.add("name", NAME_MESSAGE);
    else if (st.clusterPools(c.pk).some((p) => p.name === name && p.state !== "deleted")) f.add("name", "A node pool with this name already exists in this cluster.");
  }
  const size = f.str("instance_size", true);
  f.oneOf("instance_size", size, sizesFor(c.provider).map((s) => s.name));
  const count = f.int("node_count", true, 1, 100);
  const platform = f.str("platform", false);
  if (platform !== undefined && platform !== c.platform) f.add("platform", `Node pools must use the cluster platform "${c.platform}".`);
  const rootDisk = f.int("root_disk_size", false, 20, 2000) ?? null;
  const zone = f.str("zone", false);
  const subnetId = f.str("provider_subnet_id", false);
  const subnetCidr = f.str("provider_subnet_cidr", false);
  if (Object.keys(f.errors).length) return { errors: f.errors };
  return { ok: { name: name!, size: size!, count: count!, rootDisk, zone, subnetId, subnetCidr } };
}

export function validateAddToPool(body: Body, poolPk: number): { ok: number } | { errors: FieldErrors } {
  const f = new Fields(body);
  const count = f.int("node_count", true, 1, 100);
  const pool = f.int("node_pool", false);
  // the path names the pool; the SDK's NodeAddToPool always sends node_pool, 0 unless the caller set it
  if (pool !== undefined && pool !== 0 && pool !== poolPk) f.add("node_pool", `Invalid pk "${pool}" - object does not exist.`);
  const role = f.str("role", false) ?? "worker";
  f.oneOf("role", role, ["worker"]);
  if (Object.keys(f.errors).length) return { errors: f.errors };
  return { ok: count! };
}

export function validateAddNode(st: NksState, c: SimCluster, body: Body): { ok: { size: string; count: number; role: "master" | "worker"; pool: number | null } } | { errors: FieldErrors } {
  const f = new Fields(body);
  const size = f.str("size", true);
  f.oneOf("size", size, sizesFor(c.provider).map((s) => s.name));
  const count = f.int("node_count", true, 1, 100);
  const role = f.str("role", true);
  f.oneOf("role", role, ["master", "worker"]);
  if (role === "master" && count !== undefined && count !== 1) f.add("node_count", "Master nodes can only be added one at a time.");
  if (role === "master" && !PROVIDERS[c.provider]?.selfHostedMasters) f.add("role", `Provider "${c.provider}" manages the control plane; master nodes cannot be added.`);
  const poolPk = f.int("node_pool", false);
  const pool = poolPk === undefined ? undefined : st.pools.get(poolPk);
  if (poolPk !== undefined && (!pool || pool.cluster !== c.pk)) f.add("node_pool", `Invalid pk "${poolPk}" - object does not exist.`);
  if (Object.keys(f.errors).length) return { errors: f.errors };
  const fallback = st.clusterPools(c.pk).find((p) => p.is_default);
  return { ok: { size: size!, count: count!, role: role as "master" | "worker", pool: role === "master" ? null : pool?.pk ?? fallback?.pk ?? null } };
}

export function validateAutoscale(body: Body): { ok: { autoscaled: boolean; min: number; max: number } } | { errors: FieldErrors } {
  const f = new Fields(body);
  if (body.autoscaled === undefined) f.add("autoscaled", REQUIRED);
  const autoscaled = f.bool("autoscaled", false);
  const min = f.int("min_count", autoscaled, 1, 100) ?? 0;
  const max = f.int("max_count", autoscaled, 1, 100) ?? 0;
  if (autoscaled && min && max && max < min) f.add("max_count", "Ensure max_count is greater than or equal to min_count.");
  if (Object.keys(f.errors).length) return { errors: f.errors };
  return { ok: autoscaled ? { autoscaled, min, max } : { autoscaled, min: 0, max: 0 } };
}

/** a required string; `maxLength` as DRF's CharField words it [the limits per field are uncertain] */
export function stringField(body: Body, field: string, maxLength?: number): { ok: string } | { errors: FieldErrors } {
  const f = new Fields(body);
  const v = f.str(field, true);
  if (v !== undefined && maxLength !== undefined && v.length > maxLength) f.add(field, `Ensure this field has no more than ${maxLength} characters.`);
  if (Object.keys(f.errors).length) return { errors: f.errors };
  return { ok: v! };
}

