import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { CHANNEL_CONFIGS, V, zonesOf, type Channel } from "./catalog";
import { key, type ClusterRecord, type ClusterStatus, type GkeState, type PoolRecord } from "./state";

/** seeded locations: three regions and one zone */
export const SEEDED_LOCATIONS = ["us-central1", "europe-west1", "asia-northeast1", "us-east1-b"];

const MACHINES = ["e2-standard-4", "e2-standard-8", "n2-standard-4", "n2-standard-8", "c3-standard-4"];

/** what a seeded cluster runs: its channel and control-plane version, with a mix of support states */
function pick(rnd: SeededRandom): { channel: Channel; version: string } {
  const r = rnd.next();
  if (r < 0.35) return { channel: "REGULAR", version: rnd.pick(CHANNEL_CONFIGS[1].validVersions) };
  if (r < 0.55) return { channel: "STABLE", version: rnd.pick(CHANNEL_CONFIGS[2].validVersions) };
  if (r < 0.7) return { channel: "RAPID", version: rnd.pick(CHANNEL_CONFIGS[0].validVersions) };
  if (r < 0.85) return { channel: "EXTENDED", version: rnd.pick([V["1.32"], V["1.33"], V["1.34a"], V["1.34"]]) };
  return { channel: "UNSPECIFIED", version: rnd.pick([V["1.35"], V["1.36"], V["1.35a"]]) };
}

function pool(state: GkeState, rnd: SeededRandom, name: string, zones: string[], version: string, perZone: number): PoolRecord {
  const auto = rnd.chance(0.3);
  return {
    name,
    machineType: rnd.pick(MACHINES),
    diskSizeGb: rnd.pick([100, 100, 200, 500]),
    imageType: "COS_CONTAINERD",
    initialNodeCount: perZone,
    sizePerZone: auto ? perZone + rnd.int(0, 2) : perZone,
    locations: zones,
    version,
    status: "RUNNING",
    autoscaling: auto ? { enabled: true, minNodeCount: 1, maxNodeCount: perZone + 4 } : undefined,
    igmSuffix: rnd.hex(8),
    etag: rnd.hex(8),
  };
}

/**
 * Fills `state` with 3-5 clusters per seeded location (SIM_SEED_SCALE multiplies), including one in
 * ERROR, one mid-upgrade (RECONCILING with a running UPGRADE_MASTER operation), one PROVISIONING,
 * one past the end of support without a channel and one on the Extended channel with lagging nodes.
 */
export function seed(state: GkeState, rnd: SeededRandom) {
  state.clusters.clear();
  state.operations.clear();
  state.failNextCreates = 0;
  const project = state.config.project;
  const now = state.clock.now();
  let index = 1;
  SEEDED_LOCATIONS.forEach((location, li) => {
    const zones = zonesOf(location)!;
    const count = seedCount(rnd.int(3, 5));
    for (let i = 0; i < count; i++) {
      let { channel, version } = pick(rnd);
      let status: ClusterStatus = "RUNNING";
      if (li === 0 && i === 0) status = "ERROR";
      if (li === 1 && i === 0) {
        channel = "UNSPECIFIED";
        version = V["1.31"];
      }
      if (li === 1 && i === 1) {
        channel = "EXTENDED";
        version = V["1.34a"];
      }
      const name = clusterName(rnd, index++).slice(0, 40);
      const pools: PoolRecord[] = [pool(state, rnd, "default-pool", zones, version, rnd.int(1, 3))];
      if (rnd.chance(0.5)) pools.push(pool(state, rnd, rnd.pick(["batch", "gpu-pool", "highmem", "spot-pool"]), zones, version, rnd.int(1, 4)));
      // nodes lag the control plane by two minors: the next control-plane upgrade must wait for them
      if (li === 1 && i === 1) pools[0].version = V["1.32"];
      const c: ClusterRecord & { project: string } = {
        project,
        id: rnd.hex(32),
        name,
        location,
        locations: zones,
        channel,
        initialClusterVersion: version,
        masterVersion: version,
        status,
        conditions: status === "ERROR" ? [{ code: "GCE_QUOTA_EXCEEDED", message: "Insufficient regional quota to satisfy request: resource \"CPUS\"." }] : [],
        statusMessage: status === "ERROR" ? "Insufficient regional quota to satisfy request: resource \"CPUS\"." : undefined,
        endpoint: `34.${rnd.int(64, 127)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
        createTime: now - rnd.int(5, 700) * DAY - rnd.int(0, 23) * HOUR,
        pools,
        clusterIpv4Cidr: `10.${rnd.int(0, 127)}.0.0/14`,
        servicesIpv4Cidr: `34.118.${rnd.int(224, 239)}.0/20`,
        labels: { env: name.split("-")[0], team: rnd.pick(["platform", "data", "web", "ml"]) },
        etag: rnd.hex(8),
      };
      if (status === "ERROR") for (const p of c.pools) p.status = "RUNNING_WITH_ERROR";
      state.clusters.set(key(project, location, name), c);
      if (li === 0 && i === 1) {
        // mid-upgrade: a control-plane upgrade to the next version of its channel, 6 hours of simulated time
        c.channel = "REGULAR";
        c.masterVersion = V["1.36a"];
        c.initialClusterVersion = V["1.36a"];
        for (const p of c.pools) p.version = V["1.36a"];
        c.status = "RECONCILING";
        state.startOperation({ project, location, type: "UPGRADE_MASTER", cluster: name, durationMs: 6 * HOUR, effect: () => ((c.masterVersion = V["1.37a"]), (c.status = "RUNNING")) });
      }
      if (li === 2 && i === 0) {
        c.status = "PROVISIONING";
        for (const p of c.pools) p.status = "PROVISIONING";
        c.createTime = now - 2 * MINUTE;
        state.startOperation({ project, location, type: "CREATE_CLUSTER", cluster: name, durationMs: 6 * MINUTE, effect: () => {
          c.status = "RUNNING";
          for (const p of c.pools) p.status = "RUNNING";
        } });
      }
    }
  });
}
