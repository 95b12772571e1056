import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { generateKeyFile } from "@/simulators/gke/keys";
import { simulator } from "@/simulators/gke";
import { definition } from ".";
import { GkeAdapter } from "./adapter";

runAdapterSuite({
  definition,
  adapterClass: GkeAdapter,
  simulator,
  // a well-formed key for the simulator's project that the simulator does not know
  badCredentials: { serviceAccountKey: JSON.stringify(generateKeyFile("clusterdeck-demo", "intruder")) },
  createScope: async () => "us-central1",
  async createInput(adapter, scope, name) {
    const versions = await adapter.listOptions("versions", { location: scope, releaseChannel: "REGULAR" });
    return {
      name,
      location: scope,
      releaseChannel: "REGULAR",
      version: versions.find((v) => v.label.includes("default"))!.value,
      nodePools: [{ name: "default-pool", machineType: "e2-standard-4", nodeCount: 1 }],
    };
  },
});
