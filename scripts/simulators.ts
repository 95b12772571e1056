// `npm run simulators`: the four provider simulators on fixed loopback ports (see README for the env).
import { startAllSimulators } from "../simulators";

const running = await startAllSimulators({ ports: "env" });
console.log(`Provider simulators (time scale ${running.clock.scale}x; admin API under /__sim):`);
for (const { kind, sim, credentials } of running.items) {
  console.log(`  ${kind.padEnd(11)} ${sim.url}   credentials: ${JSON.stringify(credentials)}`);
}
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
