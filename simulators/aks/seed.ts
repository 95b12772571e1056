import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { LOCATIONS, MINORS, resolveVersion } from "./catalog";
import { key, type AksState, type ClusterRecord, type PoolRecord } from "./state";

export const RESOURCE_GROUPS: { name: string; location: string }[] = [
  { name: "rg-platform-prod", location: "westeurope" },
  { name: "rg-data-eastus", location: "eastus" },
  { name: "rg-ml-training", location: "swedencentral" },
  { name: "rg-dev-sandbox", location: "northeurope" },
];

/** out of support (1.30: past its LTS end), LTS-only (1.31, 1.32), then community-supported minors */
function pickVersion(rnd: SeededRandom): string {
  const r = rnd.next();
  const minor = r < 0.08 ? "1.30" : r < 0.16 ? "1.31" : r < 0.24 ? "1.32" : r < 0.36 ? "1.33" : r < 0.58 ? "1.34" : r < 0.85 ? "1.35" : "1.36";
  if (minor === "1.30") return "1.30.14";
  const m = MINORS.find((x) => x.minor === minor)!;
  return rnd.pick(m.patches);
}

function pool(rnd: SeededRandom, state: AksState, name: string, mode: "System" | "User", version: string, vmSize: string): PoolRecord {
  const auto = mode === "User" && rnd.chance(0.5);
  const count = mode === "System" ? rnd.int(1, 3) : rnd.int(2, 12);
  return {
    name,
    count,
    vmSize,
    mode,
    osType: "Linux",
    osSKU: rnd.chance(0.3) ? "AzureLinux" : "Ubuntu",
    osDiskSizeGB: 128,
    maxPods: mode === "System" ? 110 : 250,
    orchestratorVersion: version,
    currentOrchestratorVersion: version,
    enableAutoScaling: auto,
    ...(auto ? { minCount: Math.max(1, count - 2), maxCount: count + 8 } : {}),
    availabilityZones: ["1", "2", "3"],
    provisioningState: "Succeeded",
    powerState: "Running",
    nodeImageVersion: `AKSUbuntu-2204gen2containerd-202611.${String(rnd.int(1, 27)).padStart(2, "0")}.0`,
    eTag: state.etag(),
  };
}

/**
 * Four resource groups and 12–16 clusters (× SIM_SEED_SCALE) across locations, with every state:
 * Failed, Upgrading, Scaling, Creating, a stopped one, out-of-support and LTS versions.
 */
export function seed(state: AksState, rnd: SeededRandom) {
  state.clusters.clear();
  state.operations.clear();
  state.resourceGroups.clear();
  state.failNextCreates = 0;
  for (const g of RESOURCE_GROUPS) state.resourceGroups.set(g.name.toLowerCase(), g);
  const now = state.now();
  const total = seedCount(rnd.int(12, 16));
  for (let i = 0; i < total; i++) {
    const group = RESOURCE_GROUPS[i % RESOURCE_GROUPS.length];
    const location = rnd.chance(0.7) ? group.location : rnd.pick(LOCATIONS);
    const name = clusterName(rnd, i + 1);
    let version = pickVersion(rnd);
    if (i === 0) version = "1.35.1";
    if (i === 1) version = "1.34.3";
    const minor = version.split(".").slice(0, 2).join(".");
    const lts = minor === "1.31" || minor === "1.32" || (minor === "1.30" && false);
    const createdAt = now - rnd.int(3, 600) * DAY - rnd.int(0, 23) * HOUR;
    const dnsPrefix = `${name}-dns`;
    const pools = [pool(rnd, state, "system", "System", version, "Standard_D4s_v5")];
    const userPools = rnd.int(0, 2);
    for (let u = 0; u < userPools; u++) pools.push(pool(rnd, state, u === 0 ? "apps" : "batch", "User", version, rnd.pick(["Standard_D8s_v5", "Standard_E8s_v5", "Standard_F8s_v2", "Standard_NC24ads_A100_v4"])));
    const c: ClusterRecord = {
      rg: group.name,
      name,
      location,
      tags: { env: name.split("-")[0], owner: rnd.pick(["platform", "data", "ml", "web"]) },
      tier: lts ? "Premium" : rnd.chance(0.5) ? "Standard" : "Free",
      supportPlan: lts ? "AKSLongTermSupport" : "KubernetesOfficial",
      kubernetesVersion: rnd.chance(0.5) ? minor : version,
      currentKubernetesVersion: version,
      dnsPrefix,
      fqdn: `${dnsPrefix}-${rnd.hex(8)}.hcp.${location}.azmk8s.io`,
      provisioningState: "Succeeded",
      powerState: "Running",
      pools,
      networkPlugin: rnd.chance(0.8) ? "azure" : "kubenet",
      createdAt,
      modifiedAt: createdAt + rnd.int(0, 60) * DAY,
      resourceUID: rnd.hex(24),
      eTag: state.etag(),
    };
    state.clusters.set(key(c.rg, c.name), c);
    const k = key(c.rg, c.name);
    // deterministic special cases so every demo shows every state
    if (i === 2) {
      c.provisioningState = "Failed";
      for (const p of c.pools) p.provisioningState = "Failed";
    }
    if (i === 3) {
      // mid-upgrade to the next offered patch/minor
      const target = resolveVersion(nextMinor(minor)) ?? version;
      c.provisioningState = "Upgrading";
      c.kubernetesVersion = target;
      for (const p of c.pools) p.provisioningState = "Upgrading";
      state.startOperation({ location, clusterKey: k, minutes: 25, complete: (ok) => {
        if (ok) {
          c.currentKubernetesVersion = target;
          for (const p of c.pools) { p.orchestratorVersion = target; p.currentOrchestratorVersion = target; p.provisioningState = "Succeeded"; }
        }
        c.provisioningState = ok ? "Succeeded" : "Failed";
      } });
    }
    if (i === 4) {
      c.provisioningState = "Scaling";
      const p = c.pools[0];
      p.provisioningState = "Scaling";
      p.count += 1;
      state.startOperation({ location, clusterKey: k, minutes: 12, complete: () => { c.provisioningState = "Succeeded"; p.provisioningState = "Succeeded"; } });
    }
    if (i === 5) {
      c.provisioningState = "Creating";
      c.createdAt = now - 3 * MINUTE;
      for (const p of c.pools) p.provisioningState = "Creating";
      state.startOperation({ location, clusterKey: k, minutes: 9, complete: () => { c.provisioningState = "Succeeded"; for (const p of c.pools) p.provisioningState = "Succeeded"; } });
    }
    if (i === 6) {
      c.powerState = "Stopped";
      for (const p of c.pools) p.powerState = "Stopped";
    }
  }
}

function nextMinor(minor: string): string {
  const [a, b] = minor.split(".").map(Number);
  return `${a}.${b + 1}`;
}
