/**
 * Simulated time. Provider lifecycles are written in the provider's real durations ("NKS takes
 * ~12 minutes to provision"); the clock runs `scale` times faster than wall time, so with
 * SIM_TIME_SCALE=60 ten minutes pass in ten seconds. State is advanced lazily on each read, so
 * simulators need no timers and stay deterministic for a given sequence of requests.
 */
export class SimClock {
  private realStart = Date.now();
  private simStart: number;
  private offsetMs = 0;

  constructor(
    public scale: number = Number(process.env.SIM_TIME_SCALE ?? 1) || 1,
    simStart: number = Date.now(),
  ) {
    this.simStart = simStart;
  }

  /** simulated epoch milliseconds */
  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.scale + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  iso(): string {
    return this.date().toISOString();
  }

  /** moves simulated time forward (admin endpoint and tests) */
  advance(ms: number) {
    this.offsetMs += ms;
  }

  setScale(scale: number) {
    const now = this.now();
    this.scale = scale;
    this.realStart = Date.now();
    this.simStart = now;
    this.offsetMs = 0;
  }

  reset() {
    this.realStart = Date.now();
    this.simStart = Date.now();
    this.offsetMs = 0;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
