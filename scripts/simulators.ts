// `npm run simulators`: the four provider simulators on fixed loopback ports (see README for the env).
import { startAllSimulators } from "../simulators";

import path from "node:path";

// https simulators use a CA kept in DATA_DIR/simulators-tls (the same one the demo trusts)
const tlsDir = path.resolve(process.env.DATA_DIR ?? "./data", "simulators-tls");
const running = await startAllSimulators({ ports: "env", tlsDir });
console.log(`Provider simulators (time scale ${running.clock.scale}x; admin API under /__sim; https ones signed by ${tlsDir}/sim-ca.pem):`);
for (const { kind, sim, credentials } of running.items) {
  console.log(`  ${kind.padEnd(11)} ${sim.url}   credentials: ${JSON.stringify(credentials)}`);
}
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
