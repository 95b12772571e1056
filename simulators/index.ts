import { SimClock } from "./kit/clock";
import { startSimulator, type RunningSimulator } from "./kit/server";
import { simulatorTls } from "./kit/tls";
import type { DemoConnection, SimulatorModule } from "./kit/types";
import { simulator as nks } from "./nks";
import { simulator as coreweave } from "./coreweave";
import { simulator as cloudferro } from "./cloudferro";
import { simulator as rafay } from "./rafay";
import { simulator as eks } from "./eks";
import { simulator as gke } from "./gke";
import { simulator as aks } from "./aks";
import { simulator as kubernetes } from "./kubernetes";

export const SIMULATORS: SimulatorModule[] = [nks, cloudferro, coreweave, rafay, eks, gke, aks, kubernetes];

export interface RunningSimulators {
  clock: SimClock;
  /** PEM of the CA that signed the https simulators' certificate (trust it for those connections) */
  ca: string;
  items: { kind: string; sim: RunningSimulator; credentials: Record<string, string>; demo: DemoConnection[] }[];
  close(): Promise<void>;
}

/** Starts the four simulators on loopback. `ports: "random"` picks free ports (tests). */
export async function startAllSimulators(opts: { env?: NodeJS.ProcessEnv; ports?: "env" | "random"; scale?: number; seed?: string | number; tlsDir?: string } = {}): Promise<RunningSimulators> {
  const env = opts.env ?? process.env;
  const clock = new SimClock(opts.scale ?? (Number(env.SIM_TIME_SCALE ?? 1) || 1));
  const seed = opts.seed ?? env.SIM_SEED ?? 42;
  const items: RunningSimulators["items"] = [];
  // one CA for all https simulators; kept in tlsDir (the demo's data folder) so saved connections stay valid
  const tls = simulatorTls({ dir: opts.tlsDir });
  try {
    for (const mod of SIMULATORS) {
      const credentials = mod.credentialsFromEnv(env);
      const port = opts.ports === "random" ? 0 : Number(env[mod.portEnv] ?? mod.defaultPort);
      const sim = await startSimulator(mod.create({ clock, seed, credentials }), clock, { port, seed, tls: mod.tls ? tls : undefined });
      items.push({ kind: mod.kind, sim, credentials, demo: mod.demoConnections(sim.url, credentials, mod.tls ? { ca: tls.ca } : undefined) });
    }
  } catch (e) {
    await Promise.all(items.map((i) => i.sim.close()));
    throw e;
  }
  return { clock, ca: tls.ca, items, close: async () => void (await Promise.all(items.map((i) => i.sim.close()))) };
}
