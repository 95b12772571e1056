import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { simulator } from "@/simulators/coreweave";
import { definition } from ".";
import { CoreWeaveAdapter } from "./adapter";

runAdapterSuite({
  definition,
  adapterClass: CoreWeaveAdapter,
  simulator,
  badCredentials: { token: "CW-SECRET-not-a-real-token-9f8e7d" },
  createScope: async (adapter) => (await adapter.listOptions("zones", {}))[0].value,
  async createInput(adapter, scope, name) {
    const [vpc] = await adapter.listOptions("vpcs", { zone: scope });
    const prefixes = (await adapter.listOptions("vpcPrefixes", { vpcId: vpc.value })).map((p) => p.value);
    const versions = await adapter.listOptions("versions", {});
    const lb = prefixes.find((p) => p.startsWith("internal lb"))!;
    return {
      name,
      zone: scope,
      version: versions.find((v) => v.label.includes("default"))!.value,
      vpcId: vpc.value,
      podCidrName: prefixes.find((p) => p.startsWith("pod"))!,
      serviceCidrName: prefixes.find((p) => p.startsWith("service"))!,
      internalLbCidrNames: [{ value: lb }],
    };
  },
});
