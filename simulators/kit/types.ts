import type { SimClock } from "./clock";
import type { SimulatorDefinition } from "./server";

export interface SimulatorOptions {
  clock: SimClock;
  seed: number | string;
  /** the credentials this simulator accepts (its demo credentials) */
  credentials: Record<string, string>;
}

export interface DemoConnection {
  name: string;
  baseUrl: string;
  credentials: Record<string, string>;
  defaultScope?: string;
}

/** What each simulators/<kind>/index.ts exports as `simulator`. */
export interface SimulatorModule {
  kind: string;
  /** env var names and defaults (documented in the README) */
  portEnv: string;
  defaultPort: number;
  /** serve https with the simulators' own CA (kit/tls.ts): for SDKs that insist on TLS */
  tls?: boolean;
  credentialsFromEnv(env: NodeJS.ProcessEnv): Record<string, string>;
  create(opts: SimulatorOptions): SimulatorDefinition;
  /** the connections a demo team gets for this simulator running at `url` (`tls.ca`: the CA of https simulators) */
  demoConnections(url: string, credentials: Record<string, string>, tls?: { ca: string }): DemoConnection[];
}
