import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { simulator } from "@/simulators/rafay";
import { definition } from ".";
import { RafayAdapter } from "./adapter";

runAdapterSuite({
  definition,
  adapterClass: RafayAdapter,
  simulator,
  badCredentials: { apiKey: "ra2.0000aaaa1111bbbb2222cccc3333dddd4444eeee", apiSecret: "ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000" },
  createScope: async () => "defaultproject",
  async createInput(adapter, scope, name) {
    const versions = await adapter.listOptions("versions", { project: scope, type: "mks" });
    const blueprints = await adapter.listOptions("blueprints", { project: scope });
    return {
      project: scope,
      name,
      type: "mks",
      blueprint: blueprints.find((b) => b.value === "minimal")!.value,
      blueprintVersion: "latest",
      kubernetesVersion: versions.find((v) => v.label.includes("default"))!.value,
      location: "sanjose-us",
      nodes: [
        { hostname: `${name}-cp1`, privateIP: "10.20.0.11", roles: "ControlPlane,Worker" },
        { hostname: `${name}-w1`, privateIP: "10.20.0.21", roles: "Worker" },
      ],
    };
  },
});
