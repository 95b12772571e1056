import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { simulator } from "@/simulators/nks";
import { definition } from ".";
import { NksAdapter } from "./adapter";

runAdapterSuite({
  definition,
  adapterClass: NksAdapter,
  simulator,
  badCredentials: { token: "nks-revoked-token-5f4e3d2c1b0a9988" },
  async createInput(adapter, scope, name) {
    const ctx = { scope, provider: "aws" };
    const [keyset] = await adapter.listOptions("providerKeysets", ctx);
    const [ssh] = await adapter.listOptions("sshKeysets", ctx);
    const [region] = await adapter.listOptions("regions", ctx);
    const [zone] = await adapter.listOptions("zones", { ...ctx, region: region.value });
    const sizes = await adapter.listOptions("instanceSizes", ctx);
    const versions = await adapter.listOptions("versions", ctx);
    return {
      name,
      provider: "aws",
      providerKeyset: keyset.value,
      sshKeyset: ssh.value,
      region: region.value,
      zone: zone.value,
      version: versions.find((v) => v.label.includes("default"))!.value,
      masterSize: sizes[0].value,
      workerSize: sizes[1].value,
      workerCount: 2,
    };
  },
});
