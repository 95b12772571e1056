import { MINUTE } from "@/simulators/kit/clock";
import { PROVIDERS, SOLUTIONS } from "./catalog";
import type { SimCluster, SimKeyset, SimNode, SimPool, SimUser } from "./model";
import { isoMicro, type NksState } from "./state";

/**
 * Lifecycles, timed after the one real AWS build log we have (SDK-mock buildlogs.json): network and
 * authorization checks in the first half minute, servers ~1m40s, node config ~3m30s, master config
 * ~1m10s, Helm Tiller afterwards. Cluster states: draft → building → running (or failed);
 * running → upgrading → running; → deleting → gone (404). [uncertain: only draft/running/failed are
 * confirmed strings; building/upgrading/deleting follow the node and pool vocabulary.]
 */
const SEC = 1000;
export const BUILD = {
  building: 20 * SEC,
  networkDone: 24 * SEC,
  authDone: 26 * SEC,
  serversDone: 2 * MINUTE + 10 * SEC,
  nodesConfigured: 5 * MINUTE + 40 * SEC,
  running: 6 * MINUTE + 50 * SEC,
  solutionsInstalled: 8 * MINUTE + 40 * SEC,
};
export const NODE = { building: 30 * SEC, provisioned: 2 * MINUTE, running: 5 * MINUTE, deleted: 2 * MINUTE, gone: 3 * MINUTE };
export const POOL = { active: 2 * MINUTE, deleted: 3 * MINUTE, gone: 4 * MINUTE };
export const UPGRADE_PER_NODE = 3 * MINUTE;
export const CLUSTER_DELETE = { nodesDeleted: 4 * MINUTE, gone: 6 * MINUTE };

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

export function shortId(st: NksState, prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 7; i++) s += ALNUM[Math.floor(st.rnd.next() * ALNUM.length)];
  return s;
}

export interface NewCluster {
  org: number;
  workspace: number;
  owner: SimUser;
  name: string;
  provider: string;
  keyset: SimKeyset | null;
  sshKeyset: SimKeyset | null;
  region: string;
  zone: string;
  projectId: string;
  platform: string;
  channel: string;
  version: string;
  masterSize: string;
  /** 0 for managed control planes (eks, aks) */
  masterCount: number;
  workerSize: string;
  workerCount: number;
  etcdType: string;
  rbac: boolean;
  dashboard: boolean;
  podCidr: string;
  serviceCidr: string;
  network: { networkId: string | null; networkCidr: string | null; subnetId: string | null; subnetCidr: string | null; resourceGroup: string | null };
  minNodeCount: number;
  maxNodeCount: number;
  networkComponents: unknown[];
  solutions: { solution: string; keyset?: number | null; max_nodes?: number | null }[];
  isServiceCluster: boolean;
  rootDiskSize: number;
}

export function createCluster(st: NksState, spec: NewCluster, at: number, fail: boolean): SimCluster {
  const pk = st.nextId("cluster", 310);
  const ts = isoMicro(at);
  const c: SimCluster = {
    pk, name: spec.name, org: spec.org, site: 1, workspace: spec.workspace, instance_id: shortId(st, "spc"),
    provider: spec.provider, provider_keyset: spec.keyset?.pk ?? null, provider_keyset_name: spec.keyset?.name ?? "",
    user_ssh_keyset: spec.sshKeyset?.pk ?? null, user_ssh_keyset_name: spec.sshKeyset?.name ?? "",
    region: spec.region, zone: spec.zone, project_id: spec.projectId, platform: spec.platform, channel: spec.channel,
    image: PROVIDERS[spec.provider]?.image(spec.platform, spec.channel) ?? "", state: "draft", is_failed: false,
    owner: spec.owner.pk, owner_detail: spec.owner.email, etcd_type: spec.etcdType,
    provider_network_id: spec.network.networkId, provider_network_cidr: spec.network.networkCidr,
    provider_subnet_id: spec.network.subnetId, provider_subnet_cidr: spec.network.subnetCidr,
    provider_balancer_id: null, provider_resource_group: spec.network.resourceGroup, is_service_cluster: spec.isServiceCluster,
    notified: false, created: ts, updated: ts, k8s_version: spec.version, k8s_dashboard_enabled: spec.dashboard,
    k8s_dashboard_installed: false, k8s_rbac_enabled: spec.rbac, k8s_pod_cidr: spec.podCidr, k8s_service_cidr: spec.serviceCidr,
    is_kubeconfig_available: false, is_k8s_available: false, master_size: spec.masterSize, worker_size: spec.workerSize,
    master_root_disk_size: spec.rootDiskSize, worker_root_disk_size: spec.rootDiskSize, min_node_count: spec.minNodeCount,
    max_node_count: spec.maxNodeCount, network_components: spec.networkComponents, poolSeq: 0, masterSeq: 0, workerSeq: 0,
  };
  st.clusters.set(pk, c);
  spec.owner.lifetime_cluster_count++;

  const pool = newPool(st, c, { name: "Default Worker Pool", size: spec.workerSize, isDefault: true, rootDisk: spec.rootDiskSize }, at);
  const nodes: SimNode[] = [];
  for (let i = 0; i < spec.masterCount; i++) nodes.push(newNode(st, c, null, "master", spec.masterSize, at));
  for (let i = 0; i < spec.workerCount; i++) nodes.push(newNode(st, c, pool, "worker", spec.workerSize, at));
  const firstMaster = nodes.find((n) => n.role === "master");
  if (firstMaster) firstMaster.initial = true;

  const wanted = [{ solution: "helm_tiller" }, ...spec.solutions.filter((s) => s.solution !== "helm_tiller")];
  for (const s of wanted) {
    const info = SOLUTIONS[s.solution];
    const sol = {
      pk: st.nextId("solution", 901), name: info?.name ?? s.solution, instance_id: shortId(st, "sol"), cluster: pk, solution: s.solution,
      installer: info?.installer ?? "ansible_helm", keyset: s.keyset ?? null, keyset_name: "", version: "latest", state: "draft",
      max_nodes: s.max_nodes ?? null, initial: true, created: ts, updated: ts,
    };
    st.solutions.set(sol.pk, sol);
  }
  scheduleBuild(st, c, pool, nodes, at, fail);
  return c;
}

function touch(c: { updated: string }, at: number) {
  c.updated = isoMicro(at);
}

function scheduleBuild(st: NksState, c: SimCluster, pool: SimPool, nodes: SimNode[], t0: number, fail: boolean) {
  const key = `cluster:${c.pk}:build`;
  const live = () => st.clusters.get(c.pk) === c && c.state !== "deleting";
  const step = (offset: number, fn: (at: number) => void) => st.schedule(t0 + offset, key, (at) => live() && fn(at));
  step(BUILD.building, (at) => {
    c.state = "building";
    touch(c, at);
    st.log(c.pk, at, "provider", "cloud_network", "started", "Tagging network resources", c.provider);
  });
  step(BUILD.networkDone, (at) => {
    st.log(c.pk, at, "provider", "cloud_network", "success", "Network resources tagged", c.provider);
    st.log(c.pk, at, "provider", "cloud_authorization", "started", "Checking cloud provider authorization", c.provider);
  });
  step(BUILD.authDone, (at) => {
    st.log(c.pk, at, "provider", "cloud_authorization", "success", "Cloud provider authorization verified", c.provider);
    st.log(c.pk, at, "provider", "provider_build", "started", "Provisioning servers", c.provider);
    for (const n of nodes) setNode(n, "building", at);
  });
  step(BUILD.serversDone, (at) => {
    if (fail) {
      st.log(c.pk, at, "provider", "provider_build", "failure", "Failed to provision servers", c.provider, `${c.provider}: instance limit exceeded in ${c.region} while creating ${c.instance_id}-worker-1`);
      c.state = "failed";
      c.is_failed = true;
      touch(c, at);
      pool.state = "failed";
      touch(pool, at);
      for (const n of nodes) {
        setNode(n, "failed", at);
        n.is_failed = true;
      }
      st.cancel(key);
      return;
    }
    st.log(c.pk, at, "provider", "provider_build", "success", "Successfully provisioned servers", c.provider);
    st.log(c.pk, at, "kubernetes", "k8s_node_config", "started", "Configuring Kubernetes nodes", "kubernetes");
    for (const n of nodes) provision(st, c, n, at);
    pool.state = "active";
    touch(pool, at);
  });
  step(BUILD.nodesConfigured, (at) => {
    st.log(c.pk, at, "kubernetes", "k8s_node_config", "success", "Kubernetes nodes configured", "kubernetes");
    st.log(c.pk, at, "kubernetes", "k8s_master_config", "started", "Configuring Kubernetes master", "kubernetes");
  });
  step(BUILD.running, (at) => {
    st.log(c.pk, at, "kubernetes", "k8s_master_config", "success", "Kubernetes master configured", "kubernetes");
    for (const n of nodes) setNode(n, "running", at);
    c.state = "running";
    c.is_k8s_available = true;
    c.is_kubeconfig_available = true;
    c.k8s_dashboard_installed = c.k8s_dashboard_enabled;
    touch(c, at);
    for (const s of st.solutions.values()) if (s.cluster === c.pk && s.state === "draft") st.log(c.pk, at, "solution", "solution_install", "started", `Installing ${s.name}`, s.solution);
  });
  step(BUILD.solutionsInstalled, (at) => {
    for (const s of st.solutions.values()) {
      if (s.cluster !== c.pk || s.state !== "draft") continue;
      s.state = "installed";
      touch(s, at);
      st.log(c.pk, at, "solution", "solution_install", "success", `${s.name} installed`, s.solution);
    }
  });
}

function setNode(n: SimNode, state: string, at: number) {
  n.state = state;
  touch(n, at);
}

function provision(st: NksState, c: SimCluster, n: SimNode, at: number) {
  const r = st.rnd;
  n.private_ip = `10.0.${r.int(1, 3)}.${r.int(4, 250)}`;
  n.public_ip = c.provider === "eks" || c.provider === "aks" ? "" : `${r.pick([3, 18, 34, 35, 52, 104, 138, 159])}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)}`;
  n.provider_node_id =
    c.provider === "aws" || c.provider === "eks" ? `i-0${r.hex(16)}` :
    c.provider === "do" ? String(r.int(100_000_000, 199_999_999)) :
    c.provider === "packet" ? r.uuid() : n.instance_id;
  setNode(n, "provisioned", at);
}

export function newPool(st: NksState, c: SimCluster, o: { name: string; size: string; isDefault: boolean; rootDisk: number | null; zone?: string; subnetId?: string; subnetCidr?: string }, at: number): SimPool {
  c.poolSeq++;
  const ts = isoMicro(at);
  const pool: SimPool = {
    pk: st.nextId("pool", 620), cluster: c.pk, name: o.name, instance_id: `${c.instance_id}-pool-${c.poolSeq}`, instance_size: o.size,
    platform: c.platform, channel: c.channel, root_disk_size: o.rootDisk, zone: o.zone ?? c.zone,
    provider_subnet_id: o.subnetId ?? (c.provider_subnet_id === "__new__" ? `subnet-0${st.rnd.hex(8)}` : c.provider_subnet_id ?? ""),
    provider_subnet_cidr: o.subnetCidr ?? c.provider_subnet_cidr ?? "", autoscaled: false, min_count: 0, max_count: 0, labels: "",
    state: "draft", is_default: o.isDefault, created: ts, updated: ts,
  };
  st.pools.set(pool.pk, pool);
  return pool;
}

export function newNode(st: NksState, c: SimCluster, pool: SimPool | null, role: "master" | "worker", size: string, at: number): SimNode {
  const seq = role === "master" ? ++c.masterSeq : ++c.workerSeq;
  const ts = isoMicro(at);
  const zone = pool?.zone || c.zone;
  const n: SimNode = {
    pk: st.nextId("node", 7001), cluster: c.pk, pool: pool?.pk ?? null, instance_id: `${c.instance_id}-${role}-${seq}`, provider_node_id: "",
    role, group_name: pool ? `autoscaling-${pool.instance_id}` : "", private_ip: "", public_ip: "", platform: c.platform, image: c.image,
    channel: c.channel, etcd_state: role === "master" ? "kube_etcd" : "none", root_disk_size: pool?.root_disk_size ?? c.worker_root_disk_size,
    location: c.provider === "aws" ? `${c.region}:${zone}` : c.region, zone, provider_subnet_id: pool?.provider_subnet_id ?? c.provider_subnet_id ?? "",
    provider_subnet_cidr: pool?.provider_subnet_cidr ?? c.provider_subnet_cidr ?? "", size, state: "draft", is_failed: false,
    created: ts, updated: ts, initial: false,
  };
  st.nodes.set(n.pk, n);
  return n;
}

/** nodes added to a running cluster: draft → building → provisioned → running */
export function addNodes(st: NksState, c: SimCluster, pool: SimPool | null, role: "master" | "worker", size: string, count: number, at: number): SimNode[] {
  const out: SimNode[] = [];
  for (let i = 0; i < count; i++) {
    const n = newNode(st, c, pool, role, size, at);
    const key = `cluster:${c.pk}:node:${n.pk}`;
    const alive = () => st.nodes.get(n.pk) === n && n.state !== "deleting" && n.state !== "deleted";
    st.schedule(at + NODE.building, key, (t) => alive() && setNode(n, "building", t));
    st.schedule(at + NODE.provisioned, key, (t) => alive() && provision(st, c, n, t));
    st.schedule(at + NODE.running, key, (t) => alive() && setNode(n, "running", t));
    out.push(n);
  }
  return out;
}

/** a new pool turns active before its nodes are running (TF note) */
export function createPool(st: NksState, c: SimCluster, o: { name: string; size: string; count: number; rootDisk: number | null; zone?: string; subnetId?: string; subnetCidr?: string }, at: number): SimPool {
  const pool = newPool(st, c, { ...o, isDefault: false }, at);
  addNodes(st, c, pool, "worker", o.size, o.count, at);
  st.schedule(at + POOL.active, `cluster:${c.pk}:pool:${pool.pk}`, (t) => {
    if (st.pools.get(pool.pk) !== pool || pool.state !== "draft") return;
    pool.state = "active";
    touch(pool, t);
  });
  return pool;
}

export function deleteNode(st: NksState, c: SimCluster, n: SimNode, at: number) {
  st.cancel(`cluster:${c.pk}:node:${n.pk}`);
  setNode(n, "deleting", at);
  const key = `cluster:${c.pk}:node:${n.pk}:delete`;
  st.schedule(at + NODE.deleted, key, (t) => setNode(n, "deleted", t));
  st.schedule(at + NODE.gone, key, () => st.nodes.delete(n.pk));
}

export function deletePool(st: NksState, c: SimCluster, pool: SimPool, at: number) {
  st.cancel(`cluster:${c.pk}:pool:${pool.pk}`);
  pool.state = "deleting";
  touch(pool, at);
  for (const n of st.poolNodes(pool.pk)) {
    st.cancel(`cluster:${c.pk}:node:${n.pk}`);
    setNode(n, "deleting", at);
  }
  const key = `cluster:${c.pk}:pool:${pool.pk}:delete`;
  st.schedule(at + POOL.deleted, key, (t) => {
    pool.state = "deleted";
    touch(pool, t);
    for (const n of st.poolNodes(pool.pk, true)) setNode(n, "deleted", t);
  });
  st.schedule(at + POOL.gone, key, () => {
    st.pools.delete(pool.pk);
    for (const n of st.poolNodes(pool.pk, true)) st.nodes.delete(n.pk);
  });
}

/** rolling upgrade, masters first, one node at a time */
export function startUpgrade(st: NksState, c: SimCluster, target: string, at: number) {
  const from = c.k8s_version;
  c.state = "upgrading";
  touch(c, at);
  st.log(c.pk, at, "kubernetes", "k8s_upgrade", "started", `Upgrading Kubernetes from ${from} to ${target}`, "kubernetes");
  const nodes = st.clusterNodes(c.pk).sort((a, b) => (a.role === b.role ? a.pk - b.pk : a.role === "master" ? -1 : 1));
  const key = `cluster:${c.pk}:upgrade`;
  nodes.forEach((n, i) => {
    st.schedule(at + (i + 1) * UPGRADE_PER_NODE, key, (t) => {
      if (st.nodes.get(n.pk) === n) st.log(c.pk, t, "kubernetes", "k8s_node_upgrade", "success", `Upgraded ${n.instance_id} to ${target}`, "kubernetes");
    });
  });
  st.schedule(at + Math.max(1, nodes.length) * UPGRADE_PER_NODE + MINUTE, key, (t) => {
    if (st.clusters.get(c.pk) !== c || c.state !== "upgrading") return;
    c.k8s_version = target;
    c.state = "running";
    touch(c, t);
    st.log(c.pk, t, "kubernetes", "k8s_upgrade", "success", `Kubernetes upgraded to ${target}`, "kubernetes");
  });
}

export function startDelete(st: NksState, c: SimCluster, at: number) {
  st.cancel(`cluster:${c.pk}:`);
  c.state = "deleting";
  touch(c, at);
  st.log(c.pk, at, "provider", "provider_teardown", "started", "Deleting cluster resources", c.provider);
  for (const n of st.clusterNodes(c.pk)) setNode(n, "deleting", at);
  for (const p of st.clusterPools(c.pk)) {
    p.state = "deleting";
    touch(p, at);
  }
  const key = `cluster:${c.pk}:delete`;
  st.schedule(at + CLUSTER_DELETE.nodesDeleted, key, (t) => {
    for (const n of st.clusterNodes(c.pk, true)) setNode(n, "deleted", t);
  });
  st.schedule(at + CLUSTER_DELETE.gone, key, () => st.purgeCluster(c.pk));
}
