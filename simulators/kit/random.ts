/** Deterministic PRNG (mulberry32) so a given SIM_SEED always produces the same seed data. */
export class SeededRandom {
  private state: number;

  constructor(seed: number | string = process.env.SIM_SEED ?? 42) {
    this.state = typeof seed === "number" ? seed >>> 0 : hashString(seed);
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(len: number): string {
    let s = "";
    while (s.length < len) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const ADJ = ["amber", "brisk", "calm", "dusty", "eager", "frosty", "gentle", "hidden", "icy", "jolly", "keen", "lunar", "misty", "noble", "olive", "proud", "quiet", "rapid", "silent", "tidy", "urban", "vivid", "wild", "young", "zesty"];
const NOUN = ["falcon", "harbor", "meadow", "river", "summit", "canyon", "forest", "glacier", "island", "lagoon", "orbit", "prairie", "quartz", "reef", "tundra", "valley", "willow", "comet", "delta", "ember"];
const ENV = ["prod", "staging", "dev", "qa", "ml", "data", "edge", "ci"];

/**
 * Seed-size knob for load tests: SIM_SEED_SCALE (a positive number, default 1) multiplies the number
 * of clusters each simulator seeds (the first, special-case clusters stay as they are).
 */
export function seedCount(n: number, env: NodeJS.ProcessEnv = process.env): number {
  const scale = Number(env.SIM_SEED_SCALE);
  return Number.isFinite(scale) && scale > 0 && scale !== 1 ? Math.max(1, Math.round(n * scale)) : n;
}

/** realistic cluster names such as "prod-misty-harbor-3" */
export function clusterName(rnd: SeededRandom, index: number): string {
  return `${rnd.pick(ENV)}-${rnd.pick(ADJ)}-${rnd.pick(NOUN)}-${index}`;
}
