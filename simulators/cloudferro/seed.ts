/** Seed data for every region: version catalogue, machine specs and 10+ clusters in mixed states. */
import { DAY, MINUTE } from "../kit/clock";
import { clusterName, seedCount, SeededRandom } from "../kit/random";
import { DURATIONS, REGIONS } from "./config";
import type { RegionState, SimCluster, SimPool, SimSpec, SimVersion } from "./model";

const PET_ADJ = ["eccentric", "brave", "quiet", "lively", "sturdy", "nimble", "patient", "curious", "gentle", "bold", "clever", "swift"];
const PET_ANIMAL = ["salmon", "otter", "heron", "lynx", "badger", "marten", "puffin", "bison", "gecko", "walrus", "ibex", "sparrow"];

export function petName(rnd: SeededRandom): string {
  return `${rnd.pick(PET_ADJ)}-${rnd.pick(PET_ANIMAL)}`;
}

/** [version, eol offset from now in days, is_active] — one past-EOL but active, one inactive. */
const CATALOGUE: [string, number, boolean][] = [
  ["1.29.15", -330, false],
  ["1.30.10", -150, true],
  ["1.31.10", -20, true],
  ["1.32.6", 70, true],
  ["1.32.9", 70, true],
  ["1.33.5", 190, true],
  ["1.34.2", 310, true],
];

/** [name, cpu, memory MB, disk GB, active, tags, gpu] */
const SPECS: [string, number, number, number, boolean, string[], string][] = [
  ["eo2a.large", 2, 7632, 32, true, ["control-plane", "worker"], "NONE"],
  ["eo2a.xlarge", 4, 15264, 64, true, ["control-plane", "worker"], "NONE"],
  ["eo2a.2xlarge", 8, 30528, 128, true, ["control-plane", "worker"], "NONE"],
  ["eo2.large", 2, 7680, 32, false, ["control-plane", "worker"], "NONE"],
  ["hma.large", 8, 61440, 64, true, ["worker"], "NONE"],
  ["hma.2xlarge", 16, 122880, 128, true, ["worker"], "NONE"],
  ["vm.a6000.1", 12, 61440, 100, true, ["worker"], "A6000"],
  ["vm.l40s.2", 24, 122880, 200, true, ["worker"], "L40S"],
];

export function seedRegion(index: number, seed: string | number, now: number): RegionState {
  const def = REGIONS[index];
  const rnd = new SeededRandom(`${seed}:cloudferro:${def.name}`);
  const catalogueDay = now - 400 * DAY;
  const versions: SimVersion[] = CATALOGUE.map(([version, eolDays, isActive], i) => {
    const createdAt = catalogueDay + i * 40 * DAY + rnd.int(0, 86_399_999);
    return { id: rnd.uuid(), createdAt, updatedAt: isActive ? createdAt : createdAt + 200 * DAY, version, eol: startOfDay(now + eolDays * DAY) - 3_600_000, info: "", isActive };
  });
  const specs: SimSpec[] = SPECS.map(([name, cpu, memoryMb, diskGb, isActive, tags, gpu]) => {
    const createdAt = Math.floor((catalogueDay - rnd.int(30, 300) * DAY) / 1000) * 1000;
    return { id: rnd.uuid(), createdAt, updatedAt: createdAt + rnd.int(1, 200) * DAY + rnd.int(1, 999), name, cpu, memoryMb, diskGb, isActive, tags, gpu };
  });
  const region: RegionState = {
    name: def.name,
    index,
    prefix: def.prefix,
    ipPrefix: def.ipPrefix,
    regionId: rnd.uuid(),
    createdAt: Math.floor((now - 900 * DAY) / 1000) * 1000,
    versions,
    specs,
    clusters: new Map(),
  };

  const v = (s: string) => versions.find((x) => x.version === s)!;
  const spec = (s: string) => specs.find((x) => x.name === s)!;
  const runnable = ["1.30.10", "1.31.10", "1.32.6", "1.32.9", "1.33.5", "1.33.5", "1.34.2"];

  for (let k = 0; k < seedCount(def.clusters); k++) {
    const createdAt = now - rnd.int(20, 420) * DAY - rnd.int(0, 86_399_999);
    const c = newCluster(rnd, region, {
      name: clusterName(rnd, k + 1),
      createdAt,
      versionId: v(rnd.pick(runnable)).id,
      cpSize: rnd.pick([1, 3, 3, 3, 5]),
      cpSpecId: spec(rnd.pick(["eo2a.large", "eo2a.xlarge"])).id,
    });
    c.updatedAt = createdAt + rnd.int(10, 40) * DAY;
    seedPools(rnd, c, region, spec);
    seedState(k, rnd, c, region, now, v);
    region.clusters.set(c.id, c);
  }
  return region;
}

function startOfDay(ms: number): number {
  return ms - (ms % DAY);
}

export function newCluster(
  rnd: SeededRandom,
  region: RegionState,
  init: { name: string; createdAt: number; versionId: string; cpSize: number; cpSpecId: string },
): SimCluster {
  return {
    id: rnd.uuid(),
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
    name: init.name,
    status: "Running",
    cpSize: init.cpSize,
    cpSpecId: init.cpSpecId,
    cpName: petName(rnd),
    versionId: init.versionId,
    projectId: rnd.hex(32),
    errors: [],
    pools: [],
    serverIp: `${region.ipPrefix}.${rnd.int(2, 254)}`,
    routerIp: `${region.ipPrefix}.${rnd.int(2, 254)}`,
    kubeToken: rnd.hex(48),
    caData: Buffer.from(`-----BEGIN CERTIFICATE-----\n${rnd.hex(64)}\n-----END CERTIFICATE-----\n`).toString("base64"),
    counts: { pods: rnd.int(12, 240), services: rnd.int(3, 40), "deployments.apps": rnd.int(2, 60) },
    backups: [],
  };
}

export function newPool(
  rnd: SeededRandom,
  init: Pick<SimPool, "name" | "specId" | "autoscale" | "size" | "sizeMin" | "sizeMax" | "createdAt"> & Partial<Pick<SimPool, "labels" | "taints" | "sharedNetworks">>,
): SimPool {
  return {
    id: rnd.uuid(),
    updatedAt: init.createdAt,
    status: "Running",
    quantity: init.autoscale ? init.sizeMin : init.size,
    labels: [],
    taints: [],
    sharedNetworks: [],
    errors: [],
    ...init,
  };
}

function seedPools(rnd: SeededRandom, c: SimCluster, region: RegionState, spec: (n: string) => SimSpec) {
  const at = c.createdAt + rnd.int(1, 30) * MINUTE;
  const auto = rnd.chance(0.5);
  const min = rnd.int(1, 3);
  const size = rnd.int(2, 6);
  c.pools.push(
    newPool(rnd, {
      name: rnd.pick(["workers", "default-pool", "general"]),
      specId: spec(rnd.pick(["eo2a.xlarge", "eo2a.2xlarge"])).id,
      autoscale: auto,
      size,
      sizeMin: auto ? min : size,
      sizeMax: auto ? min + rnd.int(2, 8) : size,
      createdAt: at,
      labels: [{ key: "role", value: "general" }],
    }),
  );
  if (auto) c.pools[0].quantity = rnd.int(c.pools[0].sizeMin, c.pools[0].sizeMax);
  if (rnd.chance(0.35)) {
    const mn = rnd.int(1, 2);
    c.pools.push(newPool(rnd, { name: "highmem", specId: spec("hma.large").id, autoscale: true, size: mn, sizeMin: mn, sizeMax: mn + rnd.int(1, 4), createdAt: at + DAY }));
  }
  if (region.index !== 2 && rnd.chance(0.25)) {
    const n = rnd.int(1, 2);
    c.pools.push(
      newPool(rnd, {
        name: "gpu",
        specId: spec(rnd.pick(["vm.a6000.1", "vm.l40s.2"])).id,
        autoscale: false,
        size: n,
        sizeMin: n,
        sizeMax: n,
        createdAt: at + 2 * DAY,
        labels: [{ key: "accelerator", value: "nvidia" }],
        taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
      }),
    );
  }
  if (rnd.chance(0.2)) c.backupConfig = { enabled: true, schedule: "0 1 * * * *", ttl: "172800s", storage_endpoint: "https://s3.waw3-1.cloudferro.com", storage_access_key: rnd.hex(32), storage_secret_key: rnd.hex(32), storage_bucket: `${c.name}-backups`, should_backup_volumes: rnd.chance(0.5) };
  if (c.backupConfig) {
    for (let i = 0; i < 2; i++) {
      c.backups.push({ id: rnd.uuid(), name: `scheduled-${i}`, description: "scheduled backup", status: "Completed", size: rnd.int(5_000_000, 900_000_000), createdAt: c.createdAt + (i + 1) * DAY });
    }
  }
}

/** Guaranteed variety per region: a failed create, a mid-upgrade, a creating and a configuring cluster. */
function seedState(k: number, rnd: SeededRandom, c: SimCluster, region: RegionState, now: number, v: (s: string) => SimVersion) {
  if (k === 0) {
    c.status = "Error";
    c.createdAt = now - rnd.int(2, 9) * DAY;
    c.updatedAt = c.createdAt + 14 * MINUTE;
    for (const p of c.pools) p.status = "Error";
    c.errors.push(
      { msg: "creating control plane: waiting for OpenStack server: timeout after 10m0s", createdAt: c.createdAt + 11 * MINUTE },
      { msg: "Quota exceeded for instances: Requested 3, but already used 18 of 20 instances", createdAt: c.updatedAt },
    );
    c.counts = { pods: 0, services: 0, "deployments.apps": 0 };
  } else if (k === 1) {
    c.versionId = v("1.32.9").id;
    c.status = "Upgrading";
    const started = now - 6 * MINUTE;
    c.updatedAt = started;
    c.op = { kind: "upgrade", endsAt: started + DURATIONS.clusterUpgrade, targetVersionId: v("1.33.5").id };
    for (const p of c.pools) p.status = "Upgrading";
  } else if (k === 2) {
    c.createdAt = now - 4 * MINUTE;
    c.updatedAt = c.createdAt;
    c.versionId = v("1.34.2").id;
    c.status = "Creating";
    c.op = { kind: "create", endsAt: c.createdAt + DURATIONS.clusterCreate };
    for (const p of c.pools) {
      p.status = "Creating";
      p.createdAt = c.createdAt;
      p.updatedAt = c.createdAt;
      p.quantity = 0;
    }
    c.counts = { pods: 0, services: 0, "deployments.apps": 0 };
    c.backups = [];
    c.backupConfig = undefined;
  } else if (k === 3) {
    const pool = c.pools[0];
    const started = now - 1 * MINUTE;
    pool.status = "Scaling";
    pool.updatedAt = started;
    if (pool.autoscale) pool.sizeMax += 2;
    else pool.size += 1;
    c.status = "Configuring";
    c.updatedAt = started;
    c.op = { kind: "pool", poolOp: "scale", poolId: pool.id, endsAt: started + DURATIONS.poolScale, resume: "Running" };
  } else if (k === 4 && region.index === 0) {
    // failed upgrade: the cluster stays on its version, the node pools keep running
    c.versionId = v("1.31.10").id;
    c.status = "Error";
    c.updatedAt = now - 3 * DAY;
    c.errors.push({ msg: "upgrading node pool: draining node: cannot evict pod as it would violate the pod's disruption budget", createdAt: c.updatedAt });
  } else if (k === 4 && region.index === 2) {
    const started = now - 1 * MINUTE;
    c.status = "Deleting";
    c.updatedAt = started;
    c.op = { kind: "delete", endsAt: started + DURATIONS.clusterDelete };
    for (const p of c.pools) p.status = "Deleting";
  }
}
