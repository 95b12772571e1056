import { logger, PROCESS_ID } from "@/lib/log";

/**
 * The background worker: runs in every replica (unless WORKER_ENABLED=false). Jobs are ticks on an
 * interval with jitter; coordination between replicas happens per item in PostgreSQL (each job
 * claims rows with a lease via UPDATE … FOR UPDATE SKIP LOCKED), so no item is worked twice and a
 * crashed replica's items are picked up when its lease expires.
 */
export interface Job {
  name: string;
  /** time between ticks (jittered ±20%) */
  intervalMs: number;
  run(ctx: JobContext): Promise<void>;
}

export interface JobContext {
  workerId: string;
  signal: AbortSignal;
}

/** Unique per process: host, pid and a random suffix; the same id every log line carries (lib/log.ts). */
export const WORKER_ID = PROCESS_ID;

const g = globalThis as unknown as { __clusterdeckWorker?: { stop(): Promise<void> } };

export function startWorker(jobs: Job[]): { stop(): Promise<void> } {
  if (g.__clusterdeckWorker) return g.__clusterdeckWorker;
  const controller = new AbortController();
  const running = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();

  const schedule = (job: Job, delay: number) => {
    if (controller.signal.aborted) return;
    const t = setTimeout(() => {
      timers.delete(t);
      const p = job
        .run({ workerId: WORKER_ID, signal: controller.signal })
        .catch((e) => logger.error({ job: job.name, err: (e as Error).message }, "worker job failed"))
        .finally(() => {
          running.delete(p);
          schedule(job, jitter(job.intervalMs));
        });
      running.add(p);
    }, delay);
    t.unref?.();
    timers.add(t);
  };

  for (const job of jobs) schedule(job, Math.floor(Math.random() * Math.min(job.intervalMs, 1000)));
  logger.info({ workerId: WORKER_ID, jobs: jobs.map((j) => j.name) }, "background worker started");

  g.__clusterdeckWorker = {
    async stop() {
      controller.abort();
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
      g.__clusterdeckWorker = undefined;
    },
  };
  return g.__clusterdeckWorker;
}

export function jitter(ms: number, spread = 0.2): number {
  return Math.max(0, Math.round(ms * (1 - spread + Math.random() * 2 * spread)));
}
