import { migrationsFor, sizesFor } from "./catalog";
import type { SimCluster, SimIstioMesh, SimKeyset, SimMembership, SimNode, SimOrg, SimPool, SimSolution, SimTeam, SimUser, SimWorkspace } from "./model";
import type { NksState } from "./state";

/** Wire renderings of the records, field for field as in the SDK fixtures and DOCS examples. */

export const orgView = (o: SimOrg) => ({ ...o });

export function workspaceSummary(w: SimWorkspace) {
  return { pk: w.pk, name: w.name, slug: w.slug, org: w.org, is_default: w.is_default, created: w.created };
}

export function workspaceView(st: NksState, w: SimWorkspace) {
  return {
    pk: w.pk, name: w.name, slug: w.slug, org: w.org, is_default: w.is_default, is_pinned: w.is_pinned, created: w.created,
    clusters: [...st.clusters.values()].filter((c) => c.workspace === w.pk).map((c) => ({ pk: c.pk, name: c.name, provider: c.provider, state: c.state })),
    federations: [], user_solutions: [], team_workspaces: [],
  };
}

export function keysetView(k: SimKeyset) {
  return { ...k, keys: k.keys.map((x) => ({ ...x })), metadata: {} };
}

export function profileView(st: NksState, userPk: number) {
  const u = st.users.get(userPk)!;
  const memberships = st.memberships.filter((m) => m.user === userPk);
  return {
    pk: u.pk, username: u.username, email: u.email, first_name: u.first_name, last_name: u.last_name,
    full_name: `${u.first_name} ${u.last_name}`.trim(), date_joined: u.date_joined, is_oem_manager: false,
    lifetime_cluster_count: u.lifetime_cluster_count,
    org_memberships: memberships.map((m) => ({
      pk: m.pk, user: m.user, org: orgView(st.orgs.get(m.org)!), role: m.role, is_owner: m.role === "owner",
      is_manager: m.role !== "member", is_billing_manager: m.role === "owner", is_default: m.is_default, subscription: null, created: m.created,
    })),
    keysets: [...st.keysets.values()].filter((k) => k.user === userPk && memberships.some((m) => m.org === k.org)).map(keysetView),
    subscription: {
      pk: 1000 + u.pk, internal_id: `sub_${u.username}`, user: u.pk, state: "active", access_plan: "standard", support_plan: "basic",
      is_metered: true, is_active: true, is_exempt: false, account_balance: { total_due: 0, payment_required: false }, netapp_serial_number: "",
    },
  };
}

function solutionsBrief(st: NksState, c: SimCluster) {
  return [...st.solutions.values()].filter((s) => s.cluster === c.pk).map((s) => ({ pk: s.pk, name: s.name, solution: s.solution, state: s.state }));
}

/** version_migrations are offered only while the cluster is running [inferred] */
function migrations(c: SimCluster): string[] {
  return c.state === "running" && !c.is_failed ? migrationsFor(c.k8s_version) : [];
}

function counts(st: NksState, c: SimCluster) {
  const nodes = st.clusterNodes(c.pk);
  return { node_count: nodes.length, master_count: nodes.filter((n) => n.role === "master").length, worker_count: nodes.filter((n) => n.role === "worker").length };
}

export function clusterSummary(st: NksState, c: SimCluster) {
  return {
    pk: c.pk, instance_id: c.instance_id, name: c.name, org: c.org, provider: c.provider,
    workspace: workspaceSummary(st.workspaces.get(c.workspace)!), k8s_version: c.k8s_version, node_count: counts(st, c).node_count,
    etcd_type: c.etcd_type, platform: c.platform, channel: c.channel, region: c.region, zone: c.zone, state: c.state,
    solutions: solutionsBrief(st, c), is_failed: c.is_failed, federation_role: null, version_migrations: migrations(c),
    k8s_rbac_enabled: c.k8s_rbac_enabled,
  };
}

export function clusterFull(st: NksState, c: SimCluster) {
  const n = counts(st, c);
  const hasPools = st.clusterPools(c.pk).length > 0;
  return {
    pk: c.pk, name: c.name, org: c.org, site: c.site, workspace: workspaceSummary(st.workspaces.get(c.workspace)!), instance_id: c.instance_id,
    provider: c.provider, provider_keyset: c.provider_keyset, provider_keyset_name: c.provider_keyset_name,
    user_ssh_keyset: c.user_ssh_keyset, user_ssh_keyset_name: c.user_ssh_keyset_name, region: c.region, zone: c.zone,
    project_id: c.project_id, platform: c.platform, channel: c.channel, state: c.state, is_failed: c.is_failed, owner: c.owner,
    owner_detail: c.owner_detail, etcd_type: c.etcd_type, provider_network_id: c.provider_network_id,
    provider_network_cidr: c.provider_network_cidr, provider_subnet_id: c.provider_subnet_id, provider_subnet_cidr: c.provider_subnet_cidr,
    provider_balancer_id: c.provider_balancer_id, provider_resource_group: c.provider_resource_group,
    config: { is_service_cluster: c.is_service_cluster, enable_experimental_features: false }, layout: {}, features: [], follower: {},
    notified: c.notified, k8s_version: c.k8s_version, k8s_dashboard_enabled: c.k8s_dashboard_enabled,
    k8s_dashboard_installed: c.k8s_dashboard_installed, k8s_rbac_enabled: c.k8s_rbac_enabled, k8s_etcd_operator_installed: false,
    k8s_pod_cidr: c.k8s_pod_cidr, k8s_service_cidr: c.k8s_service_cidr, is_kubeconfig_available: c.is_kubeconfig_available,
    kubeconfig_path: `/orgs/${c.org}/clusters/${c.pk}/kubeconfig`, is_k8s_available: c.is_k8s_available,
    node_count: n.node_count, master_count: n.master_count, master_size: c.master_size, worker_count: n.worker_count,
    worker_size: hasPools ? "nodepool-dependent" : c.worker_size, master_root_disk_size: c.master_root_disk_size,
    worker_root_disk_size: c.worker_root_disk_size, min_node_count: c.min_node_count, max_node_count: c.max_node_count,
    network_components: c.network_components, federation_role: null, istio_mesh_member: null, k8s_etcd_cluster: null,
    is_etcd_host: false, image: c.image, version_migrations: migrations(c),
    solutions: [...st.solutions.values()].filter((s) => s.cluster === c.pk).map(solutionView),
    created: c.created, updated: c.updated,
  };
}

export function poolView(st: NksState, p: SimPool) {
  return {
    pk: p.pk, cluster: p.cluster, name: p.name, instance_id: p.instance_id, instance_size: p.instance_size, platform: p.platform,
    channel: p.channel, root_disk_size: p.root_disk_size, zone: p.zone, provider_subnet_id: p.provider_subnet_id,
    provider_subnet_cidr: p.provider_subnet_cidr, node_count: st.poolNodes(p.pk).length, autoscaled: p.autoscaled,
    min_count: p.min_count, max_count: p.max_count, network_components: [], gpu_instance_size: "", gpu_core_count: null,
    labels: p.labels, role: "worker", state: p.state, is_default: p.is_default, config: {}, created: p.created, updated: p.updated,
  };
}

export function nodeView(st: NksState, n: SimNode) {
  const pool = n.pool === null ? undefined : st.pools.get(n.pool);
  return {
    pk: n.pk, cluster: n.cluster, pool: n.pool, pool_name: pool?.name ?? "", instance_id: n.instance_id, provider_node_id: n.provider_node_id,
    role: n.role, group_name: n.group_name, private_ip: n.private_ip, public_ip: n.public_ip, platform: n.platform, image: n.image,
    channel: n.channel, etcd_state: n.etcd_state, root_disk_size: n.root_disk_size, gpu_instance_size: "", gpu_core_count: null,
    location: n.location, zone: n.zone, provider_subnet_id: n.provider_subnet_id, provider_subnet_cidr: n.provider_subnet_cidr,
    size: n.size, state: n.state, is_failed: n.is_failed, created: n.created, updated: n.updated,
  };
}

export function solutionView(s: SimSolution) {
  return {
    pk: s.pk, name: s.name, instance_id: s.instance_id, cluster: s.cluster, solution: s.solution, installer: s.installer, keyset: s.keyset,
    keyset_name: s.keyset_name, version: s.version, version_migrations: [], state: s.state, url: "", username: "", password: "",
    max_nodes: s.max_nodes, git_repo: "", git_path: "", initial: s.initial, config: {}, extra_data: {}, created: s.created,
    updated: s.updated, is_deleteable: s.solution !== "helm_tiller",
  };
}

export function machineSpecsView(provider: string) {
  const config: Record<string, { name: string; value: string; cpu: number; memory: number; gpu?: number }> = {};
  for (const s of sizesFor(provider)) config[s.name] = { name: s.name, value: s.name, cpu: s.cpu, memory: s.memory, ...(s.gpu ? { gpu: s.gpu } : {}) };
  return [{ name: "provider-instances", filters: { provider, gpuEnabled: true }, config }];
}

export function kubeconfigText(c: SimCluster): string {
  const server = `https://${c.instance_id}-api.nks-sim.local:6443`;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${c.instance_id}`,
    "  cluster:",
    `    server: ${server}`,
    "    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClNJTVVMQVRFRAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==",
    "contexts:",
    `- name: ${c.instance_id}`,
    "  context:",
    `    cluster: ${c.instance_id}`,
    `    user: ${c.instance_id}-admin`,
    `current-context: ${c.instance_id}`,
    "users:",
    `- name: ${c.instance_id}-admin`,
    "  user:",
    `    token: sim-${c.instance_id}-admin-token`,
    "",
  ].join("\n");
}

/** the user block of team memberships and org members (DOCS _teams.md, _members.md) */
export function userBrief(u: SimUser) {
  return { pk: u.pk, username: u.username, email: u.email, first_name: u.first_name, last_name: u.last_name, full_name: `${u.first_name} ${u.last_name}`.trim(), date_joined: u.date_joined };
}

export function teamView(st: NksState, t: SimTeam) {
  return {
    pk: t.pk, name: t.name, slug: t.slug, org: t.org, is_org_wide: t.is_org_wide, created: t.created,
    memberships: t.memberships.filter((m) => st.users.has(m.user)).map((m) => ({ pk: m.pk, user: userBrief(st.users.get(m.user)!), team: t.pk, created: m.created })),
  };
}

/** GET /orgs/{org}/members: the org membership with the user and their subscription (DOCS _members.md) */
export function memberView(st: NksState, m: SimMembership) {
  const u = st.users.get(m.user)!;
  return {
    pk: m.pk, user: userBrief(u), org: m.org, role: m.role, is_owner: m.role === "owner", is_manager: m.role !== "member", is_billing_manager: m.role === "owner",
    subscription: profileView(st, u.pk).subscription, is_default: m.is_default, created: m.created,
  };
}

export function istioMeshView(st: NksState, m: SimIstioMesh) {
  const ws = st.workspaces.get(m.workspace);
  return {
    pk: m.pk, name: m.name, mesh_type: m.mesh_type, org: m.org, workspace: ws ? workspaceSummary(ws) : null, state: m.state, config: {}, errors: {},
    members: m.members.map((x) => {
      const c = st.clusters.get(x.cluster);
      return {
        pk: x.pk, mesh: m.pk, gateway: "", role: x.role, state: x.state, config: {}, errors: {}, created: x.created, updated: x.updated,
        cluster: c ? { pk: c.pk, name: c.name, instance_id: c.instance_id, provider: c.provider, region: c.region, state: c.state } : { pk: x.cluster },
      };
    }),
    created: m.created, updated: m.updated,
  };
}
