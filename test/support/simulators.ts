/**
 * A test file's world for code that talks to providers: its own PostgreSQL database, a throw-away
 * DATA_DIR and encryption key, the demo off (`env` sets more), every simulator over real HTTP(S) on a
 * free port (`scale`: the simulators' clock speed; `simulatorEnv`: what they alone read, e.g. their
 * credentials), the app trusting the https simulators' CA, its outbound allow-list naming them, and the
 * configuration read afresh.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunningSimulators } from "@/simulators/index";
import { createTestDatabase } from "./db";

export async function startSimulatorWorld(
  name: string,
  env: Record<string, string> = {},
  opts: { scale?: number; simulatorEnv?: Record<string, string> } = {},
): Promise<{ dbUrl: string; sims: RunningSimulators }> {
  const dbUrl = await createTestDatabase(name);
  Object.assign(process.env, {
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `cd-${name}-`)),
    CLUSTERDECK_DEMO: "0",
    ...env,
  });
  const { startAllSimulators } = await import("@/simulators/index");
  const sims = await startAllSimulators({ ports: "random", scale: opts.scale, env: { ...process.env, ...opts.simulatorEnv } });
  (await import("@/lib/connections/outbound-agent")).trustProviderCAs([sims.ca]);
  process.env.ALLOWED_PROVIDER_HOSTS = sims.items.map((i) => new URL(i.sim.url).host).join(",");
  (await import("@/lib/config")).resetConfig();
  return { dbUrl, sims };
}
