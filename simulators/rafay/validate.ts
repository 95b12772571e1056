/** Validation of a v3 cluster apply body (docs/providers/rafay.md §6.4/§6.5, checklist "apply semantics"). */
import { CNIS, CLUSTER_TYPES, IMPORTED_PROVIDERS, PROVISION_ENVIRONMENTS } from "./catalog";
import { asObj, isControlPlane, nodeList } from "./lifecycle";
import type { ClusterSpec, Json } from "./model";
import type { RafayState } from "./state";

export const NAME_RE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR_RE = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;
const NODE_ROLES = new Set(["ControlPlane", "Master", "Worker", "Storage"]);

export type ApplyInput = {
  name: string;
  description?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: ClusterSpec;
};

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function stringMap(v: unknown, what: string): Checked<Record<string, string>> {
  if (v === undefined || v === null) return { ok: true, value: {} };
  const o = asObj(v);
  if (o !== v || Object.values(o).some((x) => typeof x !== "string")) return fail(`${what} must be a map of strings`);
  return { ok: true, value: o as Record<string, string> };
}

export function validateClusterApply(body: unknown, pathProject: string, state: RafayState): Checked<ApplyInput> {
  const b = asObj(body);
  if (b !== body) return fail("request body must be a Cluster object");
  if (b.kind !== undefined && b.kind !== "Cluster") return fail(`kind must be "Cluster", got "${String(b.kind)}"`);
  if (b.apiVersion !== undefined && b.apiVersion !== "infra.k8smgmt.io/v3") return fail(`apiVersion must be "infra.k8smgmt.io/v3"`);
  const md = asObj(b.metadata);
  if (typeof md.name !== "string" || !md.name) return fail("metadata.name is required");
  if (!NAME_RE.test(md.name)) return fail(`invalid cluster name "${md.name}": use lower-case letters, digits and '-', start with a letter, at most 63 characters`);
  if (md.project !== undefined && md.project !== pathProject) return fail(`metadata.project "${String(md.project)}" does not match the project in the path "${pathProject}"`);
  const labels = stringMap(md.labels, "metadata.labels");
  if (!labels.ok) return labels;
  const annotations = stringMap(md.annotations, "metadata.annotations");
  if (!annotations.ok) return annotations;

  const rawSpec = asObj(b.spec);
  if (typeof rawSpec.type !== "string" || !rawSpec.type) return fail("spec.type is required");
  const type = rawSpec.type;
  if (!(CLUSTER_TYPES as readonly string[]).includes(type)) return fail(`spec.type "${type}" is not supported`);
  if (type === "aws-eks" || type === "eks") return fail("EKS clusters are provisioned with a ClusterConfig through rctl/clusterctl, not through this API");

  // accept the OAS 2023 names and store the current ones (docs/providers/rafay.md §6.4 [conflict])
  const { blueprintConfig, proxyConfig, ...rest } = rawSpec;
  const spec: ClusterSpec = { ...rest, type } as ClusterSpec;
  if (proxyConfig !== undefined && spec.proxy === undefined) spec.proxy = proxyConfig;
  const bp = asObj(rawSpec.blueprint ?? blueprintConfig);
  const bpName = typeof bp.name === "string" && bp.name ? bp.name : "default";
  const bpVersion = typeof bp.version === "string" && bp.version ? bp.version : "latest";
  const blueprint = state.blueprint(pathProject, bpName);
  if (!blueprint) return fail(`blueprint "${bpName}" not found in project "${pathProject}"`);
  if (bpVersion !== "latest" && bpVersion !== blueprint.version) return fail(`blueprint "${bpName}" has no version "${bpVersion}"`);
  spec.blueprint = { name: bpName, version: bpVersion };

  const config = asObj(spec.config);
  const checked =
    type === "mks" ? checkMks(config) : type === "aks" ? checkAks(spec, config) : type === "gke" ? checkGke(spec, config) : checkImported(config);
  if (!checked.ok) return checked;
  spec.config = checked.value;

  return {
    ok: true,
    value: { name: md.name, description: typeof md.description === "string" ? md.description : undefined, labels: labels.value, annotations: annotations.value, spec },
  };
}

function checkMks(config: Json): Checked<Json> {
  const v = config.kubernetesVersion;
  if (typeof v !== "string" || !v) return fail("spec.config.kubernetesVersion is required");
  if (!/^v\d+\.\d+\.\d+$/.test(v)) return fail(`spec.config.kubernetesVersion "${v}" must look like v1.30.4`);
  if (config.location !== undefined && (typeof config.location !== "string" || !/^[a-z0-9-]+$/.test(config.location))) return fail("spec.config.location must be a location name such as sanjose-us");
  const nodes = nodeList({ config });
  if (!nodes.length) return fail("spec.config.nodes must list at least one node");
  const hostnames = new Set<string>();
  const ips = new Set<string>();
  const normalized: Json[] = [];
  for (const [i, raw] of nodes.entries()) {
    const { privateip, ...n } = raw;
    if (n.privateIP === undefined && privateip !== undefined) n.privateIP = privateip;
    if (typeof n.hostname !== "string" || !NAME_RE.test(n.hostname)) return fail(`spec.config.nodes[${i}].hostname must be a DNS label`);
    if (hostnames.has(n.hostname)) return fail(`spec.config.nodes[${i}].hostname "${n.hostname}" is used twice`);
    hostnames.add(n.hostname);
    if (typeof n.privateIP !== "string" || !IPV4_RE.test(n.privateIP)) return fail(`spec.config.nodes[${i}].privateIP must be an IPv4 address`);
    if (ips.has(n.privateIP)) return fail(`spec.config.nodes[${i}].privateIP ${n.privateIP} is used twice`);
    ips.add(n.privateIP);
    if (n.arch !== undefined && n.arch !== "amd64" && n.arch !== "arm64") return fail(`spec.config.nodes[${i}].arch must be amd64 or arm64`);
    if (n.operatingSystem !== undefined && typeof n.operatingSystem !== "string") return fail(`spec.config.nodes[${i}].operatingSystem must be a string`);
    const roles = Array.isArray(n.roles) ? n.roles : [];
    if (!roles.length || roles.some((r) => !NODE_ROLES.has(String(r)))) return fail(`spec.config.nodes[${i}].roles must be a non-empty list of ControlPlane, Worker, Storage`);
    normalized.push(n);
  }
  const controlPlanes = normalized.filter(isControlPlane).length;
  if (!controlPlanes) return fail("at least one node needs the ControlPlane role");
  if (config.highAvailability === true && controlPlanes < 3) return fail("highAvailability needs at least 3 ControlPlane nodes");
  const network = asObj(config.network);
  const cni = asObj(network.cni);
  if (cni.name !== undefined && !CNIS.some((c) => c.name === cni.name)) return fail(`spec.config.network.cni.name must be one of ${CNIS.map((c) => c.name).join(", ")}`);
  for (const key of ["podSubnet", "serviceSubnet"] as const) {
    if (network[key] !== undefined && (typeof network[key] !== "string" || !CIDR_RE.test(network[key] as string))) return fail(`spec.config.network.${key} must be an IPv4 CIDR`);
  }
  const upgrade = asObj(config.kubernetesUpgrade);
  if (upgrade.strategy !== undefined && upgrade.strategy !== "sequential" && upgrade.strategy !== "concurrent") return fail("spec.config.kubernetesUpgrade.strategy must be sequential or concurrent");
  if (upgrade.strategy === "concurrent") {
    const c = String(asObj(upgrade.params).workerConcurrency ?? "");
    if (!/^([1-9]\d*|([1-9]\d?|100)%)$/.test(c)) return fail("spec.config.kubernetesUpgrade.params.workerConcurrency must be a count or a percentage");
  }
  return { ok: true, value: { ...config, nodes: normalized } };
}

function checkAks(spec: ClusterSpec, config: Json): Checked<Json> {
  if (typeof spec.cloudCredentials !== "string" || !spec.cloudCredentials) return fail("spec.cloudCredentials is required for aks clusters");
  const s = asObj(config.spec);
  const props = asObj(asObj(s.managedCluster).properties);
  if (typeof props.kubernetesVersion !== "string" || !/^\d+\.\d+(\.\d+)?$/.test(props.kubernetesVersion)) return fail("spec.config.spec.managedCluster.properties.kubernetesVersion is required (e.g. 1.34.6)");
  if (!Array.isArray(s.nodePools) || !s.nodePools.length) return fail("spec.config.spec.nodePools must list at least one node pool");
  return { ok: true, value: config };
}

function checkGke(spec: ClusterSpec, config: Json): Checked<Json> {
  if (typeof spec.cloudCredentials !== "string" || !spec.cloudCredentials) return fail("spec.cloudCredentials is required for gke clusters");
  if (typeof config.controlPlaneVersion !== "string") return fail("spec.config.controlPlaneVersion is required");
  return { ok: true, value: config };
}

function checkImported(config: Json): Checked<Json> {
  if (config.kubernetesProvider !== undefined && !(IMPORTED_PROVIDERS as readonly string[]).includes(String(config.kubernetesProvider))) {
    return fail(`spec.config.kubernetesProvider must be one of ${IMPORTED_PROVIDERS.join(", ")}`);
  }
  if (config.provisionEnvironment !== undefined && !(PROVISION_ENVIRONMENTS as readonly string[]).includes(String(config.provisionEnvironment))) {
    return fail(`spec.config.provisionEnvironment must be CLOUD or ONPREM`);
  }
  return { ok: true, value: config };
}
