/**
 * What NetApp's NKS Go SDK (github.com/NetApp/nks-sdk-go, v2.0.11) checks in its live suite
 * (`NKS_TEST_ENV=live`, nks/*_test.go), translated into our own words so CI holds the simulator to it
 * without the SDK. Requests are sent the way the SDK sends them: `Authorization: Bearer`, its
 * User-Agent and `Content-Type: application/json` on every call, and the JSON its Go structs encode
 * (zero values included: `"pk":0`, `"created":"0001-01-01T00:00:00Z"`, empty strings). Each answer
 * must have the exact status the SDK insists on (`WantedStatus`) and decode into its structs. The run
 * of the real suite against this simulator is recorded in docs/providers/nks.md §12.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE, SimClock } from "@/simulators/kit/clock";
import { NO_FAULTS } from "@/simulators/kit/faults";
import { startSimulator, type RunningSimulator } from "@/simulators/kit/server";
import { simulator } from "@/simulators/nks";

// raw wire JSON is checked field by field below
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TOKEN = simulator.credentialsFromEnv({} as NodeJS.ProcessEnv).token;
const GO_ZERO_TIME = "0001-01-01T00:00:00Z";
let sim: RunningSimulator;

beforeAll(async () => {
  const clock = new SimClock(1);
  sim = await startSimulator(simulator.create({ clock, seed: "sdk", credentials: { token: TOKEN } }), clock, { port: 0, seed: "sdk", faults: NO_FAULTS });
});
afterAll(() => sim?.close());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
});

/** one SDK request (nks/client.go runRequest): the same headers on every method */
async function sdk(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "User-Agent": "NetApp Kubernetes Service Go SDK v2.0.11", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
const advance = (ms: number) => fetch(`${sim.url}/__sim/clock`, { method: "POST", body: JSON.stringify({ advanceMs: ms }) });

// the seeded org the suite runs in (NKS_ORG_ID) and its keysets (NKS_SSH_KEYSET, NKS_AWS_KEYSET, NKS_GCE_KEYSET, NKS_AZR_KEYSET)
const ORG = 41;
async function keysetIds() {
  const list: Json[] = (await sdk("GET", `/orgs/${ORG}/keysets`)).json;
  const id = (pred: (k: Json) => boolean) => list.find(pred)!.pk as number;
  return { ssh: id((k) => k.category === "user_ssh"), aws: id((k) => k.entity === "aws"), gce: id((k) => k.entity === "gce"), azure: id((k) => k.entity === "azure") };
}

/** the JSON the SDK's Cluster struct encodes for its live tests' clusters (nks/*_test.go) */
function sdkCluster(over: { name: string; provider: string; region: string; zone?: string; size: string; version: string; keyset: number; ssh: number; platform?: string; channel?: string; resourceGroup?: string; network?: [string, string] }) {
  const [net, sub] = over.network ?? ["172.23.0.0/16", "172.23.1.0/24"];
  return {
    pk: 0, name: over.name, org: 0, instance_id: "", provider: over.provider, provider_keyset: over.keyset, provider_keyset_name: "",
    ...(over.resourceGroup ? { provider_resource_group: over.resourceGroup } : {}),
    provider_network_id: "__new__", provider_network_cidr: net, provider_subnet_id: "__new__", provider_subnet_cidr: sub,
    region: over.region, ...(over.zone ? { zone: over.zone } : {}), config: { is_service_cluster: false, enable_experimental_features: false }, is_failed: false,
    workspace: { pk: 0, name: "", slug: "", org: 0, is_default: false, created: GO_ZERO_TIME, clusters: null, user_solutions: null, team_workspaces: null, federations: null },
    owner: 0, k8s_version: over.version, k8s_pod_cidr: "10.2.0.0", k8s_service_cidr: "10.3.0.0", created: GO_ZERO_TIME, updated: GO_ZERO_TIME,
    k8s_dashboard_enabled: true, k8s_dashboard_installed: false, kubeconfig_path: "", k8s_rbac_enabled: true, master_count: 1, worker_count: 2,
    master_size: over.size, worker_size: over.size, node_count: 0, max_node_count: 0, min_node_count: 0, etcd_type: "classic",
    platform: over.platform ?? "coreos", image: "", channel: over.channel ?? "stable", user_ssh_keyset: over.ssh,
    solutions: [{ pk: 0, name: "", instance_id: "", solution: "helm_tiller", installer: "", is_deleteable: false, created: GO_ZERO_TIME, updated: GO_ZERO_TIME }],
    network_components: [], version_migrations: null,
  };
}

/** create (200) and wait for running as WaitClusterRunning does (no provider_build failure, is_failed false) */
async function runningCluster(body: Json) {
  const created = await sdk("POST", `/orgs/${ORG}/clusters`, body);
  expect(created.status, created.text).toBe(200);
  await advance(10 * MINUTE);
  const c = (await sdk("GET", `/orgs/${ORG}/clusters/${created.json.pk}`)).json;
  expect(c).toMatchObject({ state: "running", is_failed: false });
  return created.json.pk as number;
}
async function deleteAndWaitGone(path: string) {
  expect((await sdk("DELETE", path)).status).toBe(204);
  await advance(10 * MINUTE);
  expect((await sdk("GET", path)).status).toBe(404);
}

const PUBLIC_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDEczCuelSiAKEaFSqwbATfT5maHp0naAx+4/u2L7ZGEmzM1fy5KEMkqraiZxVi9urpaZaenWyUsHi7lKt+QGGeuVM8+pnXxJMJ/frro+LNg5Bm/fWgUK/YHxecasu+suz+BTGHQP3uZv0WnPJrtE3aUOR6UhMJyO5bKTuERblgR2jfSrdxURLQrvniUPTCYMuBhLm3nJ/hkhg0fFZCc9meJCoCCppXxhLpexGPLSwweHA90++QaMeYVEL5WN8253JU/EBJsr6v1psWoYefGwAzn+LwANL8Q5eGrqMmHxEQhVCPPniqP38bx/PeRt1QRMCA3VaXaOi3FAgg5Xu90dY5 sdk-live@clusterdeck\n";
const md5Fingerprint = (blob: string) => createHash("md5").update(Buffer.from(blob, "base64")).digest("hex").match(/../g)!.join(":");

describe("keysets (SDK keysets_test.go; item 1)", () => {
  const keyset = (name: string, category: string, entity: string, keys: { key_type: string; key: string }[]) => ({
    name, pk: 0, category, entity, org: 0, workspaces: [], user: 0, is_default: false, keys: keys.map((k) => ({ pk: 0, ...k, fingerprint: "", user: 0 })), created: "",
  });

  it("takes an SSH public key as its raw text (what the SDK sends) and as base64 (what the API docs show)", async () => {
    const raw = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("Test Go SDK 1", "user_ssh", "", [{ key_type: "pub", key: PUBLIC_KEY }]));
    expect(raw.status, raw.text).toBe(201);
    expect(raw.json).toMatchObject({ name: "Test Go SDK 1", category: "user_ssh", org: ORG });
    expect(raw.json.keys[0]).toMatchObject({ key_type: "pub", fingerprint: md5Fingerprint(PUBLIC_KEY.split(" ")[1]) });
    expect(raw.json.keys[0]).not.toHaveProperty("key");
    const b64 = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("Test Go SDK 2", "user_ssh", "", [{ key_type: "pub", key: Buffer.from(PUBLIC_KEY).toString("base64") }]));
    expect(b64.status, b64.text).toBe(201);
    expect(b64.json.keys[0].fingerprint).toBe(raw.json.keys[0].fingerprint);

    const listed: Json[] = (await sdk("GET", `/orgs/${ORG}/keysets`)).json;
    expect(listed.find((k) => k.pk === raw.json.pk)?.name).toBe("Test Go SDK 1");
    expect((await sdk("GET", `/orgs/${ORG}/keysets/${raw.json.pk}`)).json.name).toBe("Test Go SDK 1");
    expect((await sdk("DELETE", `/orgs/${ORG}/keysets/${raw.json.pk}`)).status).toBe(204);
    expect((await sdk("GET", `/orgs/${ORG}/keysets/${raw.json.pk}`)).status).toBe(404);
  });

  it("takes cloud credentials as raw provider JSON or base64, and names a key that is neither", async () => {
    const gce = JSON.stringify({ type: "service_account", project_id: "sdk-test", private_key_id: "0123", client_email: "sdk@sdk-test.iam.gserviceaccount.com" });
    const rawJson = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("GCE raw", "provider", "gce", [{ key_type: "other", key: gce }]));
    expect(rawJson.status, rawJson.text).toBe(201);
    const b64 = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("GCE b64", "provider", "gce", [{ key_type: "other", key: Buffer.from(gce).toString("base64") }]));
    expect(b64.status, b64.text).toBe(201);
    const bad = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("bad ssh", "user_ssh", "", [{ key_type: "pub", key: "not a key" }]));
    expect(bad.status).toBe(400);
    expect(bad.json.keys[0]).toMatch(/public key/i);
    const empty = await sdk("POST", `/orgs/${ORG}/keysets`, keyset("empty", "provider", "aws", [{ key_type: "pub", key: "" }]));
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.json)).toEqual(["keys"]);
  });
});

describe("catalogues (SDK mach_specs_test.go, on_premises_config_test.go, node-pool and cluster tests; items 3, 5)", () => {
  it("serves each provider's instance catalogue as the SDK's GetInstanceSpecs reads it", async () => {
    for (const provider of ["aws", "gce", "azure"]) {
      const res = await sdk("GET", `/meta/provider-instances?provider=${provider}`);
      expect(res.status).toBe(200);
      const config = res.json[0].config;
      expect(Object.keys(config).length).toBeGreaterThan(10);
      for (const spec of Object.values(config) as Json[]) expect(spec).toMatchObject({ cpu: expect.any(Number), memory: expect.any(Number), name: expect.any(String) });
    }
  });

  it("knows every region and size the SDK's tests and fixtures use", async () => {
    const aws = (await sdk("GET", "/meta/provider-instances?provider=aws")).json[0].config;
    for (const size of ["t2.medium", "m3.large", "m4.2xlarge", "m5.24xlarge", "c4.8xlarge", "p2.16xlarge", "r4.4xlarge"]) expect(aws).toHaveProperty([size]);
    const ids = await keysetIds();
    for (const [region, zone] of [["eu-west-2", "eu-west-2a"], ["eu-west-3", "eu-west-3a"], ["eu-west-1", "eu-west-1b"], ["us-west-2", "us-west-2a"], ["eu-north-1", "eu-north-1a"], ["ap-northeast-1", "ap-northeast-1c"]]) {
      const res = await sdk("POST", `/orgs/${ORG}/clusters`, sdkCluster({ name: `regions ${region}`, provider: "aws", region, zone, size: "t2.medium", version: "v1.15.5", keyset: ids.aws, ssh: ids.ssh }));
      expect(res.status, `${region}: ${res.text}`).toBe(200);
    }
  });

  it("answers /meta/on-premises-config in the shape of the SDK's OnPremisesConfig: name, filters {version, patch}, config", async () => {
    const all = await sdk("GET", "/meta/on-premises-config");
    expect(all.status).toBe(200);
    expect(all.json.length).toBeGreaterThan(1);
    for (const c of all.json) {
      expect(c).toMatchObject({ name: expect.any(String), filters: { version: expect.stringMatching(/^v\d+\.\d+$/), patch: expect.any(Number) }, config: { Provider: "hci" } });
      expect(c.config.Configuration.Cluster).toMatchObject({ MasterCount: expect.any(Number), KubernetesVersion: expect.any(String) });
    }
    const v12 = await sdk("GET", "/meta/on-premises-config?version=v1.2");
    expect(v12.status).toBe(200);
    expect(v12.json.length).toBeGreaterThan(0);
    expect(v12.json.every((c: Json) => c.filters.version === "v1.2")).toBe(true);
    expect((await sdk("GET", "/meta/on-premises-config?version=v9.9")).json).toEqual([]);
  });
});

describe("historical Kubernetes versions (SDK cluster, node, node-pool, build-log and solution tests; item 6)", () => {
  it("creates clusters with v1.15.5 and v1.13.1, offered although past end of life, and offers no downgrade", async () => {
    const ids = await keysetIds();
    for (const version of ["v1.15.5", "v1.13.1"]) {
      const res = await sdk("POST", `/orgs/${ORG}/clusters`, sdkCluster({ name: `hist ${version}`, provider: "aws", region: "eu-west-3", zone: "eu-west-3a", size: "t2.medium", version, keyset: ids.aws, ssh: ids.ssh }));
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ k8s_version: version, state: "draft" });
    }
    const bad = await sdk("POST", `/orgs/${ORG}/clusters`, sdkCluster({ name: "never", provider: "aws", region: "eu-west-3", zone: "eu-west-3a", size: "t2.medium", version: "v1.11.0", keyset: ids.aws, ssh: ids.ssh }));
    expect(bad.json).toEqual({ k8s_version: ['"v1.11.0" is not a valid choice.'] });
  });
});

describe("the SDK's live flows (items 2, 4, 6)", () => {
  it("cluster: aws, azure and gce clusters build to running, list, get and delete to 404 (cluster_test.go)", async () => {
    const ids = await keysetIds();
    const bodies = [
      sdkCluster({ name: "Test AWS Cluster Go SDK 1", provider: "aws", region: "eu-west-3", zone: "eu-west-3a", size: "t2.medium", version: "v1.15.5", keyset: ids.aws, ssh: ids.ssh }),
      sdkCluster({ name: "Test Azure Cluster Go SDK 1", provider: "azure", region: "eastus", size: "standard_d2s_v3", version: "v1.15.5", keyset: ids.azure, ssh: ids.ssh, resourceGroup: "__new__", network: ["10.0.0.0/16", "10.0.0.0/24"] }),
      sdkCluster({ name: "Test GCE Cluster Go SDK 1", provider: "gce", region: "us-east1-c", size: "n1-standard-1", version: "v1.15.5", keyset: ids.gce, ssh: ids.ssh }),
    ];
    const created = await Promise.all(bodies.map((b) => sdk("POST", `/orgs/${ORG}/clusters`, b)));
    for (const c of created) expect(c.status, c.text).toBe(200);
    await advance(10 * MINUTE);
    const list: Json[] = (await sdk("GET", `/orgs/${ORG}/clusters`)).json;
    for (const c of created) expect(list.find((x) => x.pk === c.json.pk)).toMatchObject({ state: "running", is_failed: false });
    for (const c of created) await deleteAndWaitGone(`/orgs/${ORG}/clusters/${c.json.pk}`);
  });

  it("build logs: a v1.13.1 cluster has build-log events (buildlogs_test.go)", async () => {
    const ids = await keysetIds();
    const id = await runningCluster(sdkCluster({ name: "Test AWS Cluster Go SDK bl", provider: "aws", region: "eu-west-3", zone: "eu-west-3a", size: "t2.medium", version: "v1.13.1", keyset: ids.aws, ssh: ids.ssh }));
    const logs = await sdk("GET", `/orgs/${ORG}/clusters/${id}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.json.length).toBeGreaterThan(0);
    await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}`);
  });

  it("nodes: a master added with add_node (201) makes 4 nodes; it is deleted to 404 (nodes_test.go)", async () => {
    const ids = await keysetIds();
    const id = await runningCluster(sdkCluster({ name: "Test AWS Cluster Go SDK nodes", provider: "aws", region: "eu-west-3", zone: "eu-west-3a", size: "t2.medium", version: "v1.15.5", keyset: ids.aws, ssh: ids.ssh }));
    const added = await sdk("POST", `/orgs/${ORG}/clusters/${id}/add_node`, { size: "t2.medium", node_count: 1, role: "master", zone: "eu-west-3a", provider_subnet_id: "__new__", provider_subnet_cidr: "172.23.1.0/24", root_disk_size: 50 });
    expect(added.status, added.text).toBe(201);
    const node = added.json[0].pk;
    await advance(10 * MINUTE);
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodes/${node}`)).json).toMatchObject({ pk: node, state: "running" });
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodes`)).json).toHaveLength(4);
    await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}/nodes/${node}`);
    await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}`);
  });

  it("node pools: an eu-west-2 cluster gets a second pool (202), a node added to it (201), then pool and cluster are deleted (nodepools_test.go)", async () => {
    const ids = await keysetIds();
    const id = await runningCluster(sdkCluster({ name: "Test AWS Cluster Go SDK np", provider: "aws", region: "eu-west-2", zone: "eu-west-2a", size: "t2.medium", version: "v1.15.5", keyset: ids.aws, ssh: ids.ssh }));
    const pool = await sdk("POST", `/orgs/${ORG}/clusters/${id}/nodepools`, {
      pk: 0, name: "test sdk np", cluster: 0, instance_id: "", instance_size: "t2.medium", autoscaled: false, zone: "eu-west-2a", provider_subnet_id: "__new__",
      provider_subnet_cidr: "172.23.4.0/24", node_count: 1, platform: "coreos", channel: "", is_default: false, created: GO_ZERO_TIME, updated: GO_ZERO_TIME, deleted: GO_ZERO_TIME,
    });
    expect(pool.status, pool.text).toBe(202);
    await advance(10 * MINUTE);
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodepools`)).json).toHaveLength(2);
    const added = await sdk("POST", `/orgs/${ORG}/clusters/${id}/nodepools/${pool.json.pk}/add`, { node_count: 1, node_pool: 0, role: "worker" });
    expect(added.status, added.text).toBe(201);
    await advance(10 * MINUTE);
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodes/${added.json[0].pk}`)).json.state).toBe("running");
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodepools/${pool.json.pk}`)).json.pk).toBe(pool.json.pk);
    const inPool = ((await sdk("GET", `/orgs/${ORG}/clusters/${id}/nodes`)).json as Json[]).filter((n) => n.pool === pool.json.pk);
    expect(inPool).toHaveLength(2);
    for (const n of inPool) expect((await sdk("DELETE", `/orgs/${ORG}/clusters/${id}/nodes/${n.pk}`)).status).toBe(204);
    await advance(10 * MINUTE);
    expect((await sdk("DELETE", `/orgs/${ORG}/clusters/${id}/nodepools/${pool.json.pk}`)).status).toBe(204);
    await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}`);
  });

  it("solutions: haproxy added after Helm Tiller is listed first, installs, and is deleted to 404 (solutions_test.go)", async () => {
    const ids = await keysetIds();
    const id = await runningCluster(sdkCluster({ name: "Test AWS Cluster Go SDK sol", provider: "aws", region: "eu-west-1", zone: "eu-west-1b", size: "t2.medium", version: "v1.13.1", keyset: ids.aws, ssh: ids.ssh }));
    const added = await sdk("POST", `/orgs/${ORG}/clusters/${id}/solutions`, { pk: 0, name: "", instance_id: "", solution: "haproxy", installer: "", state: "draft", is_deleteable: false, created: GO_ZERO_TIME, updated: GO_ZERO_TIME });
    expect(added.status, added.text).toBe(201);
    await advance(5 * MINUTE);
    const list: Json[] = (await sdk("GET", `/orgs/${ORG}/clusters/${id}/solutions`)).json;
    expect(list.map((s) => [s.solution, s.state])).toEqual([["haproxy", "installed"], ["helm_tiller", "installed"]]);
    expect((await sdk("DELETE", `/orgs/${ORG}/clusters/${id}/solutions/${added.json.pk}`)).status).toBe(202);
    await advance(5 * MINUTE);
    expect((await sdk("GET", `/orgs/${ORG}/clusters/${id}/solutions/${added.json.pk}`)).status).toBe(404);
    await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}`);
  });

  it("teams: create (201) from the SDK's zero-valued struct, list, get, delete (204) (teams_test.go)", async () => {
    const created = await sdk("POST", `/orgs/${ORG}/teams`, { pk: 0, name: "Test Go SDK1", slug: "", org: 0, is_org_wide: false, created: GO_ZERO_TIME, memberships: [] });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ name: "Test Go SDK1", slug: "test-go-sdk1", org: ORG, is_org_wide: false, memberships: [] });
    expect(((await sdk("GET", `/orgs/${ORG}/teams`)).json as Json[]).map((t) => t.pk)).toContain(created.json.pk);
    const me = (await sdk("GET", "/userprofile")).json[0];
    const patched = await sdk("PATCH", `/orgs/${ORG}/teams/${created.json.pk}`, { memberships: [{ user: me.pk }] });
    expect(patched.json.memberships).toEqual([{ pk: expect.any(Number), user: { pk: me.pk, username: me.username, email: me.email, first_name: me.first_name, last_name: me.last_name, full_name: me.full_name, date_joined: me.date_joined }, team: created.json.pk, created: expect.any(String) }]);
    expect((await sdk("GET", `/orgs/${ORG}/teams/${created.json.pk}`)).json.name).toBe("Test Go SDK1");
    expect((await sdk("DELETE", `/orgs/${ORG}/teams/${created.json.pk}`)).status).toBe(204);
    expect((await sdk("GET", `/orgs/${ORG}/teams/${created.json.pk}`)).status).toBe(404);
    const members: Json[] = (await sdk("GET", `/orgs/${ORG}/members`)).json;
    expect(members.find((m) => m.user.pk === me.pk)).toMatchObject({ org: ORG, role: "owner", is_owner: true });
  });

  it("teams and meshes name what is wrong with a request (4xx with field errors)", async () => {
    const everyone: Json[] = (await sdk("GET", `/orgs/${ORG}/teams`)).json;
    expect(everyone[0]).toMatchObject({ name: "Everyone", slug: "everyone", is_org_wide: true });
    expect(everyone[0].memberships.length).toBeGreaterThan(0);
    expect((await sdk("POST", `/orgs/${ORG}/teams`, { name: "Everyone" })).json).toEqual({ name: ["A team with this name already exists."] });
    expect((await sdk("POST", `/orgs/${ORG}/teams`, { name: "x", memberships: [{ user: 999 }] })).json).toEqual({ memberships: ['Invalid pk "999" - object does not exist.'] });
    expect((await sdk("POST", `/orgs/${ORG}/teams`, {})).json).toEqual({ name: ["This field is required."] });
    expect((await sdk("POST", `/orgs/${ORG}/teams`, { name: "t".repeat(129) })).json).toEqual({ name: ["Ensure this field has no more than 128 characters."] });
    const ws = ((await sdk("GET", `/orgs/${ORG}/workspaces`)).json as Json[]).find((w) => w.is_default).pk;
    const bad = await sdk("POST", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`, { name: "m", mesh_type: "star", members: [{ cluster: 999999, role: "host" }] });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ mesh_type: ['"star" is not a valid choice.'], members: ['Invalid pk "999999" - object does not exist.'] });
    expect((await sdk("POST", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`, { name: "m", mesh_type: "cross_cluster" })).json).toEqual({ members: ["This field is required."] });
    expect((await sdk("GET", `/orgs/${ORG}/workspaces/999999/istio-meshes`)).status).toBe(404);
    expect((await sdk("DELETE", `/orgs/${ORG}/istio-meshes/999999`)).status).toBe(404);
    const huge = await sdk("POST", `/orgs/${ORG}/keysets`, { name: "huge", category: "provider", entity: "gce", keys: [{ key_type: "other", key: "x".repeat(70_000) }] });
    expect(huge.status).toBe(400);
    expect(huge.json.keys[0]).toMatch(/longer than/);
  });

  it("istio meshes: two v1.15.5 clusters with Istio form a cross-cluster mesh that turns active, is listed and deleted to gone (istio_meshes_test.go)", async () => {
    const ids = await keysetIds();
    const clusters: number[] = [];
    for (const n of ["1", "2"]) {
      const id = await runningCluster(sdkCluster({ name: `Test AWS Cluster Go SDK ${n}`, provider: "aws", region: "us-west-2", zone: "us-west-2a", size: "t2.medium", version: "v1.15.5", keyset: ids.aws, ssh: ids.ssh, platform: "ubuntu", channel: "18.04-lts" }));
      const sol = await sdk("POST", `/orgs/${ORG}/clusters/${id}/solutions`, { pk: 0, name: "", instance_id: "", solution: "istio", installer: "", state: "draft", is_deleteable: false, created: GO_ZERO_TIME, updated: GO_ZERO_TIME });
      expect(sol.status, sol.text).toBe(201);
      clusters.push(id);
    }
    const ws = ((await sdk("GET", `/orgs/${ORG}/workspaces`)).json as Json[]).find((w) => w.is_default).pk;
    const body = { name: "Test AWS Istio Mesh Go SDK", mesh_type: "cross_cluster", members: [{ role: "host", cluster: clusters[0] }, { role: "guest", cluster: clusters[1] }], workspace: ws };
    const early = await sdk("POST", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`, body);
    expect(early.status).toBe(400);
    expect(early.json.members.join(" ")).toMatch(/istio/);
    await advance(5 * MINUTE);
    const mesh = await sdk("POST", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`, body);
    expect(mesh.status, mesh.text).toBe(201);
    expect(mesh.json).toMatchObject({ name: body.name, mesh_type: "cross_cluster", org: ORG, workspace: { pk: ws, is_default: true }, state: "pending" });
    expect(mesh.json.members.map((m: Json) => [m.cluster.pk, m.role])).toEqual([[clusters[0], "host"], [clusters[1], "guest"]]);
    await advance(5 * MINUTE);
    const listed: Json[] = (await sdk("GET", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`)).json;
    expect(listed.find((m) => m.pk === mesh.json.pk)?.state).toBe("active");
    expect((await sdk("DELETE", `/orgs/${ORG}/istio-meshes/${mesh.json.pk}`)).status).toBe(204);
    await advance(5 * MINUTE);
    expect(((await sdk("GET", `/orgs/${ORG}/workspaces/${ws}/istio-meshes`)).json as Json[]).some((m) => m.pk === mesh.json.pk)).toBe(false);
    for (const id of clusters) await deleteAndWaitGone(`/orgs/${ORG}/clusters/${id}`);
  });

  it("workspaces: create (201) keeps the slug the SDK sends, list, get, delete (204) (workspace_test.go)", async () => {
    const created = await sdk("POST", `/orgs/${ORG}/workspaces`, { pk: 0, name: "Test Go SDK1", slug: "test_go_sdk_1", org: ORG, is_default: false, created: GO_ZERO_TIME, clusters: null, user_solutions: null, team_workspaces: [], federations: null });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ name: "Test Go SDK1", slug: "test_go_sdk_1" });
    expect((await sdk("GET", `/orgs/${ORG}/workspaces/${created.json.pk}`)).json.name).toBe("Test Go SDK1");
    expect((await sdk("DELETE", `/orgs/${ORG}/workspaces/${created.json.pk}`)).status).toBe(204);
  });
});
