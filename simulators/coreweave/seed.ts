import { DAY, HOUR, MINUTE } from "@/simulators/kit/clock";
import { clusterName, seedCount, type SeededRandom } from "@/simulators/kit/random";
import { defaultHostPrefix, DEFAULT_NODE_PORT_RANGE, nextMinor, SEEDED_ZONES } from "./catalog";
import type { ClusterRecord, ClusterStatus, CoreWeaveState, VpcRecord } from "./state";

function vpc(state: CoreWeaveState, rnd: SeededRandom, zone: string, name: string, now: number, dualStack: boolean): VpcRecord {
  const createdAt = now - rnd.int(400, 700) * DAY;
  const prefix = (n: string, value: string) => ({ name: n, value, status: "STATUS_AVAILABLE" as const, createdAt, updatedAt: createdAt });
  const vpcPrefixes = [prefix("pod cidr", "10.0.0.0/13"), prefix("service cidr", "10.16.0.0/22"), prefix("internal lb cidr", "10.32.4.0/22"), prefix("internal lb cidr 2", "10.32.8.0/22")];
  if (dualStack) vpcPrefixes.push(prefix("pod cidr v6", "fd00:10::/56"), prefix("service cidr v6", "fd00:20::/108"), prefix("internal lb cidr v6", "fd00:30::/112"));
  return {
    id: rnd.uuid(),
    name,
    zone,
    hostPrefixes: [
      { name: "primary", type: "PRIMARY", prefixes: [defaultHostPrefix(zone)] },
      ...(dualStack ? [{ name: "container-network", type: "ROUTED" as const, prefixes: ["2601:db8:bbbb::/48"], ipam: { prefixLength: 80, gatewayAddressPolicy: "FIRST_IP" } }] : []),
    ],
    vpcPrefixes,
    ingress: { disablePublicServices: false },
    egress: { disablePublicAccess: false },
    dhcp: { dns: { servers: rnd.chance(0.5) ? ["1.1.1.1", "8.8.8.8"] : [] } },
    status: "STATUS_READY",
    createdAt,
    updatedAt: createdAt,
  };
}

function pickVersion(rnd: SeededRandom): string {
  const r = rnd.next();
  return r < 0.25 ? "v1.36" : r < 0.6 ? "v1.35" : r < 0.85 ? "v1.34" : "v1.33";
}

/** Fills `state` with VPCs and 10–14 clusters per seeded zone, including failed, mid-upgrade, updating and creating ones. */
export function seed(state: CoreWeaveState, rnd: SeededRandom, token: string) {
  state.clusters.clear();
  state.vpcs.clear();
  state.tokens.clear();
  state.tokens.set(token, "write");
  state.failNextCreates = 0;
  const now = state.clock.now();
  let index = 1;

  SEEDED_ZONES.forEach((zone, zi) => {
    const vpcs = [vpc(state, rnd, zone, "default", now, false)];
    if (zi === 0) vpcs.push(vpc(state, rnd, zone, "ml-training", now, true));
    for (const v of vpcs) state.vpcs.set(v.id, v);

    const count = seedCount(rnd.int(10, 14));
    for (let i = 0; i < count; i++) {
      const home = rnd.pick(vpcs);
      const createdAt = now - rnd.int(2, 500) * DAY - rnd.int(0, 23) * HOUR;
      let status: ClusterStatus = "STATUS_RUNNING";
      let version = pickVersion(rnd);
      let phaseEndsAt: number | undefined;
      let pendingVersion: string | undefined;
      // deterministic special cases so every demo shows every state
      if (zi === 0 && i === 0) status = "STATUS_FAILED";
      if (zi === 0 && i === 1) {
        status = "STATUS_UPGRADING";
        version = "v1.35";
        pendingVersion = nextMinor(version);
        phaseEndsAt = now + rnd.int(6, 15) * MINUTE;
      }
      if (zi === 0 && i === 2) version = "v1.32"; // deprecated minor still running
      if (zi === 1 && i === 0) {
        status = "STATUS_UPDATING";
        phaseEndsAt = now + rnd.int(2, 5) * MINUTE;
      }
      if (zi === 1 && i === 1) {
        status = "STATUS_CREATING";
        phaseEndsAt = now + rnd.int(20, 40) * MINUTE;
      }
      if (zi === 2 && i === 0) {
        status = "STATUS_UPGRADING";
        version = "v1.34";
        pendingVersion = nextMinor(version);
        phaseEndsAt = now + rnd.int(6, 15) * MINUTE;
      }
      const dual = home.vpcPrefixes.some((p) => p.name === "pod cidr v6") && rnd.chance(0.5);
      const withOidc = rnd.chance(0.3);
      const c: ClusterRecord = {
        id: rnd.uuid(),
        name: clusterName(rnd, index++),
        zone,
        vpcId: home.id,
        public: rnd.chance(0.6),
        version,
        network: {
          podCidrName: "pod cidr",
          serviceCidrName: "service cidr",
          internalLbCidrNames: rnd.chance(0.2) ? ["internal lb cidr", "internal lb cidr 2"] : ["internal lb cidr"],
          ...(dual ? { podCidrNameV6: "pod cidr v6", serviceCidrNameV6: "service cidr v6", internalLbCidrNamesV6: ["internal lb cidr v6"] } : {}),
          serviceNodePortRange: rnd.chance(0.15) ? { start: 30000, end: 39534 } : { ...DEFAULT_NODE_PORT_RANGE },
        },
        oidc: withOidc
          ? { issuerUrl: "https://login.example.com/realms/ml", clientId: `cks-${rnd.hex(8)}`, usernameClaim: "email", groupsClaim: "groups", signingAlgorithms: ["SIGNING_ALGORITHM_RS256"] }
          : undefined,
        authnWebhook: rnd.chance(0.1) ? { server: "https://authn.example.com/authenticate" } : undefined,
        authzWebhook: rnd.chance(0.1) ? { server: "https://authz.example.com/authorize" } : undefined,
        apiServerEndpoint: `${rnd.hex(6)}-${rnd.hex(8)}.k8s.${zone.toLowerCase()}.coreweave.com`,
        status,
        disableOidcInfoPublication: false,
        kubelet: rnd.chance(0.2) ? { maxPods: 256 } : undefined,
        additionalServerSans: rnd.chance(0.15) ? [`k8s-${index}.example.com`] : [],
        createdAt,
        updatedAt: status === "STATUS_RUNNING" || status === "STATUS_FAILED" ? createdAt + rnd.int(40, 50) * MINUTE : now - rnd.int(1, 5) * MINUTE,
        phaseEndsAt,
        pendingVersion,
      };
      if (status === "STATUS_CREATING") c.createdAt = c.updatedAt;
      state.clusters.set(c.id, c);
    }
  });
}
