import type { SimClock } from "@/simulators/kit/clock";
import { SeededRandom } from "@/simulators/kit/random";
import { advance } from "./lifecycle";
import type { Failure, SimBlueprint, SimCluster, SimProject } from "./model";

export interface FailNext {
  operation: "provision" | "upgrade";
  failure: Failure;
}

/** Everything the simulated controller knows; rebuilt by seed() on reset. */
export class RafayState {
  projects = new Map<string, SimProject>();
  blueprints: SimBlueprint[] = [];
  /** key: `${project}/${name}` */
  clusters = new Map<string, SimCluster>();
  /** header values accepted as the API key */
  acceptedKeys = new Set<string>();
  keyExpired = false;
  /** failures the next create / upgrade applies end with (admin hook) */
  failNext: FailNext[] = [];
  rnd: SeededRandom;

  constructor(readonly clock: SimClock, seed: string) {
    this.rnd = new SeededRandom(seed);
  }

  now(): number {
    return this.clock.now();
  }

  /** applies every lifecycle transition due by now; called before each request is served */
  tick(): void {
    const now = this.now();
    for (const [key, c] of this.clusters) {
      if (advance(c, now, (p, n, v) => this.resolveBlueprintVersion(p, n, v)) === "gone") this.clusters.delete(key);
    }
  }

  cluster(project: string, name: string): SimCluster | undefined {
    return this.clusters.get(`${project}/${name}`);
  }

  clustersIn(project: string): SimCluster[] {
    return [...this.clusters.values()].filter((c) => c.project === project);
  }

  putCluster(c: SimCluster) {
    this.clusters.set(`${c.project}/${c.name}`, c);
  }

  blueprintsIn(project: string): SimBlueprint[] {
    return this.blueprints.filter((b) => b.project === null || b.project === project);
  }

  blueprint(project: string, name: string): SimBlueprint | undefined {
    return this.blueprintsIn(project).find((b) => b.name === name);
  }

  resolveBlueprintVersion(project: string, name: string, version: string): string {
    if (version && version !== "latest") return version;
    return this.blueprint(project, name)?.version ?? version;
  }

  takeFailure(operation: FailNext["operation"]): Failure | undefined {
    const i = this.failNext.findIndex((f) => f.operation === operation);
    return i < 0 ? undefined : this.failNext.splice(i, 1)[0].failure;
  }

  /** a fresh 7-character v1 id (lowercase alphanumerics) */
  newId(): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const used = new Set([...this.clusters.values()].map((c) => c.id).concat([...this.projects.values()].map((p) => p.id)));
    for (;;) {
      let id = alphabet[this.rnd.int(0, 25)];
      while (id.length < 7) id += alphabet[this.rnd.int(0, alphabet.length - 1)];
      if (!used.has(id)) return id;
    }
  }
}
