import type { SimRequest, SimResponse } from "@/simulators/kit/server";
import { DEFAULT_NODE_PORT_RANGE, nextMinor, parseMinor, wireMinor } from "./catalog";
import { alreadyExists, failedPrecondition, invalidArgument, notFound, quotaExceeded } from "./errors";
import { clusterJson, type ClusterRecord, type CoreWeaveState } from "./state";
import { checkCommon, checkName, checkNetwork, checkPortRange, checkVersionFormat, checkZone, isObj, uniqueNonBlank, UUID_RE, Violations, type Obj } from "./validate";

const BUSY = new Set(["STATUS_CREATING", "STATUS_UPDATING", "STATUS_UPGRADING", "STATUS_DELETING", "STATUS_UNSPECIFIED"]);

const ok = (state: CoreWeaveState, c: ClusterRecord): SimResponse => ({ status: 200, body: { cluster: clusterJson(state, c) } });

/** Path ids that are not UUIDs: [uncertain] — simulated as INVALID_ARGUMENT on `id`. */
function lookup(state: CoreWeaveState, id: string): ClusterRecord | SimResponse {
  if (!UUID_RE.test(id)) return invalidArgument([{ field: "id", description: "value must be a valid UUID" }]);
  return state.clusters.get(id.toLowerCase()) ?? notFound("cluster", id);
}

export function listClusters(state: CoreWeaveState): SimResponse {
  return { status: 200, body: { items: [...state.clusters.values()].map((c) => clusterJson(state, c)) } };
}

export function getCluster(state: CoreWeaveState, req: SimRequest): SimResponse {
  const c = lookup(state, req.params.id);
  return isResponse(c) ? c : ok(state, c);
}

function isResponse(x: ClusterRecord | SimResponse): x is SimResponse {
  return typeof x.status === "number";
}

export function createCluster(state: CoreWeaveState, req: SimRequest): SimResponse {
  const body: Obj = isObj(req.body) ? req.body : {};
  const v = new Violations();
  const name = checkName(v, "name", body.name);
  const zone = checkZone(v, body.zone);
  const vpcIdRaw = body.vpcId;
  let vpc = undefined as ReturnType<typeof state.vpcs.get>;
  if (vpcIdRaw === undefined || vpcIdRaw === null || vpcIdRaw === "") v.add("vpcId", "value is required");
  else if (typeof vpcIdRaw !== "string" || !UUID_RE.test(vpcIdRaw)) v.add("vpcId", "value must be a valid UUID");
  else {
    // [uncertain] a missing VPC is reported as a field violation rather than NOT_FOUND.
    vpc = state.vpcs.get(vpcIdRaw.toLowerCase());
    if (!vpc) v.add("vpcId", `VPC ${vpcIdRaw} not found`);
    else if (zone && vpc.zone !== zone) v.add("vpcId", `VPC ${vpc.id} is in zone ${vpc.zone}, not ${zone}`);
  }
  const version = checkVersionFormat(v, body.version, state.config.supportedVersions);
  const network = checkNetwork(v, body.network, vpc);
  const common = checkCommon(v, body);
  if (body.sharedStorageClusterId !== undefined && typeof body.sharedStorageClusterId !== "string") v.add("sharedStorageClusterId", "value must be a string");
  if (!v.empty) return invalidArgument(v.list);

  if (vpc!.status !== "STATUS_READY") return failedPrecondition("VPC_NOT_READY", `VPC ${vpc!.id} is not ready (${vpc!.status})`);
  // [uncertain] cluster names are unique org-wide (SK: re-creating with a taken name fails).
  if ([...state.clusters.values()].some((c) => c.name === name)) return alreadyExists("cluster", name!);
  if (state.clustersInZone(zone!).length >= state.config.clusterQuotaPerZone)
    return quotaExceeded(`zone:${zone}`, `quota exceeded: at most ${state.config.clusterQuotaPerZone} CKS clusters in zone ${zone}`);

  const now = state.clock.now();
  const failCreate = state.failNextCreates > 0;
  if (failCreate) state.failNextCreates--;
  const c: ClusterRecord = {
    id: state.rnd.uuid(),
    name: name!,
    zone: zone!,
    vpcId: vpc!.id,
    public: common.public ?? false,
    version: version!,
    network: { ...network!, serviceNodePortRange: network!.serviceNodePortRange ?? { ...DEFAULT_NODE_PORT_RANGE } },
    oidc: common.oidc,
    authzWebhook: common.authzWebhook,
    authnWebhook: common.authnWebhook,
    auditPolicy: common.auditPolicy,
    apiServerEndpoint: state.apiServerEndpoint(zone!),
    status: "STATUS_CREATING",
    disableOidcInfoPublication: common.disableOidcInfoPublication ?? false,
    kubelet: common.kubelet,
    additionalServerSans: common.additionalServerSans ?? [],
    tailscale: common.tailscaleClientId ? { clientId: common.tailscaleClientId, tailnetDomain: `tail${state.rnd.hex(6)}.ts.net` } : undefined,
    sharedStorageClusterId: body.sharedStorageClusterId as string | undefined,
    createdAt: now,
    updatedAt: now,
    phaseEndsAt: now + state.duration("create"),
    failCreate,
  };
  state.clusters.set(c.id, c);
  return ok(state, c);
}

/** Mask paths UpdateCluster understands (D-update plus the leaves TF sends). */
const OIDC_LEAVES = ["issuerUrl", "clientId", "usernameClaim", "usernamePrefix", "groupsClaim", "groupsPrefix", "ca", "requiredClaim", "adminGroupBinding", "signingAlgorithms"];
const MUTABLE_PATHS = new Set([
  "public",
  "version",
  "auditPolicy",
  "oidc",
  ...OIDC_LEAVES.map((l) => `oidc.${l}`),
  "authzWebhook",
  "authzWebhook.server",
  "authzWebhook.ca",
  "authnWebhook",
  "authnWebhook.server",
  "authnWebhook.ca",
  "network.internalLbCidrNames",
  "network.serviceNodePortRange",
  "network.serviceNodePortRange.start",
  "network.serviceNodePortRange.end",
  "disableOidcInfoPublication",
  "kubelet",
  "additionalServerSans",
  "tailscale",
  "tailscale.clientId",
]);
/**
 * The update request's network block carries only internalLbCidrNames and serviceNodePortRange
 * (docs/providers/coreweave.md §14): pod/service CIDR names are no field of it, so a mask naming them is an unknown
 * path and a body carrying them has them dropped as unknown fields, never an "immutable" refusal.
 */
const IMMUTABLE_PATHS = new Set(["name", "zone", "vpcId", "network", "sharedStorageClusterId"]);

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split(".")) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setPath(obj: Obj, path: string, value: unknown) {
  const keys = path.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = structuredClone(value);
}

/** The updatable part of a cluster in request form, so a mask can be applied path by path. */
function updatableView(c: ClusterRecord): Obj {
  return structuredClone({
    public: c.public,
    version: c.version,
    auditPolicy: c.auditPolicy,
    oidc: c.oidc,
    authzWebhook: c.authzWebhook,
    authnWebhook: c.authnWebhook,
    network: { internalLbCidrNames: c.network.internalLbCidrNames, serviceNodePortRange: c.network.serviceNodePortRange },
    disableOidcInfoPublication: c.disableOidcInfoPublication,
    kubelet: c.kubelet,
    additionalServerSans: c.additionalServerSans,
    tailscale: c.tailscale ? { clientId: c.tailscale.clientId } : undefined,
  }) as Obj;
}

/** An object whose every value is empty counts as unset (TF clears OIDC by masking every leaf). */
function emptyToUndefined(value: unknown): unknown {
  if (!isObj(value)) return value;
  const meaningful = Object.values(value).some((x) => x !== undefined && x !== null && x !== "" && !(Array.isArray(x) && x.length === 0));
  return meaningful ? value : undefined;
}

export function updateCluster(state: CoreWeaveState, req: SimRequest): SimResponse {
  const found = lookup(state, req.params.id);
  if (isResponse(found)) return found;
  const c = found;
  const body: Obj = isObj(req.body) ? req.body : {};
  const v = new Violations();
  if (body.id !== undefined && body.id !== "" && String(body.id).toLowerCase() !== c.id) v.add("id", "value must match the cluster id in the path");

  const requestedVersion = typeof body.version === "string" && body.version !== "" ? (wireMinor(body.version) ?? body.version) : undefined;
  // The real server checks the raw body before the mask (TF-PR295 quotes validateVersionUpgradeReq).
  if (requestedVersion && requestedVersion !== c.version && body.network !== undefined && body.network !== null)
    return invalidArgument([{ field: "network", description: "cannot change network config during an upgrade" }]);

  let paths: string[];
  if (typeof body.updateMask === "string" && body.updateMask.trim() !== "") {
    paths = body.updateMask.split(",").map((p) => p.trim()).filter(Boolean);
  } else if (body.updateMask !== undefined && body.updateMask !== null && typeof body.updateMask !== "string") {
    return invalidArgument([{ field: "updateMask", description: "value must be a comma-separated list of field paths" }]);
  } else {
    // No mask: every field present in the body is applied (AIP-157); unchanged immutable fields are tolerated.
    paths = [];
    for (const key of ["public", "auditPolicy", "oidc", "authzWebhook", "authnWebhook", "disableOidcInfoPublication", "kubelet", "additionalServerSans", "tailscale"])
      if (body[key] !== undefined) paths.push(key);
    if (requestedVersion) paths.push("version");
    if (isObj(body.network)) {
      for (const key of ["internalLbCidrNames", "serviceNodePortRange"]) if (body.network[key] !== undefined) paths.push(`network.${key}`);
    }
    for (const key of ["name", "zone", "vpcId"]) if (body[key] !== undefined && body[key] !== (c as unknown as Obj)[key]) v.add(key, "field is immutable");
  }
  for (const p of paths) {
    if (IMMUTABLE_PATHS.has(p)) v.add(p, "field is immutable");
    else if (!MUTABLE_PATHS.has(p)) v.add("updateMask", `unknown or output-only field path "${p}"`);
  }
  if (!v.empty) return invalidArgument(v.list);

  if (BUSY.has(c.status)) return failedPrecondition("CLUSTER_BUSY", `cluster ${c.id} is ${c.status}; wait until it is STATUS_RUNNING`);
  if (c.status === "STATUS_FAILED") return failedPrecondition("CLUSTER_FAILED", `cluster ${c.id} failed to create; delete it and create it again`);

  const before = updatableView(c);
  const next = updatableView(c);
  for (const p of paths) setPath(next, p, getPath(body, p));
  for (const key of ["oidc", "authzWebhook", "authnWebhook", "tailscale", "kubelet"]) next[key] = emptyToUndefined(next[key]);

  // Re-validate the merged result with the create rules.
  const vpc = state.vpcs.get(c.vpcId);
  if (typeof next.version !== "string" || next.version === "") v.add("version", "value is required");
  const common = checkCommon(v, next);
  const network = next.network as Obj;
  const lb = Array.isArray(network.internalLbCidrNames) ? (network.internalLbCidrNames as string[]) : [];
  uniqueNonBlank(v, "network.internalLbCidrNames", lb, true);
  const missing = c.network.internalLbCidrNames.filter((n) => !lb.includes(n));
  if (missing.length) v.add("network.internalLbCidrNames", `internal load balancer prefixes can only be added, not removed (missing: ${missing.join(", ")})`);
  const known = new Set(vpc?.vpcPrefixes.map((p) => p.name) ?? []);
  for (const n of lb) if (vpc && !known.has(n)) v.add("network.internalLbCidrNames", `VPC ${vpc.id} has no prefix named "${n}"`);
  const range = network.serviceNodePortRange === undefined ? undefined : checkPortRange(v, network.serviceNodePortRange);
  const oldRange = c.network.serviceNodePortRange;
  if (network.serviceNodePortRange === undefined) v.add("network.serviceNodePortRange", "the node port range cannot be removed");
  else if (range && (range.start > oldRange.start || range.end < oldRange.end))
    v.add("network.serviceNodePortRange", `the node port range can only be expanded (current ${oldRange.start}-${oldRange.end})`);

  const newVersion = typeof next.version === "string" ? (wireMinor(next.version) ?? next.version) : c.version;
  const upgrading = newVersion !== c.version;
  if (upgrading) {
    if (!parseMinor(newVersion)) v.add("version", 'value must be a Kubernetes minor version of the form "v1.35" or "1.35"');
    else if (!state.config.supportedVersions.includes(newVersion))
      v.add("version", `version ${newVersion} is not supported; supported versions: ${state.config.supportedVersions.join(", ")}`);
  }
  if (!v.empty) return invalidArgument(v.list);
  if (upgrading) {
    // [uncertain] code for upgrade-rule violations: FAILED_PRECONDITION, since they depend on the current version.
    const cur = parseMinor(c.version)!;
    const want = parseMinor(newVersion)!;
    if (want.major < cur.major || (want.major === cur.major && want.minor < cur.minor))
      return failedPrecondition("VERSION_DOWNGRADE", `cannot downgrade cluster from ${c.version} to ${newVersion}`);
    if (newVersion !== nextMinor(c.version))
      return failedPrecondition("VERSION_SKIP", `cluster can only be upgraded one minor version at a time: from ${c.version} to ${nextMinor(c.version)}`);
  }

  const changed = JSON.stringify(next) !== JSON.stringify(before);
  if (!changed) return ok(state, c);

  const now = state.clock.now();
  c.public = common.public ?? false;
  c.auditPolicy = common.auditPolicy;
  c.oidc = common.oidc;
  c.authzWebhook = common.authzWebhook;
  c.authnWebhook = common.authnWebhook;
  c.disableOidcInfoPublication = common.disableOidcInfoPublication ?? false;
  c.kubelet = common.kubelet;
  c.additionalServerSans = common.additionalServerSans ?? [];
  c.tailscale = common.tailscaleClientId
    ? { clientId: common.tailscaleClientId, tailnetDomain: c.tailscale?.tailnetDomain ?? `tail${state.rnd.hex(6)}.ts.net` }
    : undefined;
  c.network = { ...c.network, internalLbCidrNames: [...lb], serviceNodePortRange: range ?? oldRange };
  c.updatedAt = now;
  if (upgrading) {
    // [uncertain] `version` keeps reporting the running minor until the upgrade finishes.
    c.status = "STATUS_UPGRADING";
    c.pendingVersion = newVersion;
    c.phaseEndsAt = now + state.duration("upgrade");
  } else {
    c.status = "STATUS_UPDATING";
    c.phaseEndsAt = now + state.duration("update");
  }
  return ok(state, c);
}

export function deleteCluster(state: CoreWeaveState, req: SimRequest): SimResponse {
  const found = lookup(state, req.params.id);
  if (isResponse(found)) return found;
  const c = found;
  // [inferred] deletes during a transition are refused (FAILED_PRECONDITION); FAILED clusters may be deleted.
  if (BUSY.has(c.status)) return failedPrecondition("CLUSTER_BUSY", `cluster ${c.id} is ${c.status}; wait until it is STATUS_RUNNING`);
  const now = state.clock.now();
  c.status = "STATUS_DELETING";
  c.pendingVersion = undefined;
  c.updatedAt = now;
  c.phaseEndsAt = now + state.duration("delete");
  return ok(state, c);
}
