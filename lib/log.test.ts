/** Every log line names the process (worker) that wrote it, so work can be followed across replicas. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("logs", () => {
  it("carry the process id and the worker id the background worker claims with", () => {
    const script = `Promise.all([import("./lib/log.ts"), import("./lib/worker/index.ts")]).then(([{ logger, PROCESS_ID }, { WORKER_ID }]) =>
      logger.info({ ids: [PROCESS_ID, WORKER_ID] }, "hello"));`;
    const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "-e", script], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "info" }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout.trim().split("\n").find((l) => l.includes('"hello"'))!);
    expect(typeof line.pid).toBe("number");
    expect(line.worker).toMatch(/^[^:]+:\d+:[0-9a-f]{6}$/);
    expect(line.worker.split(":")[1]).toBe(String(line.pid));
    expect(line.ids).toEqual([line.worker, line.worker]);
  });
});
