/**
 * Simulated Kubernetes API servers: several clusters, each served under /clusters/<name> on one port
 * (a kubeconfig context per cluster), seeded deterministically. Objects are shaped as the API server
 * serializes them (core/v1 Node, Namespace, Pod, Event; version.Info) — @kubernetes/client-node's
 * ObjectSerializer is the judge (contract test).
 */
import type { SimClock } from "@/simulators/kit/clock";
import { SeededRandom } from "@/simulators/kit/random";

export interface SimNode {
  name: string;
  roles: string[];
  pool: string | null;
  kubelet: string;
  ready: boolean;
  createdAt: string;
}

export interface SimPod {
  namespace: string;
  name: string;
  node: string;
  phase: "Running" | "Pending" | "Succeeded" | "Failed";
  crashLoop: boolean;
  restarts: number;
  createdAt: string;
}

export interface SimEvent {
  namespace: string;
  name: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  kind: string;
  object: string;
  count: number;
  first: string;
  last: string;
}

export interface SimCluster {
  name: string;
  gitVersion: string;
  platform: string;
  buildDate: string;
  goVersion: string;
  nodes: SimNode[];
  namespaces: { name: string; createdAt: string }[];
  pods: SimPod[];
  events: SimEvent[];
  /** resourceVersion counter (continue tokens carry it) */
  rv: number;
}

/** token → what it may do: "full" reads everything; "no-nodes"/"no-events" get 403 there; "expired" gets 401 */
export type TokenAccess = "full" | "no-nodes" | "no-events" | "expired";

interface Spec {
  name: string;
  gitVersion: string;
  goVersion: string;
  buildDate: string;
  pools: { pool: string | null; roles: string[]; count: number; kubelets: string[]; notReady?: number }[];
  namespaces: number;
  pods: number;
  /** fraction of pods not running, and of pods in CrashLoopBackOff */
  pending: number;
  crashLoop: number;
  warnings: number;
}

/** The seeded clusters (different versions; one with NotReady nodes; one with skewed kubelets). */
export const SPECS: Spec[] = [
  {
    name: "prod-east",
    gitVersion: "v1.34.2",
    goVersion: "go1.24.9",
    buildDate: "2025-11-11T19:05:12Z",
    pools: [
      { pool: null, roles: ["control-plane"], count: 3, kubelets: ["v1.34.2"] },
      { pool: "general", roles: [], count: 6, kubelets: ["v1.34.2"] },
      { pool: "gpu", roles: [], count: 2, kubelets: ["v1.34.2"] },
    ],
    namespaces: 24,
    // more than one page at limit=500: the reader must follow continue
    pods: 1240,
    pending: 0.01,
    crashLoop: 0.005,
    warnings: 12,
  },
  {
    name: "staging",
    gitVersion: "v1.32.9",
    goVersion: "go1.23.12",
    buildDate: "2025-09-09T19:44:40Z",
    pools: [
      { pool: null, roles: ["control-plane"], count: 1, kubelets: ["v1.32.9"] },
      { pool: "workers", roles: [], count: 4, kubelets: ["v1.32.9"], notReady: 2 },
    ],
    namespaces: 11,
    pods: 180,
    pending: 0.08,
    crashLoop: 0.04,
    warnings: 64,
  },
  {
    name: "edge-k3s",
    gitVersion: "v1.33.5+k3s1",
    goVersion: "go1.24.6",
    buildDate: "2025-09-19T21:03:51Z",
    pools: [
      { pool: null, roles: ["control-plane", "master"], count: 1, kubelets: ["v1.33.5+k3s1"] },
      { pool: "edge", roles: [], count: 5, kubelets: ["v1.33.5+k3s1", "v1.31.13+k3s1", "v1.30.14+k3s1"] },
    ],
    namespaces: 7,
    pods: 64,
    pending: 0.02,
    crashLoop: 0.03,
    warnings: 5,
  },
];

const WARNINGS = [
  ["BackOff", "Pod", "Back-off restarting failed container app in pod {obj}"],
  ["FailedScheduling", "Pod", "0/5 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/5 nodes are available."],
  ["Unhealthy", "Pod", "Readiness probe failed: HTTP probe failed with statuscode: 503"],
  ["NodeNotReady", "Node", "Node {obj} status is now: NodeNotReady"],
  ["FailedMount", "Pod", "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found"],
  ["<script>alert(1)</script>", "Pod", "Provider text is hostile: <img src=x onerror=alert(1)>"],
] as const;

export class KubernetesSimState {
  clusters = new Map<string, SimCluster>();
  tokens = new Map<string, TokenAccess>();
  /** "user:password" pairs accepted as basic auth */
  basic = new Set<string>();
  /** when set, every cluster answer is a redirect to this URL (outbound-rule tests) */
  redirectTo: string | null = null;

  constructor(readonly clock: SimClock) {}

  seed(seed: string | number, token: string) {
    this.clusters.clear();
    this.tokens.clear();
    this.basic.clear();
    this.redirectTo = null;
    this.tokens.set(token, "full");
    const now = this.clock.now();
    const ago = (rnd: SeededRandom, maxDays: number) => new Date(now - rnd.int(1, maxDays * 86_400) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const spec of SPECS) {
      const rnd = new SeededRandom(`${seed}:kubernetes:${spec.name}`);
      const nodes: SimNode[] = [];
      for (const p of spec.pools) {
        for (let i = 0; i < p.count; i++) {
          const prefix = p.roles.includes("control-plane") ? "cp" : (p.pool ?? "node");
          nodes.push({
            name: `${spec.name}-${prefix}-${rnd.hex(5)}`,
            roles: p.roles,
            pool: p.pool,
            kubelet: p.kubelets[i % p.kubelets.length],
            ready: i >= (p.notReady ?? 0),
            createdAt: ago(rnd, 300),
          });
        }
      }
      const system = ["default", "kube-system", "kube-public", "kube-node-lease"];
      const namespaces = [...system, ...Array.from({ length: Math.max(0, spec.namespaces - system.length) }, (_, i) => `team-${i + 1}`)].map((name) => ({ name, createdAt: ago(rnd, 400) }));
      const pods: SimPod[] = [];
      const podCount = spec.pods;
      for (let i = 0; i < podCount; i++) {
        const ns = namespaces[i % namespaces.length].name;
        const crash = rnd.chance(spec.crashLoop);
        const pending = !crash && rnd.chance(spec.pending);
        pods.push({
          namespace: ns,
          name: `app-${i}-${rnd.hex(5)}`,
          node: nodes[i % nodes.length].name,
          phase: pending ? "Pending" : "Running",
          crashLoop: crash,
          restarts: crash ? rnd.int(3, 40) : rnd.chance(0.03) ? 1 : 0,
          createdAt: ago(rnd, 30),
        });
      }
      const events: SimEvent[] = [];
      for (let i = 0; i < spec.warnings; i++) {
        const [reason, kind, text] = WARNINGS[i % WARNINGS.length];
        const obj = kind === "Node" ? (nodes.find((n) => !n.ready) ?? nodes[0]).name : pods[i % pods.length].name;
        const last = new Date(now - (i * 97 + rnd.int(0, 60)) * 1000);
        events.push({
          namespace: kind === "Node" ? "default" : pods[i % pods.length].namespace,
          name: `${obj}.${rnd.hex(16)}`,
          type: "Warning",
          reason,
          message: text.replace("{obj}", obj),
          kind,
          object: obj,
          count: rnd.int(1, 30),
          first: new Date(last.getTime() - rnd.int(60, 7200) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
          last: last.toISOString().replace(/\.\d{3}Z$/, "Z"),
        });
      }
      // Normal events too: the reader must ask for type=Warning
      for (let i = 0; i < spec.warnings * 2; i++) {
        const pod = pods[(i * 7) % pods.length];
        const last = new Date(now - i * 31_000).toISOString().replace(/\.\d{3}Z$/, "Z");
        events.push({ namespace: pod.namespace, name: `${pod.name}.${rnd.hex(16)}`, type: "Normal", reason: "Pulled", message: `Container image "registry.example/app:1.${i}" already present on machine`, kind: "Pod", object: pod.name, count: 1, first: last, last });
      }
      this.clusters.set(spec.name, {
        name: spec.name,
        gitVersion: spec.gitVersion,
        platform: "linux/amd64",
        buildDate: spec.buildDate,
        goVersion: spec.goVersion,
        nodes,
        namespaces,
        pods,
        events,
        rv: 100_000 + rnd.int(0, 50_000),
      });
    }
  }
}
