// `npx tsx scripts/nks-sdk-simulator.ts [port]`: one NKS simulator with a fast clock for a hand run of
// NetApp's NKS Go SDK live suite (docs/providers/nks.md §12). Prints the environment the suite reads.
// The port defaults to a free one; never the demo's fixed simulator ports.
import { SimClock } from "../simulators/kit/clock";
import { startSimulator } from "../simulators/kit/server";
import { createNksSimulator, DEFAULT_TOKEN } from "../simulators/nks";

async function main() {
  const port = Number(process.argv[2] ?? 0);
  if (port >= 4101 && port <= 4108) throw new Error("ports 4101-4108 belong to the demo simulators; pick another");
  const clock = new SimClock(Number(process.env.SIM_TIME_SCALE ?? 100) || 100);
  const def = createNksSimulator({ clock, seed: 42, credentials: { token: DEFAULT_TOKEN } });
  const sim = await startSimulator(def, clock, { port, seed: 42 });
  const org = 41;
  const keysets = [...def.state.keysets.values()].filter((k) => k.org === org);
  const id = (pred: (k: (typeof keysets)[number]) => boolean) => keysets.find(pred)?.pk;
  const env = {
    NKS_TEST_ENV: "live", NKS_API_URL: `${sim.url}/`, NKS_BASE_API_URL: `${sim.url}/`, NKS_API_TOKEN: DEFAULT_TOKEN, NKS_ORG_ID: org,
    NKS_SSH_KEYSET: id((k) => k.category === "user_ssh"), NKS_AWS_KEYSET: id((k) => k.entity === "aws"), NKS_GCE_KEYSET: id((k) => k.entity === "gce"), NKS_AZR_KEYSET: id((k) => k.entity === "azure"),
  };
  console.log(`NKS simulator at ${sim.url} (time scale ${clock.scale}x). For the SDK's live suite (plus NKS_ID_RSA_PUB_PATH=<an ssh-rsa .pub file>):`);
  console.log(Object.entries(env).map(([k, v]) => `export ${k}=${v}`).join("\n"));
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
