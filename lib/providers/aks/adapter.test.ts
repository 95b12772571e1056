import { allowProviderHosts } from "@/lib/connections/outbound";
import { trustProviderCAs } from "@/lib/connections/outbound-agent";
import { runAdapterSuite } from "@/lib/providers/testing/adapter-suite";
import { simulator } from "@/simulators/aks";
import { simulatorTls } from "@/simulators/kit/tls";
import { definition } from ".";
import { AksAdapter } from "./adapter";

// the suite serves the simulator over https with the simulators' CA on loopback
trustProviderCAs([simulatorTls().ca]);
allowProviderHosts(["127.0.0.1"]);

runAdapterSuite({
  definition,
  adapterClass: AksAdapter,
  simulator,
  badCredentials: { tenantId: "6f1d2c8e-4a3b-4c5d-9e7f-0a1b2c3d4e5f", clientId: "3c9e8b7a-1d2f-4e6a-8b0c-5d4e3f2a1b0c", clientSecret: "not-the-secret-value-42", subscriptionId: "9b2f4c6d-8e0a-4b1c-a3d5-e7f9a1b3c5d7" },
  async createInput(adapter, _scope, name) {
    const groups = await adapter.listOptions("resourceGroups", {});
    const versions = await adapter.listOptions("versions", { location: "westeurope" });
    const previous = versions[1] ?? versions[0];
    return { name, resourceGroup: groups[0].value, location: "westeurope", version: previous.value, tier: "Free", longTermSupport: false, systemPoolName: "system", vmSize: "Standard_D4s_v5", nodeCount: 2 };
  },
});
