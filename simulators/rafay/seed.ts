/** Deterministic seed data: an org with defaultproject plus three more projects (one not visible to the key). */
import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { AKS_LOCATIONS, AKS_VERSIONS, AKS_VM_SIZES, CNIS, IMPORTED_PROVIDERS, LOCATIONS, MKS_VERSIONS, OPERATING_SYSTEMS, SYSTEM_BLUEPRINTS } from "./catalog";
import { advance, endpointFor, readyConditions, startDelete, startProvision, startUpdate, startUpgrade, specVersion } from "./lifecycle";
import { STATUS_OK, type ClusterSpec, type Json, type SimCluster } from "./model";
import type { RafayState } from "./state";

type Scenario = "running" | "provisioning" | "failed-provision" | "failed-upgrade" | "upgrading" | "updating" | "deleting";
type Plan = [type: "mks" | "aks" | "imported" | "aws-eks", scenario: Scenario, count: number][];

const PROJECTS: { name: string; description: string; accessible: boolean; plan: Plan; blueprint?: { name: string; base: string; description: string } }[] = [
  {
    name: "defaultproject",
    description: "Default project",
    accessible: true,
    blueprint: { name: "baseline-security", base: "minimal", description: "minimal plus OPA Gatekeeper policies and Falco" },
    plan: [["mks", "running", 6], ["aks", "running", 1], ["imported", "running", 1], ["aws-eks", "running", 1], ["mks", "failed-provision", 1], ["mks", "upgrading", 1], ["mks", "provisioning", 1]],
  },
  {
    name: "retail-edge",
    description: "In-store edge clusters",
    accessible: true,
    blueprint: { name: "edge-standard", base: "default", description: "default plus local-path storage and the store POS operator" },
    plan: [["mks", "running", 9], ["imported", "running", 1], ["mks", "updating", 1], ["mks", "failed-upgrade", 1], ["mks", "deleting", 1], ["aks", "upgrading", 1]],
  },
  {
    name: "ml-platform",
    description: "GPU training and inference",
    accessible: true,
    blueprint: { name: "gpu-operator", base: "default", description: "default plus the NVIDIA GPU operator and Kubeflow" },
    plan: [["mks", "running", 7], ["aks", "running", 1], ["imported", "running", 1], ["imported", "provisioning", 1], ["mks", "upgrading", 1]],
  },
  { name: "platform-admin", description: "Platform team only", accessible: false, plan: [["mks", "running", 3]] },
];

const ALL_MKS = [...MKS_VERSIONS.deprecated, ...MKS_VERSIONS.supported];

export function seed(state: RafayState, rnd: SeededRandom, acceptedKeys: string[]) {
  const now = state.now();
  state.projects.clear();
  state.clusters.clear();
  state.failNext = [];
  state.keyExpired = false;
  state.acceptedKeys = new Set(acceptedKeys);
  state.blueprints = SYSTEM_BLUEPRINTS.map((b) => ({ project: null, name: b.name, version: b.version, description: b.description, createdAt: now - 400 * DAY, modifiedAt: now - 20 * DAY }));

  for (const p of PROJECTS) {
    const createdAt = now - rnd.int(200, 900) * DAY;
    state.projects.set(p.name, { name: p.name, id: state.newId(), description: p.description, createdAt, modifiedAt: createdAt + rnd.int(1, 100) * DAY, default: p.name === "defaultproject", labels: {}, accessible: p.accessible });
    if (p.blueprint) {
      const base = SYSTEM_BLUEPRINTS.find((b) => b.name === p.blueprint!.base)!;
      state.blueprints.push({ project: p.name, name: p.blueprint.name, version: `v${rnd.int(2, 9)}`, description: p.blueprint.description, base: { name: base.name, version: base.version }, createdAt, modifiedAt: now - rnd.int(2, 60) * DAY });
    }
    let index = 1;
    for (const [type, scenario, count] of p.plan) {
      for (let i = 0; i < seedCount(count); i++) {
        const c = makeCluster(state, rnd, p.name, clusterName(rnd, index++), type, scenario, now, p.blueprint?.name);
        state.putCluster(c);
      }
    }
  }
}

function makeCluster(state: RafayState, rnd: SeededRandom, project: string, name: string, type: Plan[number][0], scenario: Scenario, now: number, customBlueprint?: string): SimCluster {
  const createdAt = now - rnd.int(3, 700) * DAY - rnd.int(0, 23) * HOUR;
  const upgrading = scenario === "upgrading" || scenario === "failed-upgrade";
  const version = pickVersion(rnd, type, upgrading);
  const blueprint = { name: customBlueprint && rnd.chance(0.5) ? customBlueprint : rnd.pick(["default", "minimal"]), version: "latest" };
  const spec = buildSpec(rnd, type, name, version, blueprint);
  const env = name.split("-")[0];
  const c: SimCluster = {
    project,
    name,
    id: state.newId(),
    createdAt,
    modifiedAt: createdAt,
    description: type === "imported" ? "imported from an existing cluster" : undefined,
    labels: { env, team: rnd.pick(["payments", "search", "platform", "data", "checkout"]) },
    annotations: {},
    spec,
    kubeVersion: null,
    appliedBlueprint: null,
    endpoint: null,
    conditions: [],
    common: { conditionStatus: STATUS_OK, conditionType: "", reason: "", lastUpdated: createdAt },
    lastTasksets: [],
  };
  if (type === "aks") {
    const pools = asArr(asObj(asObj(spec.config).spec).nodePools);
    c.aksPools = pools.map((pool) => ({
      name: String(pool.name),
      id: `${rnd.hex(8)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(12)}`,
      createdAt,
      kubeVersion: String(asObj(pool.properties).orchestratorVersion),
      nodeImageVersion: "AKSUbuntu-2204gen2containerd-202510.19.0",
      provisionStatus: "Succeeded",
    }));
  }
  const resolve = (p: string, n: string, v: string) => state.resolveBlueprintVersion(p, n, v);

  if (scenario === "provisioning") {
    startProvision(c, now - rnd.int(6, 12) * MINUTE);
    c.createdAt = c.op!.startedAt;
    c.modifiedAt = c.createdAt;
    advance(c, now, resolve);
    return c;
  }
  if (scenario === "failed-provision") {
    startProvision(c, createdAt, { condition: "ClusterCheckInSucceeded", reason: `node ${name}-w2 failed preflight checks: swap is enabled, disable swap and re-run the installer` });
    advance(c, createdAt + 2 * HOUR, resolve);
    return c;
  }
  // running (also the starting point of the other scenarios)
  const readyAt = createdAt + 30 * MINUTE;
  c.conditions = readyConditions(readyAt);
  c.common = { conditionStatus: STATUS_OK, conditionType: "ClusterOperationSucceeded", reason: "cluster operation completed", lastUpdated: readyAt };
  c.kubeVersion = type === "imported" || type === "aws-eks" ? agentVersion(rnd, type) : specVersion(spec);
  c.appliedBlueprint = { name: blueprint.name, version: state.resolveBlueprintVersion(project, blueprint.name, blueprint.version) };
  c.endpoint = type === "aws-eks" ? { host: `${rnd.hex(32).toUpperCase()}.gr7.us-west-2.eks.amazonaws.com`, port: 443 } : endpointFor(c);
  c.modifiedAt = now - rnd.int(1, 60) * DAY;

  if (upgrading) {
    const target = nextMinor(type, c.kubeVersion!);
    setSpecVersion(c.spec, target);
    if (scenario === "upgrading") {
      startUpgrade(c, now - rnd.int(8, 15) * MINUTE, target);
      c.modifiedAt = c.op!.startedAt;
      advance(c, now, resolve);
    } else {
      const at = now - 3 * HOUR;
      startUpgrade(c, at, target, { reason: `upgrade of node ${name}-w1 to ${target} failed: kubelet did not become ready within 15m0s` });
      c.modifiedAt = at;
      advance(c, now, resolve);
    }
  } else if (scenario === "updating") {
    const alt = c.spec.blueprint!.name === "default" ? "minimal" : "default";
    c.spec.blueprint = { name: alt, version: "latest" };
    startUpdate(c, now - 1 * MINUTE);
    c.modifiedAt = c.op!.startedAt;
  } else if (scenario === "deleting") {
    startDelete(c, now - 2 * MINUTE);
  }
  return c;
}

function pickVersion(rnd: SeededRandom, type: string, upgradable: boolean): string {
  if (type === "aks") return upgradable ? AKS_VERSIONS[1] : rnd.pick(AKS_VERSIONS);
  // an upgrade needs a supported next minor: start from 1.34 or 1.35
  if (upgradable) return rnd.pick(MKS_VERSIONS.supported.filter((v) => !v.startsWith("v1.36")));
  return rnd.chance(0.25) ? rnd.pick(MKS_VERSIONS.deprecated) : rnd.pick(ALL_MKS);
}

function nextMinor(type: string, version: string): string {
  const minor = Number(version.replace(/^v/, "").split(".")[1]);
  if (type === "aks") return AKS_VERSIONS.find((v) => Number(v.split(".")[1]) === minor + 1) ?? version;
  return MKS_VERSIONS.supported.filter((v) => Number(v.split(".")[1]) === minor + 1).at(-1) ?? version;
}

function setSpecVersion(spec: ClusterSpec, version: string) {
  const config = asObj(spec.config);
  if (spec.type === "mks") config.kubernetesVersion = version;
  if (spec.type === "aks") {
    const s = asObj(config.spec);
    asObj(asObj(s.managedCluster).properties).kubernetesVersion = version;
    for (const p of asArr(s.nodePools)) asObj(p.properties).orchestratorVersion = version;
  }
}

/** version strings the cluster agent reports for clusters Rafay did not build */
function agentVersion(rnd: SeededRandom, type: string): string {
  const base = rnd.pick(["1.32.9", "1.33.5", "1.34.2"]);
  return type === "aws-eks" || rnd.chance(0.5) ? `v${base}-eks-${rnd.hex(7)}` : `v${base}+rke2r1`;
}

function buildSpec(rnd: SeededRandom, type: string, name: string, version: string, blueprint: { name: string; version: string }): ClusterSpec {
  if (type === "aws-eks") return { type, blueprint, cloudCredentials: "aws-prod-role" };
  if (type === "imported") {
    return { type, blueprint, config: { kubernetesProvider: rnd.pick(IMPORTED_PROVIDERS.slice(0, 5)), provisionEnvironment: rnd.pick(["CLOUD", "ONPREM"]), location: rnd.pick(LOCATIONS) } };
  }
  if (type === "aks") {
    const location = rnd.pick(AKS_LOCATIONS);
    const minor = Number(version.split(".")[1]);
    const lagging = rnd.chance(0.5) ? AKS_VERSIONS.find((v) => Number(v.split(".")[1]) === minor - 1) : undefined;
    const pool = (poolName: string, mode: "System" | "User", poolVersion: string) => ({
      name: poolName,
      type: "Microsoft.ContainerService/managedClusters/agentPools",
      apiVersion: "2024-09-01",
      location,
      properties: { count: rnd.int(2, 6), vmSize: rnd.pick(AKS_VM_SIZES), mode, osType: "Linux", orchestratorVersion: poolVersion, enableAutoScaling: mode === "User", minCount: mode === "User" ? 1 : undefined, maxCount: mode === "User" ? 10 : undefined, maxPods: 110 },
    });
    return {
      type,
      blueprint,
      cloudCredentials: "azure-prod-sp",
      config: {
        apiVersion: "rafay.io/v1alpha1",
        kind: "aksClusterConfig",
        metadata: { name },
        spec: {
          resourceGroupName: `rg-${name}`,
          managedCluster: {
            apiVersion: "2024-09-01",
            type: "Microsoft.ContainerService/managedClusters",
            location,
            identity: { type: "SystemAssigned" },
            sku: { name: "Base", tier: "Standard" },
            properties: { kubernetesVersion: version, dnsPrefix: `${name}-dns`, networkProfile: { networkPlugin: "azure", loadBalancerSku: "standard" }, apiServerAccessProfile: { enablePrivateCluster: false } },
          },
          nodePools: [pool("systempool", "System", version), pool("userpool", "User", lagging ?? version)],
        },
      },
    };
  }
  const ha = rnd.chance(0.35);
  const workers = rnd.int(2, 9);
  const subnet = `10.${rnd.int(0, 250)}.${rnd.int(0, 250)}`;
  const arch = rnd.chance(0.15) ? "arm64" : "amd64";
  const os = rnd.pick(OPERATING_SYSTEMS);
  const node = (hostname: string, ip: number, roles: string[]) => ({ hostname, arch, operatingSystem: os, privateIP: `${subnet}.${ip}`, roles, ssh: { ipAddress: `${subnet}.${ip}`, port: "22", username: "ubuntu", privateKeyPath: "/home/ubuntu/.ssh/id_ed25519" } });
  const nodes: Json[] = [];
  for (let i = 1; i <= (ha ? 3 : 1); i++) nodes.push(node(`${name}-cp${i}`, 10 + i, ["ControlPlane"]));
  for (let i = 1; i <= workers; i++) nodes.push(node(`${name}-w${i}`, 20 + i, i === 1 && rnd.chance(0.3) ? ["Worker", "Storage"] : ["Worker"]));
  const cni = rnd.pick(CNIS);
  const concurrent = rnd.chance(0.3);
  return {
    type: "mks",
    blueprint,
    config: {
      kubernetesVersion: version,
      location: rnd.pick(LOCATIONS),
      autoApproveNodes: true,
      highAvailability: ha,
      dedicatedControlPlane: ha,
      installerTtl: 365,
      kubernetesUpgrade: concurrent ? { strategy: "concurrent", params: { workerConcurrency: "50%" } } : { strategy: "sequential" },
      network: { cni: { name: cni.name, version: cni.version }, podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12" },
      nodes,
    },
  };
}

const asObj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const asArr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(asObj) : []);
