import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { PROVIDERS, VERSIONS, sizesFor } from "./catalog";
import { createCluster, createPool, startDelete, startUpgrade, type NewCluster } from "./lifecycle";
import type { SimKeyset, SimOrg, SimUser } from "./model";
import { isoMicro, type NksState } from "./state";

/** A second user (owner of "Globex Corp") so tests can see org isolation (404 for orgs one cannot see). */
export const OTHER_USER_TOKEN = "nks-globex-token-fedcba9876543210";

const ORGS = [
  { pk: 41, name: "Acme Platform", role: "owner", isDefault: true, clusters: 18, user: "demo" },
  { pk: 42, name: "Acme Research", role: "owner", isDefault: false, clusters: 12, user: "demo" },
  // the demo user is only an admin here: the API refuses non-owners (DOCS _basics.md) → 403
  { pk: 57, name: "Partner Labs", role: "admin", isDefault: false, clusters: 6, user: "demo" },
  { pk: 99, name: "Globex Corp", role: "owner", isDefault: true, clusters: 4, user: "globex" },
] as const;

const PROVIDER_MIX = ["aws", "aws", "aws", "gce", "gce", "azure", "do", "gke", "eks", "aks"];
// mostly recent versions, a tail of past-EOL ones as in any real fleet
const VERSION_MIX = ["v1.33.7", "v1.34.2", "v1.34.5", "v1.34.5", "v1.35.1", "v1.35.4", "v1.35.4", "v1.36.0", "v1.36.2", "v1.36.2", "v1.32.9", "v1.37.0"];

export function seed(st: NksState, rnd: SeededRandom, token: string) {
  st.clear();
  const now = st.now();
  const user = (pk: number, username: string, email: string, first: string, last: string): SimUser => {
    const u = { pk, username, email, first_name: first, last_name: last, date_joined: isoMicro(now - 900 * DAY), lifetime_cluster_count: 0 };
    st.users.set(pk, u);
    return u;
  };
  const users = { demo: user(5, "dana.ops", "ops@example.com", "Dana", "Ops"), globex: user(6, "globex-admin", "admin@globex.example", "Glen", "Bex") };
  st.tokens.set(token, 5);
  st.tokens.set(OTHER_USER_TOKEN, 6);

  const orgs: { org: SimOrg; spec: (typeof ORGS)[number]; owner: SimUser; ws: number[]; keysets: SimKeyset[]; ssh: SimKeyset }[] = [];
  for (const spec of ORGS) {
    const created = isoMicro(now - 700 * DAY + spec.pk * HOUR);
    const org: SimOrg = { pk: spec.pk, name: spec.name, slug: spec.name.toLowerCase().replace(/\s+/g, "-"), logo: null, enable_experimental_features: false, created, updated: created };
    st.orgs.set(org.pk, org);
    const member = users[spec.user];
    st.memberships.push({ pk: st.nextId("membership", 301), user: member.pk, org: org.pk, role: spec.role, is_default: spec.isDefault, created });
    // every org has an owner; Partner Labs' owner is someone else
    if (spec.role !== "owner") st.memberships.push({ pk: st.nextId("membership", 301), user: users.globex.pk, org: org.pk, role: "owner", is_default: false, created });
    const ws = [st.nextId("workspace", 52)];
    st.workspaces.set(ws[0], { pk: ws[0], name: "Default", slug: "default", org: org.pk, is_default: true, is_pinned: false, created });
    if (spec.pk === 41) {
      ws.push(st.nextId("workspace", 52));
      st.workspaces.set(ws[1], { pk: ws[1], name: "Data Platform", slug: "data-platform", org: org.pk, is_default: false, is_pinned: true, created });
    }
    const keyset = (name: string, category: string, entity: string, keyTypes: string[], isDefault = false): SimKeyset => {
      const pk = st.nextId("keyset", 12);
      const k: SimKeyset = {
        pk, name, category, entity, org: org.pk, workspaces: [], user: member.pk, is_default: isDefault, created,
        keys: keyTypes.map((t) => ({ pk: st.nextId("key", 30), keyset: pk, key_type: t, fingerprint: t === "pub" && category === "user_ssh" ? fingerprint(rnd) : "", user: member.pk })),
      };
      st.keysets.set(pk, k);
      return k;
    };
    const keysets = [
      keyset("AWS creds", "provider", "aws", ["pub", "pvt"]),
      keyset("GCE creds", "provider", "gce", ["other"]),
      keyset("Azure creds", "provider", "azure", ["subscription", "tenant", "pub", "pvt"]),
      keyset("DigitalOcean token", "provider", "do", ["token"]),
    ];
    const ssh = keyset("Default SSH Keypair", "user_ssh", "", ["pub"], true);
    // every org has its org-wide "Everyone" team holding all members (DOCS _teams.md example)
    const team = st.nextId("team", 12160);
    const members = st.memberships.filter((m) => m.org === org.pk);
    st.teams.set(team, { pk: team, name: "Everyone", slug: "everyone", org: org.pk, is_org_wide: true, created, memberships: members.map((m) => ({ pk: st.nextId("team-membership", 7001), user: m.user, created })) });
    orgs.push({ org, spec, owner: spec.role === "owner" ? member : users.globex, ws, keysets, ssh });
  }

  const specFor = (o: (typeof orgs)[number], name: string, provider: string, version: string, workers: number, masters: number): NewCluster => {
    const info = PROVIDERS[provider];
    const region = rnd.pick(info.regions);
    const sizes = sizesFor(provider).map((s) => s.name);
    const hasNetwork = provider === "aws" || provider === "azure" || provider === "eks" || provider === "aks";
    const platform = info.defaultPlatform;
    return {
      org: o.org.pk, workspace: rnd.chance(0.8) ? o.ws[0] : o.ws[o.ws.length - 1], owner: o.owner, name, provider,
      keyset: o.keysets.find((k) => info.keysetEntities.includes(k.entity)) ?? null, sshKeyset: o.ssh, region,
      zone: info.zoneSuffixes ? `${region}${rnd.pick(info.zoneSuffixes)}` : "", projectId: "", platform,
      channel: info.platforms[platform][0], version, masterSize: info.selfHostedMasters ? sizes[rnd.int(0, 2)] : "", masterCount: info.selfHostedMasters ? masters : 0,
      workerSize: sizes[rnd.int(0, Math.min(5, sizes.length - 1))], workerCount: workers, etcdType: "classic", rbac: true, dashboard: rnd.chance(0.7),
      podCidr: "10.2.0.0/16", serviceCidr: "10.3.0.0/24",
      network: {
        networkId: hasNetwork ? `vpc-0${rnd.hex(16)}` : null, networkCidr: hasNetwork ? "10.0.0.0/16" : null,
        subnetId: hasNetwork ? `subnet-0${rnd.hex(16)}` : null, subnetCidr: hasNetwork ? "10.0.1.0/24" : null,
        resourceGroup: provider === "azure" || provider === "aks" ? `${name}-rg` : null,
      },
      minNodeCount: provider === "eks" ? 2 : 0, maxNodeCount: provider === "eks" ? 10 : 0, networkComponents: [],
      solutions: rnd.chance(0.3) ? [{ solution: rnd.pick(["prometheus", "efk", "haproxy"]) }] : [], isServiceCluster: false, rootDiskSize: 50,
    };
  };

  const after: (() => void)[] = [];
  for (const o of orgs) {
    const used = new Set<string>();
    for (let i = 0; i < seedCount(o.spec.clusters); i++) {
      let name = clusterName(rnd, i + 1);
      while (used.has(name)) name = `${name}-b`;
      used.add(name);
      const provider = rnd.pick(PROVIDER_MIX);
      const workers = rnd.int(2, 9);
      const masters = name.startsWith("prod") && PROVIDERS[provider].selfHostedMasters ? 3 : 1;
      // the first clusters of each owned org are the interesting ones: failed, mid-upgrade, building, deleting
      const role = o.spec.role === "owner" ? i : 99;
      if (role === 0) {
        createCluster(st, specFor(o, name, "aws", "v1.36.0", 3, 1), now - 2 * DAY - rnd.int(0, 600) * MINUTE, true);
        continue;
      }
      if (role === 2 && o.spec.pk === 41) {
        createCluster(st, specFor(o, name, "gce", "v1.36.2", 2, 1), now - 3 * MINUTE, false);
        continue;
      }
      const version = role === 1 ? "v1.35.1" : rnd.pick(VERSION_MIX);
      const created = now - rnd.int(3, 400) * DAY - rnd.int(0, 1440) * MINUTE;
      const c = createCluster(st, specFor(o, name, provider, version, role === 1 ? 4 : workers, masters), created, false);
      if (role === 1) after.push(() => startUpgrade(st, c, "v1.35.4", now - 4 * MINUTE));
      if (role === 3 && o.spec.pk === 41) after.push(() => startDelete(st, c, now - MINUTE));
      if (role === 4 || role === 7) {
        after.push(() => {
          const pool = createPool(st, c, { name: role === 4 ? "High Memory Pool" : "Batch Pool", size: sizesFor(provider)[1].name, count: rnd.int(2, 5), rootDisk: 100 }, created + DAY);
          if (role === 7) Object.assign(pool, { autoscaled: true, min_count: 2, max_count: 8 });
        });
      }
    }
  }
  // a service cluster only shows with ?include_service_clusters=true
  const svc = specFor(orgs[0], "nks-service-cluster", "aws", "v1.35.4", 2, 1);
  createCluster(st, { ...svc, isServiceCluster: true }, now - 500 * DAY, false);

  st.advance(now);
  for (const fn of after) fn();
  st.advance(now);
}

function fingerprint(rnd: SeededRandom): string {
  return Array.from({ length: 16 }, () => rnd.hex(2)).join(":");
}

export const DEFAULT_VERSION = VERSIONS.find((v) => v.default)!.version;
