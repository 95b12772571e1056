import type { SimClock } from "@/simulators/kit/clock";
import type { SeededRandom } from "@/simulators/kit/random";
import type { SimCluster, SimIstioMesh, SimKeyset, SimLog, SimMembership, SimNode, SimOrg, SimPool, SimSolution, SimTeam, SimUser, SimWorkspace } from "./model";

interface Step {
  at: number;
  key: string;
  seq: number;
  run: (at: number) => void;
}

/** Timestamps as the API writes them: ISO-8601 UTC with microseconds. */
export function isoMicro(ms: number): string {
  const micro = String(Math.abs(Math.floor(ms * 7.3)) % 1000).padStart(3, "0");
  return new Date(ms).toISOString().replace(/Z$/, `${micro}Z`);
}

/**
 * All simulator state plus a time-ordered queue of pending lifecycle steps. Nothing runs on timers:
 * `advance()` (called before every request is served) applies every step due at the current
 * simulated time, in order, stamping records with the step's own time.
 */
export class NksState {
  users = new Map<number, SimUser>();
  tokens = new Map<string, number>();
  orgs = new Map<number, SimOrg>();
  memberships: SimMembership[] = [];
  workspaces = new Map<number, SimWorkspace>();
  keysets = new Map<number, SimKeyset>();
  clusters = new Map<number, SimCluster>();
  pools = new Map<number, SimPool>();
  nodes = new Map<number, SimNode>();
  solutions = new Map<number, SimSolution>();
  teams = new Map<number, SimTeam>();
  meshes = new Map<number, SimIstioMesh>();
  logs: SimLog[] = [];
  /** the next N cluster builds end in failure (admin hook) */
  failNextCreates = 0;

  private queue: Step[] = [];
  private seq = 0;
  private ids: Record<string, number> = {};

  constructor(public clock: SimClock, public rnd: SeededRandom) {}

  clear() {
    for (const m of [this.users, this.tokens, this.orgs, this.workspaces, this.keysets, this.clusters, this.pools, this.nodes, this.solutions, this.teams, this.meshes]) m.clear();
    this.memberships = [];
    this.logs = [];
    this.queue = [];
    this.ids = {};
    this.failNextCreates = 0;
  }

  /** integer ids per record type, starting at realistic offsets */
  nextId(kind: "user" | "org" | "membership" | "workspace" | "keyset" | "key" | "cluster" | "pool" | "node" | "solution" | "log" | "team" | "team-membership" | "mesh" | "mesh-member", start: number): number {
    this.ids[kind] = (this.ids[kind] ?? start - 1) + 1;
    return this.ids[kind];
  }

  now(): number {
    return this.clock.now();
  }

  schedule(at: number, key: string, run: (at: number) => void) {
    this.queue.push({ at, key, seq: this.seq++, run });
  }

  /** drops pending steps whose key starts with `prefix` (e.g. a build overtaken by a delete) */
  cancel(prefix: string) {
    this.queue = this.queue.filter((s) => !s.key.startsWith(prefix));
  }

  pending(prefix: string): boolean {
    return this.queue.some((s) => s.key.startsWith(prefix));
  }

  advance(now = this.now()) {
    for (;;) {
      let best = -1;
      for (let i = 0; i < this.queue.length; i++) {
        const s = this.queue[i];
        if (s.at > now) continue;
        if (best < 0 || s.at < this.queue[best].at || (s.at === this.queue[best].at && s.seq < this.queue[best].seq)) best = i;
      }
      if (best < 0) return;
      const [step] = this.queue.splice(best, 1);
      step.run(step.at);
    }
  }

  log(cluster: number, at: number, category: string, type: string, state: string, message: string, reference = "", details = "") {
    this.logs.push({ pk: this.nextId("log", 88001), cluster, event_category: category, event_type: type, event_state: state, message, details, reference, created: isoMicro(at) });
  }

  clusterNodes(cluster: number, includeGone = false): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.cluster === cluster && (includeGone || (n.state !== "deleting" && n.state !== "deleted")));
  }

  clusterPools(cluster: number): SimPool[] {
    return [...this.pools.values()].filter((p) => p.cluster === cluster);
  }

  poolNodes(pool: number, includeGone = false): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.pool === pool && (includeGone || (n.state !== "deleting" && n.state !== "deleted")));
  }

  /** removes a cluster and everything below it */
  purgeCluster(pk: number) {
    this.clusters.delete(pk);
    for (const [id, p] of this.pools) if (p.cluster === pk) this.pools.delete(id);
    for (const [id, n] of this.nodes) if (n.cluster === pk) this.nodes.delete(id);
    for (const [id, s] of this.solutions) if (s.cluster === pk) this.solutions.delete(id);
    this.logs = this.logs.filter((l) => l.cluster !== pk);
    for (const m of this.meshes.values()) m.members = m.members.filter((x) => x.cluster !== pk);
    this.cancel(`cluster:${pk}:`);
  }

  membership(user: number, org: number): SimMembership | undefined {
    return this.memberships.find((m) => m.user === user && m.org === org);
  }
}
