import type { SimRequest, SimResponse } from "@/simulators/kit/server";
import { defaultHostPrefix } from "./catalog";
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from "./errors";
import { vpcJson, type CoreWeaveState, type VpcRecord } from "./state";
import { checkBool, checkDns, checkHostPrefixes, checkName, checkVpcPrefixes, checkZone, isObj, UUID_RE, Violations, type Obj } from "./validate";

const ok = (state: CoreWeaveState, v: VpcRecord): SimResponse => ({ status: 200, body: { vpc: vpcJson(state, v) } });

function lookup(state: CoreWeaveState, id: string): VpcRecord | SimResponse {
  if (!UUID_RE.test(id)) return invalidArgument([{ field: "id", description: "value must be a valid UUID" }]);
  return state.vpcs.get(id.toLowerCase()) ?? notFound("VPC", id);
}

const isResponse = (x: VpcRecord | SimResponse): x is SimResponse => typeof x.status === "number";

export function listVpcs(state: CoreWeaveState): SimResponse {
  return { status: 200, body: { items: [...state.vpcs.values()].map((v) => vpcJson(state, v)) } };
}

export function getVpc(state: CoreWeaveState, req: SimRequest): SimResponse {
  const v = lookup(state, req.params.id);
  return isResponse(v) ? v : ok(state, v);
}

export function createVpc(state: CoreWeaveState, req: SimRequest): SimResponse {
  const body: Obj = isObj(req.body) ? req.body : {};
  const v = new Violations();
  const name = checkName(v, "name", body.name);
  const zone = checkZone(v, body.zone);
  const host = checkHostPrefixes(v, body);
  const prefixes = checkVpcPrefixes(v, body.vpcPrefixes) ?? [];
  const ingress = isObj(body.ingress) ? checkBool(v, "ingress.disablePublicServices", body.ingress.disablePublicServices) : undefined;
  const egress = isObj(body.egress) ? checkBool(v, "egress.disablePublicAccess", body.egress.disablePublicAccess) : undefined;
  const dns = isObj(body.dhcp) && isObj(body.dhcp.dns) ? checkDns(v, body.dhcp.dns.servers) : undefined;
  if (!v.empty) return invalidArgument(v.list);
  // [inferred] VPC names are unique per zone (a default VPC may exist in every zone).
  if ([...state.vpcs.values()].some((x) => x.zone === zone && x.name === name)) return alreadyExists("VPC", name!);

  const now = state.clock.now();
  const hostPrefixes = host.hostPrefixes ?? [{ name: "host primary", type: "PRIMARY" as const, prefixes: [host.hostPrefix ?? defaultHostPrefix(zone!)] }];
  const vpc: VpcRecord = {
    id: state.rnd.uuid(),
    name: name!,
    zone: zone!,
    hostPrefix: host.hostPrefix,
    hostPrefixes,
    vpcPrefixes: prefixes.map((p) => ({ ...p, status: "STATUS_AVAILABLE", createdAt: now, updatedAt: now })),
    ingress: { disablePublicServices: ingress ?? false },
    egress: { disablePublicAccess: egress ?? false },
    dhcp: { dns: { servers: dns ?? [] } },
    status: "STATUS_CREATING",
    createdAt: now,
    updatedAt: now,
    phaseEndsAt: now + state.duration("vpcCreate"),
  };
  state.vpcs.set(vpc.id, vpc);
  return ok(state, vpc);
}

/** Only these mask paths do anything; every other path is silently ignored (D-vpc update page). */
const VPC_PATHS = ["vpcPrefixes", "ingress.disablePublicServices", "egress.disablePublicAccess", "dhcp.dns.servers"];

export function updateVpc(state: CoreWeaveState, req: SimRequest): SimResponse {
  const found = lookup(state, req.params.id);
  if (isResponse(found)) return found;
  const vpc = found;
  const body: Obj = isObj(req.body) ? req.body : {};
  const masked = typeof body.updateMask === "string" && body.updateMask.trim() !== "";
  const paths = masked
    ? (body.updateMask as string).split(",").map((p) => p.trim()).filter((p) => VPC_PATHS.includes(p))
    : VPC_PATHS.filter((p) => p.split(".").reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), body) !== undefined);
  const v = new Violations();
  const prefixes = paths.includes("vpcPrefixes") ? (checkVpcPrefixes(v, body.vpcPrefixes) ?? []) : undefined;
  const ingress = paths.includes("ingress.disablePublicServices") ? checkBool(v, "ingress.disablePublicServices", isObj(body.ingress) ? body.ingress.disablePublicServices : undefined) : undefined;
  const egress = paths.includes("egress.disablePublicAccess") ? checkBool(v, "egress.disablePublicAccess", isObj(body.egress) ? body.egress.disablePublicAccess : undefined) : undefined;
  const dns = paths.includes("dhcp.dns.servers") ? checkDns(v, isObj(body.dhcp) && isObj(body.dhcp.dns) ? body.dhcp.dns.servers : undefined) : undefined;
  if (!v.empty) return invalidArgument(v.list);
  if (vpc.status !== "STATUS_READY") return failedPrecondition("VPC_BUSY", `VPC ${vpc.id} is ${vpc.status}; wait until it is STATUS_READY`);

  if (prefixes) {
    const used = new Set<string>();
    for (const c of state.clusters.values())
      if (c.vpcId === vpc.id)
        for (const n of [c.network.podCidrName, c.network.serviceCidrName, ...c.network.internalLbCidrNames, c.network.podCidrNameV6, c.network.serviceCidrNameV6, ...(c.network.internalLbCidrNamesV6 ?? [])])
          if (n) used.add(n);
    const removed = vpc.vpcPrefixes.filter((p) => used.has(p.name) && !prefixes.some((q) => q.name === p.name && q.value === p.value));
    if (removed.length) return failedPrecondition("PREFIX_IN_USE", `VPC prefix "${removed[0].name}" is used by a cluster and cannot be removed or changed`);
  }
  const before = JSON.stringify(vpcJson(state, vpc));
  const now = state.clock.now();
  if (prefixes)
    vpc.vpcPrefixes = prefixes.map((p) => {
      const old = vpc.vpcPrefixes.find((q) => q.name === p.name && q.value === p.value);
      return old ?? { ...p, status: "STATUS_AVAILABLE" as const, createdAt: now, updatedAt: now };
    });
  if (paths.includes("ingress.disablePublicServices")) vpc.ingress = { disablePublicServices: ingress ?? false };
  if (paths.includes("egress.disablePublicAccess")) vpc.egress = { disablePublicAccess: egress ?? false };
  if (paths.includes("dhcp.dns.servers")) vpc.dhcp = { dns: { servers: dns ?? [] } };
  if (JSON.stringify(vpcJson(state, vpc)) !== before) {
    vpc.status = "STATUS_UPDATING";
    vpc.updatedAt = now;
    vpc.phaseEndsAt = now + state.duration("vpcUpdate");
  }
  return ok(state, vpc);
}

export function deleteVpc(state: CoreWeaveState, req: SimRequest): SimResponse {
  const found = lookup(state, req.params.id);
  if (isResponse(found)) return found;
  const vpc = found;
  if (vpc.status === "STATUS_DELETING" || vpc.status === "STATUS_CREATING" || vpc.status === "STATUS_UPDATING")
    return failedPrecondition("VPC_BUSY", `VPC ${vpc.id} is ${vpc.status}`);
  // [uncertain] deleting a VPC a cluster still uses is refused with FAILED_PRECONDITION.
  const user = [...state.clusters.values()].find((c) => c.vpcId === vpc.id);
  if (user) return failedPrecondition("VPC_IN_USE", `VPC ${vpc.id} is used by cluster ${user.id}; delete the cluster first`);
  const now = state.clock.now();
  vpc.status = "STATUS_DELETING";
  vpc.updatedAt = now;
  vpc.phaseEndsAt = now + state.duration("vpcDelete");
  return ok(state, vpc);
}
