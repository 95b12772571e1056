/** In-memory records of the simulated NKS. Field names are the wire names; views.ts renders them. */

export interface SimUser {
  pk: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  date_joined: string;
  lifetime_cluster_count: number;
}

export interface SimOrg {
  pk: number;
  name: string;
  slug: string;
  logo: string | null;
  enable_experimental_features: boolean;
  created: string;
  updated: string;
}

export interface SimMembership {
  pk: number;
  user: number;
  org: number;
  role: "owner" | "admin" | "member";
  is_default: boolean;
  created: string;
}

export interface SimWorkspace {
  pk: number;
  name: string;
  slug: string;
  org: number;
  is_default: boolean;
  is_pinned: boolean;
  created: string;
}

export interface SimKey {
  pk: number;
  keyset: number;
  key_type: string;
  fingerprint: string;
  user: number;
}

export interface SimKeyset {
  pk: number;
  name: string;
  category: string;
  entity: string;
  org: number;
  workspaces: number[];
  user: number;
  is_default: boolean;
  keys: SimKey[];
  created: string;
}

export interface SimCluster {
  pk: number;
  name: string;
  org: number;
  site: number;
  workspace: number;
  instance_id: string;
  provider: string;
  provider_keyset: number | null;
  provider_keyset_name: string;
  user_ssh_keyset: number | null;
  user_ssh_keyset_name: string;
  region: string;
  zone: string;
  project_id: string;
  platform: string;
  channel: string;
  image: string;
  state: string;
  is_failed: boolean;
  owner: number;
  owner_detail: string;
  etcd_type: string;
  provider_network_id: string | null;
  provider_network_cidr: string | null;
  provider_subnet_id: string | null;
  provider_subnet_cidr: string | null;
  provider_balancer_id: string | null;
  provider_resource_group: string | null;
  is_service_cluster: boolean;
  notified: boolean;
  created: string;
  updated: string;
  k8s_version: string;
  k8s_dashboard_enabled: boolean;
  k8s_dashboard_installed: boolean;
  k8s_rbac_enabled: boolean;
  k8s_pod_cidr: string;
  k8s_service_cidr: string;
  is_kubeconfig_available: boolean;
  is_k8s_available: boolean;
  master_size: string;
  worker_size: string;
  master_root_disk_size: number;
  worker_root_disk_size: number;
  min_node_count: number;
  max_node_count: number;
  network_components: unknown[];
  /** pool instance_id counters */
  poolSeq: number;
  masterSeq: number;
  workerSeq: number;
}

export interface SimPool {
  pk: number;
  cluster: number;
  name: string;
  instance_id: string;
  instance_size: string;
  platform: string;
  channel: string;
  root_disk_size: number | null;
  zone: string;
  provider_subnet_id: string;
  provider_subnet_cidr: string;
  autoscaled: boolean;
  min_count: number;
  max_count: number;
  labels: string;
  state: string;
  is_default: boolean;
  created: string;
  updated: string;
}

export interface SimNode {
  pk: number;
  cluster: number;
  pool: number | null;
  instance_id: string;
  provider_node_id: string;
  role: "master" | "worker";
  group_name: string;
  private_ip: string;
  public_ip: string;
  platform: string;
  image: string;
  channel: string;
  etcd_state: string;
  root_disk_size: number;
  location: string;
  zone: string;
  provider_subnet_id: string;
  provider_subnet_cidr: string;
  size: string;
  state: string;
  is_failed: boolean;
  created: string;
  updated: string;
  /** the cluster's first master: can_delete refuses it */
  initial: boolean;
}

export interface SimSolution {
  pk: number;
  name: string;
  instance_id: string;
  cluster: number;
  solution: string;
  installer: string;
  keyset: number | null;
  keyset_name: string;
  version: string;
  state: string;
  max_nodes: number | null;
  initial: boolean;
  created: string;
  updated: string;
}

export interface SimLog {
  pk: number;
  cluster: number;
  event_category: string;
  event_type: string;
  event_state: string;
  message: string;
  details: string;
  reference: string;
  created: string;
}

/** A team of an organization (DOCS _teams.md; SDK nks/teams.go) */
export interface SimTeam {
  pk: number;
  name: string;
  slug: string;
  org: number;
  is_org_wide: boolean;
  created: string;
  memberships: { pk: number; user: number; created: string }[];
}

/** An Istio mesh joining clusters of one workspace (SDK nks/istio_meshes.go; SDK-mock istiomesh(es).json) */
export interface SimIstioMesh {
  pk: number;
  name: string;
  mesh_type: string;
  org: number;
  workspace: number;
  state: string;
  members: { pk: number; cluster: number; role: string; state: string; created: string; updated: string }[];
  created: string;
  updated: string;
}
