// `npm run simulators`: the provider simulators on fixed loopback ports (see README for the env).
import { startAllSimulators } from "../simulators";

import path from "node:path";

// https simulators use a CA kept in DATA_DIR/simulators-tls (the same one the demo trusts)
const tlsDir = path.resolve(process.env.DATA_DIR ?? "./data", "simulators-tls");
// the GKE simulator's service-account key: the same file the demo uses (made on first start)
const gkeKeyFile = process.env.SIM_GKE_KEY_FILE || path.resolve(process.env.DATA_DIR ?? "./data", "simulators-gke", "service-account-key.json");
const running = await startAllSimulators({ ports: "env", tlsDir, env: { ...process.env, SIM_GKE_KEY_FILE: gkeKeyFile } });
console.log(`Provider simulators (time scale ${running.clock.scale}x; admin API under /__sim; https ones signed by ${tlsDir}/sim-ca.pem):`);
for (const { kind, sim, credentials } of running.items) {
  // a service-account key is printed as its file, not as its private key
  const shown = credentials.serviceAccountKey ? { ...credentials, serviceAccountKey: `(the JSON in ${gkeKeyFile})` } : credentials;
  console.log(`  ${kind.padEnd(11)} ${sim.url}   credentials: ${JSON.stringify(shown)}`);
}
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
