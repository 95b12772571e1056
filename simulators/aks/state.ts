import { randomUUID } from "node:crypto";
import type { SimClock } from "@/simulators/kit/clock";
import { MINUTE } from "@/simulators/kit/clock";
import type { SeededRandom } from "@/simulators/kit/random";
import { Entra, type EntraConfig } from "./entra";

export type ProvisioningState = "Creating" | "Updating" | "Upgrading" | "Scaling" | "Deleting" | "Succeeded" | "Failed" | "Canceled";

export interface PoolRecord {
  name: string;
  count: number;
  vmSize: string;
  mode: "System" | "User";
  osType: "Linux" | "Windows";
  osSKU: string;
  osDiskSizeGB: number;
  maxPods: number;
  orchestratorVersion: string;
  currentOrchestratorVersion: string;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  availabilityZones?: string[];
  nodeLabels?: Record<string, string>;
  provisioningState: ProvisioningState;
  powerState: "Running" | "Stopped";
  nodeImageVersion: string;
  eTag: string;
}

export interface ClusterRecord {
  rg: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  tier: "Free" | "Standard" | "Premium";
  supportPlan: "KubernetesOfficial" | "AKSLongTermSupport";
  kubernetesVersion: string;
  currentKubernetesVersion: string;
  dnsPrefix: string;
  fqdn: string;
  provisioningState: ProvisioningState;
  powerState: "Running" | "Stopped";
  pools: PoolRecord[];
  networkPlugin: string;
  createdAt: number;
  modifiedAt: number;
  resourceUID: string;
  eTag: string;
}

export interface OperationRecord {
  id: string;
  location: string;
  startedAt: number;
  doneAt: number;
  outcome: "Succeeded" | "Failed";
  error?: { code: string; message: string };
  status: "InProgress" | "Succeeded" | "Failed";
  endedAt?: number;
  /** cluster key (and pool name) the operation runs on: one at a time per cluster */
  clusterKey: string;
  pool?: string;
  /** applies the end state; returns nothing */
  complete: (ok: boolean) => void;
}

export const key = (rg: string, name: string) => `${rg.toLowerCase()}/${name.toLowerCase()}`;

export class AksState {
  subscriptionId: string;
  subscriptionName = "Clusterdeck Demo (simulated)";
  resourceGroups = new Map<string, { name: string; location: string }>();
  clusters = new Map<string, ClusterRecord>();
  operations = new Map<string, OperationRecord>();
  entra: Entra;
  failNextCreates = 0;
  /** list pages hold this many clusters; more are reached through nextLink */
  pageSize = 100;

  constructor(
    public clock: SimClock,
    public rnd: SeededRandom,
    creds: EntraConfig & { subscriptionId: string },
  ) {
    this.subscriptionId = creds.subscriptionId;
    // tokens live in wall-clock time, like the client's cache that holds them; the SimClock (which may run
    // hundreds of times faster) drives only the resources' lifecycles
    this.entra = new Entra({ tenantId: creds.tenantId, clientId: creds.clientId, clientSecret: creds.clientSecret }, () => Math.floor(Date.now() / 1000));
  }

  now() {
    return this.clock.now();
  }

  /** lazily completes every operation whose time has come (no timers: deterministic per request sequence) */
  advance() {
    const now = this.now();
    const due = [...this.operations.values()].filter((o) => o.status === "InProgress" && o.doneAt <= now).sort((a, b) => a.doneAt - b.doneAt);
    for (const op of due) {
      op.status = op.outcome;
      op.endedAt = op.doneAt;
      op.complete(op.outcome === "Succeeded");
    }
  }

  runningOperation(clusterKey: string): OperationRecord | undefined {
    for (const o of this.operations.values()) if (o.clusterKey === clusterKey && o.status === "InProgress") return o;
    return undefined;
  }

  startOperation(init: { location: string; clusterKey: string; pool?: string; minutes: number; fail?: { code: string; message: string }; complete: (ok: boolean) => void }): OperationRecord {
    const now = this.now();
    const op: OperationRecord = {
      id: randomUUID(),
      location: init.location,
      startedAt: now,
      doneAt: now + init.minutes * MINUTE,
      outcome: init.fail ? "Failed" : "Succeeded",
      error: init.fail,
      status: "InProgress",
      clusterKey: init.clusterKey,
      pool: init.pool,
      complete: init.complete,
    };
    this.operations.set(op.id, op);
    return op;
  }

  etag() {
    return `"${randomUUID()}"`;
  }
}

// ------------------------------------------------------------------ wire views (ARM JSON)

export function clusterId(subscriptionId: string, c: Pick<ClusterRecord, "rg" | "name">) {
  // AKS answers with "resourcegroups" in lower case
  return `/subscriptions/${subscriptionId}/resourcegroups/${c.rg}/providers/Microsoft.ContainerService/managedClusters/${c.name}`;
}

function poolProperties(p: PoolRecord) {
  return {
    count: p.count,
    vmSize: p.vmSize,
    osDiskSizeGB: p.osDiskSizeGB,
    osDiskType: "Managed",
    kubeletDiskType: "OS",
    maxPods: p.maxPods,
    type: "VirtualMachineScaleSets",
    ...(p.availabilityZones ? { availabilityZones: p.availabilityZones } : {}),
    enableAutoScaling: p.enableAutoScaling,
    ...(p.enableAutoScaling ? { minCount: p.minCount, maxCount: p.maxCount } : {}),
    scaleDownMode: "Delete",
    provisioningState: p.provisioningState,
    powerState: { code: p.powerState },
    orchestratorVersion: p.orchestratorVersion,
    currentOrchestratorVersion: p.currentOrchestratorVersion,
    enableNodePublicIP: false,
    ...(p.nodeLabels ? { nodeLabels: p.nodeLabels } : {}),
    mode: p.mode,
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    osType: p.osType,
    osSKU: p.osSKU,
    nodeImageVersion: p.nodeImageVersion,
    upgradeSettings: { maxSurge: "10%" },
    enableFIPS: false,
    eTag: p.eTag,
  };
}

export function poolView(subscriptionId: string, c: ClusterRecord, p: PoolRecord) {
  return {
    id: `${clusterId(subscriptionId, c)}/agentPools/${p.name}`,
    name: p.name,
    type: "Microsoft.ContainerService/managedClusters/agentPools",
    properties: poolProperties(p),
  };
}

export function clusterView(state: AksState, c: ClusterRecord) {
  const iso = (t: number) => new Date(t).toISOString();
  return {
    id: clusterId(state.subscriptionId, c),
    location: c.location,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    tags: c.tags,
    sku: { name: "Base", tier: c.tier },
    kind: "Base",
    eTag: c.eTag,
    identity: { type: "SystemAssigned", principalId: c.resourceUID.slice(0, 36), tenantId: state.entra.config.tenantId },
    systemData: { createdBy: state.entra.config.clientId, createdByType: "Application", createdAt: iso(c.createdAt), lastModifiedBy: state.entra.config.clientId, lastModifiedByType: "Application", lastModifiedAt: iso(c.modifiedAt) },
    properties: {
      provisioningState: c.provisioningState,
      powerState: { code: c.powerState },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: c.currentKubernetesVersion,
      dnsPrefix: c.dnsPrefix,
      fqdn: c.fqdn,
      azurePortalFQDN: c.fqdn.replace(".hcp.", ".portal.hcp."),
      agentPoolProfiles: c.pools.map((p) => ({ name: p.name, ...poolProperties(p) })),
      nodeResourceGroup: `MC_${c.rg}_${c.name}_${c.location}`,
      enableRBAC: true,
      supportPlan: c.supportPlan,
      networkProfile: { networkPlugin: c.networkPlugin, networkPluginMode: c.networkPlugin === "azure" ? "overlay" : undefined, loadBalancerSku: "standard", podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10", outboundType: "loadBalancer", ipFamilies: ["IPv4"] },
      maxAgentPools: 100,
      autoUpgradeProfile: { upgradeChannel: "none", nodeOSUpgradeChannel: "NodeImage" },
      disableLocalAccounts: false,
      resourceUID: c.resourceUID,
      oidcIssuerProfile: { enabled: false },
    },
  };
}
