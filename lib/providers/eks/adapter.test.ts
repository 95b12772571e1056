import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { simulator } from "@/simulators/eks";
import { definition } from ".";
import { EksAdapter } from "./adapter";

runAdapterSuite({
  definition,
  adapterClass: EksAdapter,
  simulator,
  badCredentials: { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "not-the-secret-of-any-key-9f8e7d6c" },
  createScope: async () => "eu-west-1",
  async createInput(adapter, scope, name) {
    const subnets = await adapter.listOptions("subnets", { scope });
    const [role] = await adapter.listOptions("clusterRoles", { scope });
    const versions = await adapter.listOptions("versions", { scope });
    return {
      name,
      version: versions.find((v) => v.label.includes("default"))!.value,
      supportType: "STANDARD",
      roleArn: role.value,
      subnetIds: subnets.slice(0, 2).map((s) => ({ value: s.value })),
      securityGroupIds: [],
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
    };
  },
});
