import { runAdapterSuite } from "../testing/adapter-suite";
import { simulator } from "@/simulators/cloudferro";
import { definition } from ".";
import { CloudferroAdapter } from "./adapter";


runAdapterSuite({
  definition,
  adapterClass: CloudferroAdapter,
  simulator,
  badCredentials: { token: "cfmk-not-a-real-token-9d2f" },
  async createInput(adapter, scope, name) {
    const ctx = { scope };
    const versions = (await adapter.listOptions("versions", ctx)).map((o) => o.value);
    // the second-newest active version, so that a newer minor exists to upgrade to
    const version = versions[1] ?? versions[0];
    const [cp] = await adapter.listOptions("controlPlaneMachineSpecs", ctx);
    const [worker] = await adapter.listOptions("workerMachineSpecs", ctx);
    return {
      name,
      version,
      controlPlaneMachineSpec: cp.value,
      controlPlaneSize: 3,
      nodePools: [{ name: "workers", machineSpec: worker.value, autoscale: true, sizeMin: 1, sizeMax: 3 }],
    };
  },
});
